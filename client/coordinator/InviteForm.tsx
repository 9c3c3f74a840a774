// Makes a personal invite link for one person, then shows it once.
import { useState } from 'react';
import { api, type NewInvite } from '../api.ts';
import { ErrorMessage } from '../Page.tsx';
import { isRole, type Role } from '../../shared/roles.ts';
import { CopyLink } from './CopyLink.tsx';
import { ROLE_CHOICES } from './roleChoices.ts';
import { useFormAction } from '../errors.ts';

/** The invite form; `onCreated` lets the page refresh its invite list. */
export function InviteForm({ conferenceId, onCreated }: { conferenceId: string; onCreated: () => void }) {
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('network');
  const [familySide, setFamilySide] = useState(false);
  const [made, setMade] = useState<(NewInvite & { displayName: string }) | null>(null);

  const { error, busy, submit } = useFormAction(async () => {
    const name = displayName.trim();
    const invite = await api.createInvite(conferenceId, { displayName: name, role, ...(role === 'observer' && familySide ? { familySide: true } : {}) });
    setMade({ ...invite, displayName: name });
    setDisplayName('');
    onCreated();
  });

  if (made) return <CopyLink url={made.url} displayName={made.displayName} onDone={() => setMade(null)} />;
  return (
    <form className="form panel" onSubmit={submit} aria-labelledby="invite-heading">
      <h3 id="invite-heading">Invite someone</h3>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="field">
        <label htmlFor="invite-name">Their name, as others will see it</label>
        <input id="invite-name" required maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="invite-role">They are</label>
        <select id="invite-role" value={role} onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}>
          {ROLE_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {role === 'observer' && (
        <p className="field-check">
          <input id="invite-family-side" type="checkbox" checked={familySide} onChange={(e) => setFamilySide(e.target.checked)} />
          <label htmlFor="invite-family-side">This is the room’s screen: it stays on during private family time, on the family’s side</label>
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Making the link…' : 'Make invite link'}
      </button>
    </form>
  );
}
