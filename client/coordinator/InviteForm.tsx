// Makes a personal invite link for one person, then shows it once; the form starts afresh after each.
import { useEffect, useId, useRef, useState } from 'react';
import { api, type NewInvite } from '../api.ts';
import { ErrorMessage } from '../Page.tsx';
import { isRole, type Role } from '../../shared/roles.ts';
import { CopyLink } from './CopyLink.tsx';
import { ROLE_CHOICES } from './roleChoices.ts';
import { useFormAction } from '../errors.ts';

/** The role the form starts with: most people invited are family and friends. */
const DEFAULT_ROLE: Role = 'network';
/** Longest relationship the server keeps ("Social worker, leaving care team"). */
export const MAX_RELATIONSHIP = 80;
/** What the form says for their relationship, and the plan lists. */
export const RELATIONSHIP_HINT = 'For example: aunt, grandad, social worker. The plan lists everyone this way.';

/** The first word of a name ("Sam Jones" → "Sam"), as the family calls the young person. */
function firstWord(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/**
 * The young person's first name for "Their relationship to Robin", or "the young person" until the
 * conference answers (or if it cannot): the forms are mounted where only the conference id is known.
 */
export function useYoungPersonName(conferenceId: string): string {
  const [name, setName] = useState('');
  useEffect(() => {
    let live = true;
    api.conference(conferenceId).then(
      (conference) => live && setName(firstWord(conference.youngPersonName)),
      () => {
        // reason: the page shows its own error for the conference; the label falls back to plain words.
      },
    );
    return () => {
      live = false;
    };
  }, [conferenceId]);
  return name === '' ? 'the young person' : name;
}

/** The invite form; `onCreated` lets the page refresh its invite list. */
export function InviteForm({ conferenceId, onCreated }: { conferenceId: string; onCreated: () => void }) {
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(DEFAULT_ROLE);
  const [relationship, setRelationship] = useState('');
  const [familySide, setFamilySide] = useState(false);
  const [made, setMade] = useState<(NewInvite & { displayName: string }) | null>(null);
  const youngPerson = useYoungPersonName(conferenceId);
  const nameField = useRef<HTMLInputElement>(null);
  const backToForm = useRef(false);
  const id = useId();
  // The young person is not asked their relationship to themselves.
  const asksRelationship = role !== 'youngPerson';

  useEffect(() => {
    if (made === null && backToForm.current) {
      backToForm.current = false;
      nameField.current?.focus();
    }
  }, [made]);

  const { error, busy, submit } = useFormAction(async () => {
    const name = displayName.trim();
    const said = relationship.trim();
    const invite = await api.createInvite(conferenceId, {
      displayName: name,
      role,
      ...(asksRelationship && said !== '' ? { relationship: said } : {}),
      ...(role === 'observer' && familySide ? { familySide: true } : {}),
    });
    setMade({ ...invite, displayName: name });
    // Every field back to its start, so the next person is not given this one's role by mistake.
    setDisplayName('');
    setRole(DEFAULT_ROLE);
    setRelationship('');
    setFamilySide(false);
    onCreated();
  });

  if (made) {
    return (
      <CopyLink
        conferenceId={conferenceId}
        inviteId={made.id}
        url={made.url}
        displayName={made.displayName}
        onDone={() => {
          backToForm.current = true;
          setMade(null);
        }}
      />
    );
  }
  return (
    <form className="form panel" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Invite someone</h3>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="field">
        <label htmlFor={`${id}-name`}>Their name, as others will see it</label>
        <input id={`${id}-name`} ref={nameField} required maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>They are</label>
        <select id={`${id}-role`} value={role} onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}>
          {ROLE_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {asksRelationship && (
        <div className="field">
          <label htmlFor={`${id}-relationship`}>Their relationship to {youngPerson} (optional)</label>
          <p className="hint" id={`${id}-relationship-hint`}>
            {RELATIONSHIP_HINT}
          </p>
          <input
            id={`${id}-relationship`}
            maxLength={MAX_RELATIONSHIP}
            aria-describedby={`${id}-relationship-hint`}
            value={relationship}
            onChange={(e) => setRelationship(e.target.value)}
          />
        </div>
      )}
      {role === 'observer' && (
        <p className="field-check">
          <input id={`${id}-family-side`} type="checkbox" checked={familySide} onChange={(e) => setFamilySide(e.target.checked)} />
          <label htmlFor={`${id}-family-side`}>This is the room’s screen: it stays on during private family time, on the family’s side</label>
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? 'Making the link…' : 'Make invite link'}
      </button>
    </form>
  );
}
