// Shows a freshly made invite link once, with a Copy button (clipboard API, or select-the-text fallback).
import { useEffect, useRef, useState } from 'react';

interface CopyLinkProps {
  url: string;
  displayName: string;
  onDone: () => void;
}

/** The one-time invite link: copy it now, it will not be shown again. */
export function CopyLink({ url, displayName, onDone }: CopyLinkProps) {
  const input = useRef<HTMLInputElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    heading.current?.focus();
  }, []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setMessage('Link copied. You can paste it into a text message or email.');
      return;
    } catch {
      // reason: the clipboard API is missing or refused (plain http, old browser); fall back below.
    }
    input.current?.focus();
    input.current?.select();
    const copied = document.execCommand?.('copy') ?? false;
    setMessage(copied ? 'Link copied.' : 'The link is selected. Press Ctrl and C (or long-press and choose Copy) to copy it.');
  };

  return (
    <section className="panel panel-notice" aria-labelledby="new-link-heading">
      <h3 id="new-link-heading" ref={heading} tabIndex={-1}>
        Invite link for {displayName}
      </h3>
      <p>
        <strong>This link is shown only once.</strong> Copy it now and send it to {displayName} only. Anyone with the link can
        join as them. If it gets lost, withdraw the invite and make a new one.
      </p>
      <div className="field">
        <label htmlFor="new-link-url">Invite link</label>
        <input id="new-link-url" ref={input} readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={copy}>
          Copy link
        </button>
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="status-line">
        {message}
      </p>
    </section>
  );
}
