// The connector as the server process runs it: refused when half set up, and delivering what an
// earlier run left queued as soon as it starts.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conferenceId, coordinatorId, newId } from '../../../shared/ids.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import { newDeliveryId } from '../../../server/store/types.ts';
import { answerStatus, startCareReceiver } from '../../helpers/careReceiver.ts';
import { startServer } from '../../helpers/server.ts';
import { waitFor } from '../../helpers/wait.ts';

const KEY = randomBytes(32).toString('base64');
const SECRET = `whsec_${KEY}`;

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the server with a care-record connection', () => {
  it('refuses to start with a URL but no secret, saying so', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llb-test-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    await expect(startServer({ dataDir, env: { CARE_RECORD_URL: 'https://care.example.gov.uk/hooks' } })).rejects.toThrow(
      /Could not start: Bad configuration:\s+CARE_RECORD_SECRET: CARE_RECORD_URL and CARE_RECORD_SECRET go together/,
    );
  });

  it('delivers a plan left queued by an earlier run once it starts, and stops cleanly', async () => {
    const receiver = await startCareReceiver(SECRET, answerStatus(200, 'thanks'));
    cleanups.push(() => receiver.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llb-test-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    const store = await openSqliteStore({ file: path.join(dataDir, 'board.sqlite') });
    const createdBy = coordinatorId(newId());
    await store.accounts.createCoordinator({ id: createdBy, name: 'Sam', email: `${createdBy}@example.org`, passwordHash: 'x', createdAt: Date.now() });
    const conference = conferenceId(newId());
    await store.conferences.create({ id: conference, title: 'C', youngPersonName: 'Jordan', scheduledFor: null, place: '', connectionsAtStart: 0, reviewDate: null, createdBy, createdAt: Date.now(), phase: 'agreed', locked: true });
    const id = newDeliveryId();
    const body = '{"plan":{"version":1}}';
    await store.outbox.enqueue({ id, conferenceId: conference, version: 1, copy: 'full', body, createdAt: Date.now(), giveUpAt: Date.now() + 60_000 });
    await store.close();

    const server = await startServer({ dataDir, env: { CARE_RECORD_URL: receiver.url, CARE_RECORD_SECRET: SECRET, LOG_LEVEL: 'info' } });
    cleanups.push(() => server.kill());
    await waitFor('the queued plan to arrive', () => receiver.requests.length === 1);
    expect(receiver.requests[0]).toMatchObject({ id, body, verifyError: null });
    await waitFor('the delivery to be logged as accepted', () => server.output().includes('care-record delivery accepted'));
    expect(await server.stop()).toBe(0);

    const reopened = await openSqliteStore({ file: path.join(dataDir, 'board.sqlite') });
    expect(await reopened.outbox.get(id)).toMatchObject({ status: 'delivered', responseStatus: 200, responseExcerpt: 'thanks' });
    await reopened.close();
    expect(server.output()).not.toContain(KEY);
    expect(server.output()).not.toContain(body);
  });
});
