// First-run setup, coordinator sign-in and sign-out, and "who am I".

import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { coordinatorId, newId } from '../../shared/ids.ts';
import { endSession, startSession } from '../auth/session.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password.ts';
import { hashSecret } from '../auth/secrets.ts';
import { jsonBody, parseBody, text } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { Deps } from '../deps.ts';
import { isStoreError } from '../store/types.ts';
import type { AppEnv } from './env.ts';
import { joined } from './join.ts';
import { memorySignInLimits } from '../auth/memory-sign-in-limits.ts';
import { SignInLimitsUnavailableError, type LoginVerdict } from '../auth/sign-in-limits.ts';
import { clientAddress } from '../http/address.ts';
import { record as audit } from '../audit.ts';

const email = z.email('must be an email address').max(254).transform((e) => e.trim().toLowerCase());
const setupBody = z.strictObject({
  token: z.string().max(200),
  name: text(120),
  email,
  password: z.string().min(12, 'must be at least 12 characters').max(200, 'must be at most 200 characters'),
});
const loginBody = z.strictObject({ email, password: z.string().min(1).max(200) });

function sameSecret(a: string, b: string): boolean {
  // Compare hashes so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(Buffer.from(hashSecret(a)), Buffer.from(hashSecret(b)));
}

/** Routes under /api for accounts and sessions. */
export function accountRoutes(deps: Deps) {
  const { store, log } = deps;
  const limits = deps.signInLimits ?? memorySignInLimits();

  /** The limits' verdict; when they cannot be reached, the sign-in is refused (never let through unchecked). */
  async function check(address: string, accountId: string | null): Promise<LoginVerdict> {
    try {
      return await limits.attempt(address, accountId);
    } catch (err) {
      if (!(err instanceof SignInLimitsUnavailableError)) throw err;
      // Its message names no one (keys are hashes); neither does this line: an outage, not a security event.
      log.error({ err: String(err) }, 'sign-in refused: the sign-in limits cannot be reached');
      fail(503, 'Signing in is not possible right now. Please try again in a minute.');
    }
  }

  return new Hono<AppEnv>()
    .get('/setup', async (c) => c.json({ needed: (await store.accounts.countCoordinators()) === 0 }))

    .post('/setup', jsonBody(setupBody), async (c) => {
      const body = await parseBody(c, setupBody);
      if ((await store.accounts.countCoordinators()) > 0) fail(409, 'This board is already set up. Sign in instead.');
      const passwordHash = await hashPassword(body.password);
      const token = deps.setupToken.current;
      if (token === null) fail(409, 'This board is already set up. Sign in instead.');
      if (!sameSecret(body.token, token)) fail(403, 'That setup link is not right. Use the link the server printed.');
      // Taken synchronously after the check, so two setups racing cannot both create an account.
      deps.setupToken.current = null;
      const record = {
        id: coordinatorId(newId()),
        name: body.name,
        email: body.email,
        passwordHash,
        createdAt: Date.now(),
      };
      try {
        await store.accounts.createCoordinator(record);
      } catch (err) {
        deps.setupToken.current = token;
        if (isStoreError(err, 'conflict')) fail(409, 'This board is already set up. Sign in instead.');
        throw err;
      }
      log.info({ coordinatorId: record.id }, 'first coordinator created; setup link disabled');
      await startSession(c, deps, { kind: 'coordinator', coordinatorId: record.id });
      await audit(deps, { conferenceId: null, actor: { kind: 'coordinator', id: record.id }, action: 'signIn.succeeded', detail: { setup: true }, address: clientAddress(c, deps.config.trustProxy) });
      return c.json({ kind: 'coordinator' as const, id: record.id, name: record.name, email: record.email }, 201);
    })

    .post('/login', jsonBody(loginBody), async (c) => {
      const body = await parseBody(c, loginBody);
      const address = clientAddress(c, deps.config.trustProxy);
      const coordinator = await store.accounts.findCoordinatorByEmail(body.email);
      const verdict = await check(address, coordinator?.id ?? null);
      if (!verdict.allowed) {
        const seconds = Math.ceil(verdict.retryAfterMs / 1000);
        c.header('Retry-After', String(seconds));
        log.info({ security: 'signIn.delayed', actorId: coordinator?.id ?? null, address, retryAfterSeconds: seconds }, 'security event');
        fail(429, `Too many attempts. Wait ${seconds === 1 ? 'a second' : `${seconds} seconds`} and try again.`);
      }
      // Verify against a dummy hash for unknown emails so timing does not reveal who has an account.
      const ok = await verifyPassword(body.password, coordinator?.passwordHash ?? (await dummyPasswordHash()));
      if (!coordinator || !ok) {
        await audit(deps, {
          conferenceId: null,
          actor: coordinator ? { kind: 'coordinator', id: coordinator.id } : null,
          action: 'signIn.failed',
          detail: { knownAccount: coordinator !== null },
          address,
        });
        fail(401, 'That email and password do not match an account.');
      }
      // The password was right: a tally that cannot be cleared now expires by itself, so sign in anyway.
      await limits.succeeded(address, coordinator.id).catch((err: unknown) => {
        if (!(err instanceof SignInLimitsUnavailableError)) throw err;
        log.warn({ err: String(err) }, 'a sign-in tally could not be cleared; it expires by itself');
      });
      await startSession(c, deps, { kind: 'coordinator', coordinatorId: coordinator.id });
      await audit(deps, { conferenceId: null, actor: { kind: 'coordinator', id: coordinator.id }, action: 'signIn.succeeded', address });
      return c.json({ kind: 'coordinator' as const, id: coordinator.id, name: coordinator.name, email: coordinator.email });
    })

    .post('/logout', async (c) => {
      const who = c.get('principal');
      await endSession(c, deps);
      if (who) {
        const actor = who.kind === 'coordinator' ? ({ kind: 'coordinator', id: who.coordinator.id } as const) : ({ kind: 'participant', id: who.invite.participantId } as const);
        await audit(deps, { conferenceId: who.kind === 'participant' ? who.conferenceId : null, actor, action: 'signedOut', address: clientAddress(c, deps.config.trustProxy) });
      }
      return c.json({ ok: true as const });
    })

    .get('/me', (c) => {
      const who = c.get('principal');
      if (!who) fail(401, 'You are not signed in.');
      if (who.kind === 'coordinator') {
        const { id, name, email: mail } = who.coordinator;
        // Which ways of sending invite links this server has, so the screens offer only those.
        return c.json({ kind: 'coordinator' as const, id, name, email: mail, sending: deps.messages.channels });
      }
      return c.json({ kind: 'participant' as const, ...joined(who.invite) });
    });
}
