// Who is signed in: one /api/me look-up per page, as a small state machine.
import { useEffect, useState } from 'react';
import { api, ApiError, type Me } from './api.ts';
import { keepForCoordinator, rememberedCoordinator } from './offline/deviceCopy.ts';

export type Session =
  | { state: 'loading' }
  | { state: 'signedOut' }
  | { state: 'failed'; message: string }
  | {
      state: 'signedIn';
      me: Me;
      /**
       * True when the server could not be reached and this is the coordinator last signed in on
       * this device (their own device keeps their boards; the server checks again on reconnecting).
       */
      unconfirmed?: boolean;
    };

/** Who joined through an invite link in this page, as the join answered: no need to ask again. */
let joinedHere: Me | null = null;

/** Remembers who just joined (the answer of POST /api/join), saving the board a round trip. */
export function rememberJoined(me: Me): void {
  joinedHere = me;
}

/**
 * Asks the server who is signed in (401 means signed out); again whenever `version` changes. Right
 * after joining in this page, the join's answer is used instead of asking (the live board's own
 * sign-in check follows at once).
 */
export function useSession(version = 0): Session {
  const [session, setSession] = useState<Session>(() => (version === 0 && joinedHere ? { state: 'signedIn', me: joinedHere } : { state: 'loading' }));
  useEffect(() => {
    if (version === 0 && joinedHere) return undefined;
    let live = true;
    api.me().then(
      (me) => {
        if (me.kind === 'coordinator') void keepForCoordinator(me);
        if (live) setSession({ state: 'signedIn', me });
      },
      (error: unknown) => {
        if (!live) return;
        const remembered = rememberedCoordinator();
        if (error instanceof ApiError && error.status === 401) setSession({ state: 'signedOut' });
        else if (error instanceof ApiError && error.status === 0 && remembered !== null) setSession({ state: 'signedIn', me: remembered, unconfirmed: true });
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
