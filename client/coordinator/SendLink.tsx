// Sending a person the link just shown, by email or text message, when this server is set up for it
// (GOV.UK Notify or a mail server). The address typed is used for this one message and stays only
// on this screen; the link stays there to copy whatever happens.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { api, type CoordinatorMe, type SendChannel } from '../api.ts';
import { messageOf } from '../errors.ts';
import { ErrorMessage } from '../Page.tsx';

/** Which ways this server can send a link. */
export type Sending = CoordinatorMe['sending'];

const NO_SENDING: Sending = { email: false, text: false };

/** The words for each way of sending. */
const CHANNEL_WORDS: Readonly<Record<SendChannel, { open: string; field: string; hint: string; type: 'email' | 'tel'; autoComplete: string }>> = {
  email: {
    open: 'Send it by email',
    field: 'Their email address',
    hint: 'Used only to send this link. It is not kept.',
    type: 'email',
    autoComplete: 'off',
  },
  text: {
    open: 'Send it by text message',
    field: 'Their mobile number',
    hint: 'For example 07700 900123. Used only to send this link. It is not kept.',
    type: 'tel',
    autoComplete: 'off',
  },
};

let asked: Promise<Sending> | null = null;

/** Asks the server once per page which ways it can send links; none until it answers, or if it cannot. */
export function useSending(): Sending {
  const [sending, setSending] = useState<Sending>(NO_SENDING);
  useEffect(() => {
    let live = true;
    asked ??= api.me().then(
      // An older kept copy of `me` (offline) may lack `sending`: then nothing is offered.
      (me) => (me.kind === 'coordinator' ? (me.sending ?? NO_SENDING) : NO_SENDING),
      () => {
        // reason: no answer (offline, signed out): copying the link is the way; ask again next time.
        asked = null;
        return NO_SENDING;
      },
    );
    void asked.then((answer) => live && setSending(answer));
    return () => {
      live = false;
    };
  }, []);
  return sending;
}

interface SendLinkProps {
  conferenceId: string;
  inviteId: string;
  /** The link as shown: its fragment is the secret the server checks is this person's current one. */
  url: string;
  displayName: string;
  /** What stays at the start of the button row whatever happens here (the Copy button). */
  children: ReactNode;
}

/**
 * The row of ways to pass the link on: `children` (Copy) first, then "Send it by email" / "Send it
 * by text message" when the server can send, each opening a small form below.
 */
export function SendLink({ conferenceId, inviteId, url, displayName, children }: SendLinkProps) {
  const sending = useSending();
  const [channel, setChannel] = useState<SendChannel | null>(null);
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const openers = useRef<Partial<Record<SendChannel, HTMLButtonElement | null>>>({});
  const returnTo = useRef<SendChannel | null>(null);
  const fieldId = useId();
  const channels = (['email', 'text'] as const).filter((c) => sending[c]);

  useEffect(() => {
    if (channel !== null) field.current?.focus();
    else if (returnTo.current !== null) {
      // The form closed (sent or cancelled): back to the button that opened it, not to the page's top.
      openers.current[returnTo.current]?.focus();
      returnTo.current = null;
    }
  }, [channel]);

  const open = (next: SendChannel) => {
    setChannel(next);
    setTo('');
    setError('');
  };
  const close = () => {
    returnTo.current = channel;
    setChannel(null);
    setTo('');
    setError('');
  };
  const send = async () => {
    if (channel === null || busy) return;
    const address = to.trim();
    setBusy(true);
    setError('');
    setSent('');
    try {
      await api.sendInvite(conferenceId, inviteId, { channel, to: address, token: url.slice(url.indexOf('#') + 1) });
      setSent(`Sent to ${address}.`);
      close();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const words = channel === null ? null : CHANNEL_WORDS[channel];
  return (
    <div className="send-link">
      <div className="button-row">
        {children}
        {channel === null &&
          channels.map((c) => (
            <button
              key={c}
              ref={(button) => {
                openers.current[c] = button;
              }}
              type="button"
              className="button"
              aria-label={`${CHANNEL_WORDS[c].open} to ${displayName}`}
              onClick={() => open(c)}
            >
              {CHANNEL_WORDS[c].open}
            </button>
          ))}
      </div>
      {channel !== null && words !== null && (
        <form
          className="send-link-form"
          aria-label={`${words.open} to ${displayName}`}
          // The server checks the address and says plainly what is wrong, in the same words everywhere.
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <div className="field">
            <label htmlFor={fieldId}>{words.field}</label>
            <p className="hint" id={`${fieldId}-hint`}>
              {words.hint}
            </p>
            <input
              id={fieldId}
              ref={field}
              type={words.type}
              autoComplete={words.autoComplete}
              spellCheck={false}
              maxLength={254}
              aria-describedby={`${fieldId}-hint`}
              aria-invalid={error !== '' || undefined}
              value={to}
              onChange={(e) => setTo(e.target.value)}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || to.trim() === ''}>
              {busy ? 'Sending…' : 'Send'}
            </button>
            <button type="button" className="button button-quiet" onClick={close}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorMessage>{error && `${error} You can still copy the link and send it yourself.`}</ErrorMessage>
      <p role="status" className="send-link-sent">
        {sent}
      </p>
    </div>
  );
}
