// Shows a freshly made invite link once, with a Copy button (clipboard API, or select-the-text fallback),
// and, when the server is set up for it, a way to send it by email or text message from here.
import { useEffect, useId, useRef, useState } from 'react';
import { SendLink } from './SendLink.tsx';
import { copyText } from '../copyText.ts';

interface CopyLinkProps {
  conferenceId: string;
  inviteId: string;
  url: string;
  displayName: string;
  onDone: () => void;
  /** Whether the heading takes focus when shown (false when several links appear at once). */
  focusOnShow?: boolean;
}

/** The one-time invite link: copy it or send it now, it will not be shown again. */
export function CopyLink({ conferenceId, inviteId, url, displayName, onDone, focusOnShow = true }: CopyLinkProps) {
  const input = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [message, setMessage] = useState('');
  // Several links can be on one page (a replaced link, the invite form's, the review's): ids stay unique.
  const id = useId();

  useEffect(() => {
    if (focusOnShow) heading.current?.focus();
  }, [focusOnShow]);

  const copy = async () => {
    const outcome = await copyText(url, input.current);
    setMessage(outcome === 'copied' ? 'Link copied. You can paste it into a text message or email.' : 'The link is selected. Press Ctrl and C (or long-press and choose Copy) to copy it.');
  };

  return (
    <section className="panel panel-notice copy-link" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        Invite link for {displayName}
      </h3>
      <p>
        <strong>This link is shown only once.</strong> Copy it or send it now, to {displayName} only. Anyone with the link can join as them.
        If it gets lost, choose “New link” beside their name.
      </p>
      <div className="field">
        <label htmlFor={`${id}-url`}>
          Invite link<span className="visually-hidden"> for {displayName}</span>
        </label>
        <input id={`${id}-url`} ref={input} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <SendLink conferenceId={conferenceId} inviteId={inviteId} url={url} displayName={displayName}>
        <button type="button" className="button button-primary" onClick={copy} aria-label={`Copy link for ${displayName}`}>
          Copy link
        </button>
      </SendLink>
      <p role="status" className="status-line">
        {message}
      </p>
      <div className="button-row copy-link-done">
        <button type="button" className="button" onClick={onDone} aria-label={`Done with the link for ${displayName}`}>
          Done
        </button>
      </div>
    </section>
  );
}
