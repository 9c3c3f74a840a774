// Who is signed in: one /api/me look-up per page, as a small state machine.
import { useEffect, useState } from 'react';
import { api, ApiError, type Me } from './api.ts';

export type Session =
  | { state: 'loading' }
  | { state: 'signedOut' }
  | { state: 'failed'; message: string }
  | { state: 'signedIn'; me: Me };

/** Asks the server who is signed in (401 means signed out); again whenever `version` changes. */
export function useSession(version = 0): Session {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    api.me().then(
      (me) => live && setSession({ state: 'signedIn', me }),
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status === 401) setSession({ state: 'signedOut' });
        else setSession({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, [version]);
  return session;
}

/** The name shown to others for whoever is signed in. */
export function displayNameOf(me: Me): string {
  return me.kind === 'coordinator' ? me.name : me.displayName;
}
