// Everyone invited to a conference, managed live: joined or not, on the board now or last seen,
// change their role, give them a new link in place of a lost one, or withdraw the invite.
import { useState } from 'react';
import { api, type Invite, type InviteStatus, type NewInvite } from '../api.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { isRole, ROLE_LABELS } from '../../shared/roles.ts';
import { messageOf } from '../errors.ts';
import { CopyLink } from './CopyLink.tsx';
import { ROLE_CHOICES } from './roleChoices.ts';

const STATUS_WORDS: Readonly<Record<InviteStatus, string>> = {
  waiting: 'Not joined yet',
  joined: 'Joined',
  expired: 'Link expired',
  withdrawn: 'Withdrawn',
};

/** The invite list; `onChanged` asks the page to reload it. */
export function InviteList({ conferenceId, invites, onChanged }: { conferenceId: string; invites: Invite[]; onChanged: () => void }) {
  if (invites.length === 0) return <p>No one is invited yet.</p>;
  return (
    <ul className="card-list">
      {invites.map((invite) => (
        <InviteRow key={invite.id} conferenceId={conferenceId} invite={invite} onChanged={onChanged} />
      ))}
    </ul>
  );
}

type Mode = 'idle' | 'withdraw' | 'role' | 'replace';

function InviteRow({ conferenceId, invite, onChanged }: { conferenceId: string; invite: Invite; onChanged: () => void }) {
  const [mode, setMode] = useState<Mode>('idle');
  const [role, setRole] = useState(invite.role);
  const [replaced, setReplaced] = useState<NewInvite | null>(null);
  const [error, setError] = useState('');
  const live = invite.status === 'waiting' || invite.status === 'joined' || invite.status === 'expired';

  const act = async (action: () => Promise<unknown>) => {
    setError('');
    try {
      await action();
      setMode('idle');
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  if (replaced) {
    return (
      <li className="panel invite-row">
        <CopyLink url={replaced.url} displayName={invite.displayName} onDone={() => setReplaced(null)} />
      </li>
    );
  }

  return (
    <li className="panel invite-row">
      <div>
        <strong>{invite.displayName}</strong> · {ROLE_LABELS[invite.role]}
        {invite.familySide && invite.role === 'observer' ? ' · the room’s screen, stays during private family time' : ''}
        <br />
        <span className={`badge badge-${invite.status}`}>{STATUS_WORDS[invite.status]}</span>{' '}
        {invite.online && (
          <span className="badge badge-online">
            <span aria-hidden="true">● </span>On the board now
          </span>
        )}{' '}
        <span className="hint">
          {!invite.online && invite.lastSeenAt && `last on the board ${formatDateTime(invite.lastSeenAt)}`}
          {!invite.online && !invite.lastSeenAt && invite.status === 'joined' && invite.joinedAt && `joined ${formatDateTime(invite.joinedAt)}`}
          {invite.status === 'waiting' && `link works until ${formatDate(invite.expiresAt)}`}
        </span>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {live && mode === 'idle' && (
        <div className="button-row">
          <button type="button" className="button" onClick={() => setMode('role')} aria-label={`Change the role of ${invite.displayName}`}>
            Change role
          </button>
          <button type="button" className="button" onClick={() => setMode('replace')} aria-label={`New link for ${invite.displayName}`}>
            New link
          </button>
          <button type="button" className="button" onClick={() => setMode('withdraw')} aria-label={`Withdraw invite for ${invite.displayName}`}>
            Withdraw invite
          </button>
        </div>
      )}
      {mode === 'role' && (
        <form
          className="confirm"
          aria-label={`Change the role of ${invite.displayName}`}
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => api.changeRole(conferenceId, invite.id, role).then(() => undefined));
          }}
        >
          <div className="field">
            <label htmlFor={`role-${invite.id}`}>{invite.displayName} is</label>
            <select id={`role-${invite.id}`} value={role} onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}>
              {ROLE_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <p className="hint">If they have the board open, it reconnects at once with what the new role may do.</p>
          <div className="button-row">
            <button type="submit" className="button button-primary">
              Save role
            </button>
            <button type="button" className="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {mode === 'replace' && (
        <div className="confirm" role="group" aria-label={`New link for ${invite.displayName}?`}>
          <p>
            Their old link will stop working, and any device still signed in with it is signed out. They keep everything they added to the
            board.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => void act(async () => setReplaced(await api.replaceInvite(conferenceId, invite.id)))}
            >
              Make a new link
            </button>
            <button type="button" className="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {mode === 'withdraw' && (
        <div className="confirm" role="group" aria-label={`Withdraw ${invite.displayName}'s invite?`}>
          <p>{invite.displayName} will be taken off the board straight away. Withdraw the invite?</p>
          <div className="button-row">
            <button type="button" className="button button-danger" onClick={() => void act(() => api.withdrawInvite(conferenceId, invite.id))}>
              Yes, withdraw
            </button>
            <button type="button" className="button" onClick={() => setMode('idle')}>
              No, keep it
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
