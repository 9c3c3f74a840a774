// "Keep this plan": a participant gets a link of their own to the family copy of the latest agreed
// version, to read and download it later without signing in. The link is shown once; getting
// another makes a new one and the old one stops (server/api/planLinks.ts).
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api.ts';
import { copyText } from '../copyText.ts';
import { messageOf } from '../errors.ts';
import { ErrorMessage } from '../Page.tsx';
import type { Actor } from '../../shared/roles.ts';

interface KeepPlanLinkProps {
  conferenceId: string;
  /** The latest agreed version (the server makes links to no other). */
  version: number;
  /** That of the section's heading: 2 on the plan's page, 3 inside the board's agreed plan. */
  headingLevel: 2 | 3;
}

/** The "Keep this plan" section: a button, then the link once with a Copy button. */
export function KeepPlanLink({ conferenceId, version, headingLevel }: KeepPlanLinkProps) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const shown = useRef<HTMLParagraphElement>(null);
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    // The button that was pressed is gone: take focus to the words that say what to do next.
    if (url) shown.current?.focus();
  }, [url]);

  const make = () => {
    // Not disabled while busy (focus would drop to the page's start): a second press does nothing.
    if (busy) return;
    setBusy(true);
    setError('');
    api.keepPlanLink(conferenceId, version).then(
      (made) => {
        setBusy(false);
        setUrl(made.url);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(messageOf(failure));
      },
    );
  };

  const copy = async () => {
    const outcome = await copyText(url, field.current);
    setMessage(
      outcome === 'copied'
        ? 'Link copied. Paste it somewhere you will find it again, such as a note or an email to yourself.'
        : 'The link is selected. Press Ctrl and C (or long-press and choose Copy) to copy it.',
    );
  };

  return (
    <section className="panel keep-plan no-print" aria-labelledby={`${id}-heading`}>
      <H id={`${id}-heading`}>Keep this plan</H>
      {url === '' ? (
        <>
          <p>
            The invite link you joined with works only on this device, and not for ever. Get a link of your own to read this plan
            again later, on any phone or computer.
          </p>
          <div className="button-row">
            <button type="button" className="button button-primary" aria-disabled={busy} onClick={make}>
              Get a link to keep
            </button>
          </div>
          <p role="status" className="status-line">
            {busy ? 'Making your link…' : ''}
          </p>
          <p className="hint">If you get a new link, the one you had before stops working.</p>
        </>
      ) : (
        <>
          <p ref={shown} tabIndex={-1}>
            <strong>Here is your link. It is shown only once: copy it now</strong> and keep it somewhere safe.
          </p>
          <div className="field">
            <label htmlFor={`${id}-url`}>Your link to the plan</label>
            <input id={`${id}-url`} ref={field} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          </div>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={copy}>
              Copy link
            </button>
          </div>
          <p role="status" className="status-line">
            {message}
          </p>
          <p>
            This link opens the family’s copy of the plan, on any phone or computer, until a new version is agreed. It is just for
            you: please don’t share it.
          </p>
        </>
      )}
      <ErrorMessage>{error}</ErrorMessage>
    </section>
  );
}

/**
 * Who is offered a link to keep: the participants. Not the coordinator (the server refuses: they
 * have their account), nor an observer, which is often the room's shared screen, where a link
 * "just for you" would be shown to everyone.
 */
export function mayKeepLink(actor: Actor): boolean {
  return actor !== 'coordinator' && actor !== 'observer';
}
