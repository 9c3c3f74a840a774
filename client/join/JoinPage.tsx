// /join#<secret>: swaps the invite link's secret for a session, then opens that conference's board.
import { useEffect, useState } from 'react';
import { answerOf, api, type Joined, type Me } from '../api.ts';
import { Link, navigate } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { messageOf } from '../errors.ts';
import { rememberJoined } from '../session.ts';
import { colorFor } from '../sync/presence.ts';
import { openBoardEarly } from '../sync/useBoardConnection.ts';

// One exchange per secret, even when React runs the effect twice in development.
const exchanges = new Map<string, Promise<Joined>>();

/** What /early-join.js started while this app was still downloading (client/public/early-join.js). */
interface EarlyJoin {
  token: string;
  answer: Promise<Response>;
}

function earlyJoin(): EarlyJoin | null {
  const early = (window as unknown as { __llbEarlyJoin?: EarlyJoin }).__llbEarlyJoin;
  return early && typeof early.token === 'string' && early.answer instanceof Promise ? early : null;
}

function exchange(token: string): Promise<Joined> {
  let pending = exchanges.get(token);
  if (!pending) {
    const early = earlyJoin();
    // On a slow phone the exchange was started before the app arrived; use its answer.
    pending = early?.token === token ? answerOf<Joined>(early.answer) : api.join(token);
    exchanges.set(token, pending);
  }
  return pending;
}

/** The landing page of an invite link. */
export function JoinPage() {
  // early-join.js may already have taken the secret out of the address bar.
  const [token] = useState(() => (location.hash ? decodeURIComponent(location.hash.replace(/^#/, '')) : (earlyJoin()?.token ?? '')));
  const [error, setError] = useState('');
  const [signedInAs, setSignedInAs] = useState<Me | null>(null);

  useEffect(() => {
    // The secret must not stay in the address bar, history or a screenshot of the screen.
    if (location.hash) history.replaceState(null, '', location.pathname);
    let live = true;
    const fail = (message: string) => {
      if (!live) return;
      setError(message);
      // Someone reopening a used link (or reloading this page) may already be signed in from last time.
      api.me().then((me) => live && setSignedInAs(me), () => undefined);
    };
    if (!token) fail('This link is missing its secret part. Ask the coordinator to send you your link again.');
    else {
      exchange(token).then(
        (joined) => {
          if (!live) return;
          rememberJoined({ kind: 'participant', ...joined });
          // The board's connection starts now, while its page is being drawn (the board page takes it over).
          openBoardEarly(joined.conferenceId, { name: joined.displayName, role: joined.role, color: colorFor(joined.displayName) });
          navigate(`/board/${encodeURIComponent(joined.conferenceId)}`, { replace: true });
        },
        (failure: unknown) => fail(messageOf(failure)),
      );
    }
    return () => {
      live = false;
    };
  }, [token]);

  if (!error) {
    return (
      <Page title="Joining the board">
        <Loading what="Opening the board for you…" />
      </Page>
    );
  }
  return (
    <Page title="We could not open the board with this link">
      <ErrorMessage>{error}</ErrorMessage>
      {signedInAs?.kind === 'participant' ? (
        <p>
          You have joined before on this device.{' '}
          <Link href={`/board/${encodeURIComponent(signedInAs.conferenceId)}`} className="button button-primary">
            Go to the board
          </Link>
        </p>
      ) : (
        <p>Please ask the coordinator for a new link. Links work for one person, on one device, for a limited time.</p>
      )}
    </Page>
  );
}
