// Guards coordinator pages: signed-out visitors go to /login, participants go to their board.
import { useEffect, type ReactNode } from 'react';
import { api, type CoordinatorMe } from '../api.ts';
import { wipeDeviceCopies } from '../offline/deviceCopy.ts';
import { navigate } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { useSession } from '../session.ts';

/** Renders `children(me)` only for a signed-in coordinator. */
export function RequireCoordinator({ children }: { children: (me: CoordinatorMe) => ReactNode }) {
  const session = useSession();
  useEffect(() => {
    if (session.state === 'signedOut') navigate('/login', { replace: true });
    if (session.state === 'signedIn' && session.me.kind === 'participant') {
      navigate(`/board/${encodeURIComponent(session.me.conferenceId)}`, { replace: true });
    }
  }, [session]);
  if (session.state === 'failed') {
    return (
      <Page title="Something went wrong">
        <ErrorMessage>{session.message}</ErrorMessage>
      </Page>
    );
  }
  if (session.state !== 'signedIn' || session.me.kind !== 'coordinator') return <Loading what="Loading…" />;
  return <>{children(session.me)}</>;
}

/**
 * Signs the coordinator out (everywhere this session is open), wipes what this device kept of their
 * boards, and goes to the sign-in page. The wipe happens even when the server cannot be reached.
 */
export async function signOut(): Promise<void> {
  try {
    await api.logout();
  } catch {
    // reason: the server could not be reached: this device's copies are wiped all the same, and the
    // session on the server ends when it expires (or at the next sign-out that reaches it).
  } finally {
    await wipeDeviceCopies();
    navigate('/login');
  }
}

/** The coordinator's name and a "Sign out" button, for the page banner. */
export function SignOut({ me }: { me: CoordinatorMe }) {
  return (
    <div className="banner-user">
      <span>Signed in as {me.name}</span>
      <button type="button" className="button button-quiet" onClick={signOut}>
        Sign out
      </button>
    </div>
  );
}
