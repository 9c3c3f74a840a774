// Everyone invited to a conference, whether they have joined, and "Withdraw invite" with a confirm step.
import { useState } from 'react';
import { api, type Invite, type InviteStatus } from '../api.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { messageOf } from '../errors.ts';

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

function InviteRow({ conferenceId, invite, onChanged }: { conferenceId: string; invite: Invite; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const canWithdraw = invite.status === 'waiting' || invite.status === 'joined';

  const withdraw = async () => {
    setError('');
    try {
      await api.withdrawInvite(conferenceId, invite.id);
      setConfirming(false);
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <li className="panel invite-row">
      <div>
        <strong>{invite.displayName}</strong> · {ROLE_LABELS[invite.role]}
        <br />
        <span className={`badge badge-${invite.status}`}>{STATUS_WORDS[invite.status]}</span>{' '}
        <span className="hint">
          {invite.status === 'joined' && invite.usedAt && `since ${formatDateTime(invite.usedAt)}`}
          {invite.status === 'waiting' && `link works until ${formatDate(invite.expiresAt)}`}
        </span>
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {canWithdraw && !confirming && (
        <button type="button" className="button" onClick={() => setConfirming(true)} aria-label={`Withdraw invite for ${invite.displayName}`}>
          Withdraw invite
        </button>
      )}
      {confirming && (
        <div className="confirm" role="group" aria-label={`Withdraw ${invite.displayName}'s invite?`}>
          <p>{invite.displayName} will be taken off the board straight away. Withdraw the invite?</p>
          <div className="button-row">
            <button type="button" className="button button-danger" onClick={withdraw}>
              Yes, withdraw
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              No, keep it
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
