// On the conference page once a plan has been agreed: new links for the same people in one step,
// before a review meeting. Their old links and devices stop at once; what they added stays theirs.
import { useEffect, useId, useRef, useState } from 'react';
import { api, type Invite, type Reinvited } from '../api.ts';
import { messageOf } from '../errors.ts';
import { ErrorMessage } from '../Page.tsx';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { CopyLink } from './CopyLink.tsx';

interface ReinviteProps {
  conferenceId: string;
  /** Everyone invited, as the page last loaded them (null while loading). */
  invites: Invite[] | null;
  /** Asks the page to reload its invite list. */
  onChanged: () => void;
}

/** "New links for the review meeting": choose who, make the links, then copy or send each once. */
export function Reinvite({ conferenceId, invites, onChanged }: ReinviteProps) {
  const [choosing, setChoosing] = useState(false);
  // Who is NOT ticked: someone invited while this is open is ticked, as everyone is at first.
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [made, setMade] = useState<Reinvited[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const madeLine = useRef<HTMLParagraphElement>(null);
  const firstTick = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  const cancelled = useRef(false);
  const id = useId();

  const people = (invites ?? []).filter((invite) => invite.status !== 'withdrawn');
  const chosen = people.filter((invite) => !unticked.has(invite.id));
  const showingLinks = made.length > 0;

  useEffect(() => {
    if (showingLinks) madeLine.current?.focus();
  }, [showingLinks]);
  useEffect(() => {
    if (choosing) firstTick.current?.focus();
    else if (cancelled.current) chooseButton.current?.focus();
    cancelled.current = false;
  }, [choosing]);

  const tick = (inviteId: string, on: boolean) =>
    setUnticked((before) => {
      const after = new Set(before);
      if (on) after.delete(inviteId);
      else after.add(inviteId);
      return after;
    });

  const makeLinks = async () => {
    if (busy || chosen.length === 0) return;
    setBusy(true);
    setError('');
    try {
      const answer = await api.reinvite(conferenceId, chosen.map((invite) => invite.id));
      setMade(answer.invites);
      // Withdrawn by someone else a moment ago: no new link for them, said plainly.
      if (answer.notRenewed.length > 0) {
        setError(`No new link for ${answer.notRenewed.map((person) => person.displayName).join(', ')}: their invite was withdrawn a moment ago.`);
      }
      setChoosing(false);
      setUnticked(new Set());
      onChanged();
    } catch (failure) {
      setError(messageOf(failure));
      // Refused whole when someone was withdrawn meanwhile: the list shows who is left.
      onChanged();
    } finally {
      setBusy(false);
    }
  };

  const count = (n: number) => (n === 1 ? '1 person' : `${n} people`);

  return (
    <section aria-labelledby={`${id}-heading`} className="reinvite">
      <h2 id={`${id}-heading`} tabIndex={-1}>New links for the review meeting</h2>
      {made.length > 0 && (
        <>
          <p ref={madeLine} tabIndex={-1} className="reinvite-made">
            <strong>New links made for {count(made.length)}.</strong> Each link is shown only once: copy it or send it now, then choose Done.
          </p>
          <ul className="card-list">
            {made.map((link) => (
              <li key={link.id}>
                <CopyLink
                  conferenceId={conferenceId}
                  inviteId={link.id}
                  url={link.url}
                  displayName={link.displayName}
                  focusOnShow={false}
                  onDone={() => {
                    setMade((before) => before.filter((other) => other.id !== link.id));
                    // The link just closed held the focus: the heading is the one place sure to stay.
                    document.getElementById(`${id}-heading`)?.focus();
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
      {made.length === 0 && !choosing && (
        <>
          <p>Before a review meeting you can give everyone a new link in one step, so old links from last time no longer work.</p>
          {invites === null ? null : people.length === 0 ? (
            <p className="hint">No one is invited now.</p>
          ) : (
            <button ref={chooseButton} type="button" className="button" onClick={() => setChoosing(true)}>
              Choose who gets a new link
            </button>
          )}
        </>
      )}
      {made.length === 0 && choosing && (
        <form
          className="panel"
          onSubmit={(event) => {
            event.preventDefault();
            void makeLinks();
          }}
        >
          <fieldset className="checks">
            <legend>Who gets a new link</legend>
            {people.map((invite, index) => (
              <p className="field-check" key={invite.id}>
                <input
                  id={`${id}-${invite.id}`}
                  ref={index === 0 ? firstTick : undefined}
                  type="checkbox"
                  checked={!unticked.has(invite.id)}
                  onChange={(e) => tick(invite.id, e.target.checked)}
                />
                <label htmlFor={`${id}-${invite.id}`}>
                  {invite.displayName}
                  <span className="hint">
                    {' '}
                    · {invite.relationship !== '' ? `${invite.relationship}, ` : ''}
                    {ROLE_LABELS[invite.role]}
                    {invite.online ? ' · on the board now' : ''}
                  </span>
                </label>
              </p>
            ))}
          </fieldset>
          <p>
            Their old links stop working straight away, and anyone on the board with one is signed out. Everything they added stays theirs: they
            come back as the same person with the new link.
          </p>
          <ErrorMessage>{error}</ErrorMessage>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || chosen.length === 0}>
              {busy ? 'Making the links…' : `Make new links for ${count(chosen.length)}`}
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                cancelled.current = true;
                setChoosing(false);
                setError('');
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
