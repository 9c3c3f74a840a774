// Everyone invited to a conference, managed live: joined or not, on the board now or last seen,
// change their role or their relationship to the young person, give them a new link in place of a
// lost one, or withdraw the invite.
import { useId, useState } from 'react';
import { api, type Invite, type InviteStatus, type NewInvite } from '../api.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { isRole, ROLE_LABELS } from '../../shared/roles.ts';
import { messageOf } from '../errors.ts';
import { CopyLink } from './CopyLink.tsx';
import { MAX_RELATIONSHIP, RELATIONSHIP_HINT, useYoungPersonName } from './InviteForm.tsx';
import { ROLE_CHOICES } from './roleChoices.ts';

const STATUS_WORDS: Readonly<Record<InviteStatus, string>> = {
  waiting: 'Not joined yet',
  joined: 'Joined',
  expired: 'Link expired',
  withdrawn: 'Withdrawn',
};

/** The invite list; `onChanged` asks the page to reload it. */
export function InviteList({ conferenceId, invites, onChanged }: { conferenceId: string; invites: Invite[]; onChanged: () => void }) {
  const youngPerson = useYoungPersonName(conferenceId);
  if (invites.length === 0) return <p>No one is invited yet.</p>;
  return (
    <ul className="card-list">
      {invites.map((invite) => (
        <InviteRow key={invite.id} conferenceId={conferenceId} invite={invite} youngPerson={youngPerson} onChanged={onChanged} />
      ))}
    </ul>
  );
}

/** When they were last seen and how long their link works; after a new link both can apply. */
function whenWords(invite: Invite): string[] {
  const words: string[] = [];
  if (!invite.online && invite.lastSeenAt) words.push(`last on the board ${formatDateTime(invite.lastSeenAt)}`);
  if (!invite.online && !invite.lastSeenAt && invite.status === 'joined' && invite.joinedAt) words.push(`joined ${formatDateTime(invite.joinedAt)}`);
  if (invite.status === 'waiting') words.push(`link works until ${formatDate(invite.expiresAt)}`);
  return words;
}

type Mode = 'idle' | 'withdraw' | 'role' | 'relationship' | 'replace';

interface InviteRowProps {
  conferenceId: string;
  invite: Invite;
  /** The young person's first name, for "Relationship to Robin". */
  youngPerson: string;
  onChanged: () => void;
}

function InviteRow({ conferenceId, invite, youngPerson, onChanged }: InviteRowProps) {
  const [mode, setMode] = useState<Mode>('idle');
  const [role, setRole] = useState(invite.role);
  const [relationship, setRelationship] = useState(invite.relationship);
  const [replaced, setReplaced] = useState<NewInvite | null>(null);
  const [error, setError] = useState('');
  const relationshipId = useId();
  // Neither the young person (to themselves) nor the room's screen has a relationship to give.
  const hasRelationship = invite.role !== 'youngPerson' && !(invite.role === 'observer' && invite.familySide);
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
        <CopyLink conferenceId={conferenceId} inviteId={invite.id} url={replaced.url} displayName={invite.displayName} onDone={() => setReplaced(null)} />
      </li>
    );
  }

  return (
    <li className="panel invite-row">
      <div>
        <strong>{invite.displayName}</strong> · {ROLE_LABELS[invite.role]}
        {invite.familySide && invite.role === 'observer' ? ' · the room’s screen, stays during private family time' : ''}
        {hasRelationship && invite.relationship !== '' && (
          <>
            <br />
            <span className="invite-relationship">
              Relationship to {youngPerson}: {invite.relationship}
            </span>
          </>
        )}
        <br />
        <span className={`badge badge-${invite.status}`}>
          {/* Someone who was on the board before and has a new link (a lost one, or before the review) has not used it yet. */}
          {invite.status === 'waiting' && invite.lastSeenAt !== null ? 'New link not used yet' : STATUS_WORDS[invite.status]}
        </span>{' '}
        {invite.online && (
          <span className="badge badge-online">
            <span aria-hidden="true">● </span>On the board now
          </span>
        )}{' '}
        <span className="hint">{whenWords(invite).join(' · ')}</span>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {live && mode === 'idle' && (
        <div className="button-row">
          <button type="button" className="button" onClick={() => setMode('role')} aria-label={`Change the role of ${invite.displayName}`}>
            Change role
          </button>
          {hasRelationship && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setRelationship(invite.relationship);
                setMode('relationship');
              }}
              aria-label={`${invite.relationship === '' ? 'Add the relationship' : 'Change the relationship'} of ${invite.displayName}`}
            >
              {invite.relationship === '' ? 'Add relationship' : 'Change relationship'}
            </button>
          )}
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
      {mode === 'relationship' && (
        <form
          className="confirm"
          aria-label={`Change the relationship of ${invite.displayName}`}
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => api.changeInvite(conferenceId, invite.id, { relationship: relationship.trim() }));
          }}
        >
          <div className="field">
            <label htmlFor={relationshipId}>
              {invite.displayName}’s relationship to {youngPerson}
            </label>
            <p className="hint" id={`${relationshipId}-hint`}>
              {RELATIONSHIP_HINT}
            </p>
            <input
              id={relationshipId}
              maxLength={MAX_RELATIONSHIP}
              aria-describedby={`${relationshipId}-hint`}
              value={relationship}
              onChange={(e) => setRelationship(e.target.value)}
              // The button that opened this form is gone: the field it asked for takes the focus.
              autoFocus
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary">
              Save relationship
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
