// /join#<secret>: swaps the invite link's secret for a session, then opens that conference's board.
import { useEffect, useState } from 'react';
import { api, type Joined, type Me } from '../api.ts';
import { Link, navigate } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { messageOf } from '../errors.ts';
import { rememberJoined } from '../session.ts';

// One exchange per secret, even when React runs the effect twice in development.
const exchanges = new Map<string, Promise<Joined>>();

function exchange(token: string): Promise<Joined> {
  let pending = exchanges.get(token);
  if (!pending) {
    pending = api.join(token);
    exchanges.set(token, pending);
  }
  return pending;
}

/** The landing page of an invite link. */
export function JoinPage() {
  const [token] = useState(() => decodeURIComponent(location.hash.replace(/^#/, '')));
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
          rememberJoined({ kind: 'participant', participantId: joined.participantId, displayName: joined.displayName, role: joined.role, conferenceId: joined.conferenceId });
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
