// First-run setup, coordinator sign-in and sign-out, and "who am I".

import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { z } from 'zod';
import { coordinatorId, newId } from '../../shared/ids.ts';
import { endSession, startSession } from '../auth/session.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password.ts';
import { hashSecret } from '../auth/secrets.ts';
import { parseBody, text } from '../http/body.ts';
import { fail } from '../http/errors.ts';
import type { Deps } from '../deps.ts';
import { StoreConflictError } from '../store/types.ts';
import type { AppEnv } from './env.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';

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
  const limiter = new LoginLimiter();
  const app = new Hono<AppEnv>();

  app.get('/setup', async (c) => c.json({ needed: (await store.accounts.countCoordinators()) === 0 }));

  app.post('/setup', async (c) => {
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
      if (err instanceof StoreConflictError) fail(409, 'This board is already set up. Sign in instead.');
      throw err;
    }
    log.info({ coordinatorId: record.id }, 'first coordinator created; setup link disabled');
    await startSession(c, deps, { kind: 'coordinator', coordinatorId: record.id });
    return c.json({ kind: 'coordinator', id: record.id, name: record.name, email: record.email }, 201);
  });

  app.post('/login', async (c) => {
    const body = await parseBody(c, loginBody);
    // Keyed by address and email: a stranger guessing from elsewhere cannot lock the coordinator out.
    const attemptKey = `${getConnInfo(c).remote.address ?? 'unknown'}|${body.email}`;
    if (!limiter.allowed(attemptKey)) fail(429, 'Too many attempts. Wait 15 minutes and try again.');
    // Counted as a failure before the slow check, synchronously after allowed(): otherwise a burst of
    // guesses sent at once would all pass allowed() before any of them had failed.
    limiter.failed(attemptKey);
    const coordinator = await store.accounts.findCoordinatorByEmail(body.email);
    // Verify against a dummy hash for unknown emails so timing does not reveal who has an account.
    const ok = await verifyPassword(body.password, coordinator?.passwordHash ?? (await dummyPasswordHash()));
    if (!coordinator || !ok) fail(401, 'That email and password do not match an account.');
    limiter.succeeded(attemptKey);
    await startSession(c, deps, { kind: 'coordinator', coordinatorId: coordinator.id });
    return c.json({ kind: 'coordinator', id: coordinator.id, name: coordinator.name, email: coordinator.email });
  });

  app.post('/logout', async (c) => {
    await endSession(c, deps);
    return c.json({ ok: true });
  });

  app.get('/me', (c) => {
    const who = c.get('principal');
    if (!who) fail(401, 'You are not signed in.');
    if (who.kind === 'coordinator') {
      const { id, name, email: mail } = who.coordinator;
      return c.json({ kind: 'coordinator', id, name, email: mail });
    }
    const { participantId, displayName, role } = who.invite;
    return c.json({ kind: 'participant', participantId, displayName, role, conferenceId: who.conferenceId });
  });

  return app;
}
