// The care-record worker against a real receiver on loopback and a real SQLite file: retries,
// give-up, restarts, idempotency, two workers on one database, and what reaches the log.

import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conferenceId, coordinatorId, newId } from '../../../shared/ids.ts';
import type { ConferenceId } from '../../../shared/ids.ts';
import type { CareRecordConfig } from '../../../server/config.ts';
import { DeliveryWorker } from '../../../server/delivery/worker.ts';
import type { DeliveryTimings, SendRequest } from '../../../server/delivery/worker.ts';
import { createLogger } from '../../../server/log.ts';
import { openSqliteStore } from '../../../server/store/sqlite.ts';
import { newDeliveryId } from '../../../server/store/types.ts';
import type { DeliveryId, Store } from '../../../server/store/types.ts';
import { answerDrop, answerInTurn, answerNever, answerStatus, freePort, startCareReceiver } from '../../helpers/careReceiver.ts';
import type { Answer, CareReceiver } from '../../helpers/careReceiver.ts';
import { waitFor } from '../../helpers/wait.ts';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const BODY = JSON.stringify({ plan: { youngPersonName: 'Jordan', wishes: ['Saturdays with Nan'] } });
const FAST: DeliveryTimings = { pollIntervalMs: 20, backoff: { baseMs: 40, maxMs: 200 }, leaseMarginMs: 100, concurrency: 4 };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // Newest first: workers stop before their stores close, stores close before their files go.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Log lines written by the workers of a test. */
const logLines: string[] = [];
afterEach(() => {
  logLines.length = 0;
});
const log = createLogger('trace', { write: (line: string) => void logLines.push(line) });

async function receiver(answer: Answer, port?: number): Promise<CareReceiver> {
  const started = await startCareReceiver(SECRET, answer, port);
  cleanups.push(() => started.close());
  return started;
}

/** A fresh SQLite file with one conference in it. */
async function givenStore(): Promise<{ file: string; store: Store; conference: ConferenceId }> {
  const dir = mkdtempSync(join(tmpdir(), 'llb-delivery-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'board.sqlite');
  const store = await openStore(file);
  const createdBy = coordinatorId(newId());
  await store.accounts.createCoordinator({ id: createdBy, name: 'Sam', email: `${createdBy}@example.org`, passwordHash: 'x', createdAt: Date.now() });
  const conference = conferenceId(newId());
  await store.conferences.create({
    id: conference,
    title: 'Jordan’s conference',
    youngPersonName: 'Jordan',
    scheduledFor: null,
    place: '',
    connectionsAtStart: 2,
    reviewDate: null,
    createdBy,
    createdAt: Date.now(),
    phase: 'agreed',
    locked: true,
  });
  return { file, store, conference };
}

async function openStore(file: string): Promise<Store> {
  const store = await openSqliteStore({ file });
  cleanups.push(() => store.close());
  return store;
}

function startWorker(store: Store, url: string, target: Partial<CareRecordConfig> = {}, timings: Partial<DeliveryTimings> = {}, random?: () => number): DeliveryWorker {
  const worker = new DeliveryWorker({
    outbox: store.outbox,
    log,
    target: { url, secret: SECRET, timeoutMs: 300, giveUpAfterMs: 30_000, ...target },
    timings: { ...FAST, ...timings },
    ...(random === undefined ? {} : { random }),
  });
  worker.start();
  cleanups.push(() => worker.stop());
  return worker;
}

function plan(conference: ConferenceId, overrides: Partial<SendRequest> = {}): SendRequest {
  return { conferenceId: conference, version: 1, copy: 'full', body: BODY, ...overrides };
}

async function delivered(store: Store, id: DeliveryId) {
  return waitFor(`delivery ${id} delivered`, async () => {
    const d = await store.outbox.get(id);
    return d?.status === 'delivered' ? d : null;
  });
}

describe('care-record delivery', () => {
  it('delivers a plan the receiver accepts: queued, then delivered with when, the status and the answer', async () => {
    const r = await receiver(answerStatus(201, 'Filed as CR-1042'));
    const { store, conference } = await givenStore();
    const worker = startWorker(store, r.url);
    const before = Date.now();
    const { delivery, created } = await worker.send(plan(conference));
    expect(created).toBe(true);
    expect(delivery).toMatchObject({ conferenceId: conference, version: 1, copy: 'full', status: 'queued', attempts: 0, deliveredAt: null });
    expect(delivery).not.toHaveProperty('body');

    const done = await delivered(store, delivery.id);
    expect(done).toMatchObject({ attempts: 1, responseStatus: 201, responseExcerpt: 'Filed as CR-1042', lastError: null, leaseUntil: null, body: BODY });
    expect(done.deliveredAt).toBeGreaterThanOrEqual(before);
    expect(await worker.status(conference)).toEqual([expect.objectContaining({ id: delivery.id, status: 'delivered', responseStatus: 201 })]);
    expect(await worker.status(conference, 2)).toEqual([]);

    expect(r.requests).toHaveLength(1);
    const [seen] = r.requests;
    expect(seen).toMatchObject({ id: delivery.id, body: BODY, contentType: 'application/json', verifyError: null });
    // An independent check of the signature: HMAC-SHA256 over "id.timestamp.body" with the decoded key.
    const expected = createHmac('sha256', KEY).update(`${seen?.id}.${seen?.timestamp}.${BODY}`).digest('base64');
    expect(seen?.signature).toBe(`v1,${expected}`);
  });

  it('retries after a 503 and delivers on the next answer, under the same id', async () => {
    const r = await receiver(answerInTurn(answerStatus(503, 'Down for maintenance'), answerStatus(200, 'ok')));
    const { store, conference } = await givenStore();
    // The widest jitter, so the queued state between the attempts lasts long enough to see.
    const worker = startWorker(store, r.url, {}, { backoff: { baseMs: 400, maxMs: 400 } }, () => 0.99);
    const { delivery } = await worker.send(plan(conference));

    const waiting = await waitFor('the first attempt recorded', async () => {
      const d = await store.outbox.get(delivery.id);
      return d?.attempts === 1 && d.lastError !== null ? d : null;
    });
    expect(waiting).toMatchObject({ status: 'queued', lastError: 'The receiver answered 503.', responseStatus: 503, responseExcerpt: 'Down for maintenance', leaseUntil: null });
    expect(waiting.nextAttemptAt - (waiting.lastAttemptAt ?? 0)).toBeGreaterThanOrEqual(300);

    expect(await delivered(store, delivery.id)).toMatchObject({ attempts: 2, responseStatus: 200, responseExcerpt: 'ok', lastError: null });
    expect(r.requests.map((q) => q.id)).toEqual([delivery.id, delivery.id]);
    expect(r.requests.every((q) => q.verifyError === null && q.body === BODY)).toBe(true);
  });

  it('retries when no answer comes in time', async () => {
    const r = await receiver(answerInTurn(answerNever, answerStatus(200)));
    const { store, conference } = await givenStore();
    const worker = startWorker(store, r.url, { timeoutMs: 150 }, { backoff: { baseMs: 300, maxMs: 300 } }, () => 0.99);
    const started = Date.now();
    const { delivery } = await worker.send(plan(conference));
    const waiting = await waitFor('the timeout recorded', async () => {
      const d = await store.outbox.get(delivery.id);
      return d?.lastError === null ? null : d;
    });
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, lastError: 'No answer within 0.15 s.', responseStatus: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await delivered(store, delivery.id)).toMatchObject({ attempts: 2, responseStatus: 200 });
    expect(r.requests.map((q) => q.id)).toEqual([delivery.id, delivery.id]);
  });

  it('retries when the connection is dropped', async () => {
    const r = await receiver(answerInTurn(answerDrop, answerDrop, answerStatus(204)));
    const { store, conference } = await givenStore();
    const worker = startWorker(store, r.url);
    const { delivery } = await worker.send(plan(conference));
    expect(await delivered(store, delivery.id)).toMatchObject({ attempts: 3, responseStatus: 204, responseExcerpt: '' });
    expect(r.requests).toHaveLength(3);
    expect(logLines.some((line) => line.includes('"outcome":"dropped"'))).toBe(true);
  });

  it('keeps trying while the receiver is down and delivers once it is up', async () => {
    const port = await freePort();
    const { store, conference } = await givenStore();
    const worker = startWorker(store, `http://127.0.0.1:${port}/care-record/plans`);
    const { delivery } = await worker.send(plan(conference));
    const refused = await waitFor('two refused attempts', async () => {
      const d = await store.outbox.get(delivery.id);
      return d !== null && d.attempts >= 2 ? d : null;
    });
    expect(refused).toMatchObject({ status: 'queued', lastError: 'The receiver refused the connection.', responseStatus: null });

    const r = await receiver(answerStatus(200), port);
    expect(await delivered(store, delivery.id)).toMatchObject({ responseStatus: 200 });
    expect(r.requests.map((q) => q.id)).toEqual([delivery.id]);
  });

  it('gives up once its time is over, keeping why, and a new send makes a new delivery', async () => {
    const r = await receiver(answerStatus(503, 'Still down'));
    const { store, conference } = await givenStore();
    const worker = startWorker(store, r.url, { giveUpAfterMs: 400 });
    const { delivery } = await worker.send(plan(conference));
    const failed = await waitFor('the delivery given up', async () => {
      const d = await store.outbox.get(delivery.id);
      return d?.status === 'failed' ? d : null;
    });
    expect(failed).toMatchObject({ lastError: 'The receiver answered 503.', responseStatus: 503, responseExcerpt: 'Still down', deliveredAt: null, leaseUntil: null });
    expect(failed.attempts).toBeGreaterThanOrEqual(2);
    expect(Date.now()).toBeGreaterThanOrEqual(failed.giveUpAt);
    const seen = r.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(r.requests).toHaveLength(seen);
    expect(logLines.some((line) => line.includes('care-record delivery given up'))).toBe(true);

    r.answerWith(answerStatus(200));
    const again = await worker.send(plan(conference));
    expect(again.created).toBe(true);
    expect(again.delivery.id).not.toBe(delivery.id);
    await delivered(store, again.delivery.id);
    expect((await worker.status(conference)).map((d) => d.status)).toEqual(['failed', 'delivered']);
  });

  it('makes one delivery of a plan sent twice, and the receiver sees its id once', async () => {
    const r = await receiver(answerStatus(200));
    const { store, conference } = await givenStore();
    const worker = startWorker(store, r.url);
    const [first, second] = await Promise.all([worker.send(plan(conference)), worker.send(plan(conference))]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(second.delivery.id).toBe(first.delivery.id);
    await delivered(store, first.delivery.id);
    const third = await worker.send(plan(conference));
    expect(third).toMatchObject({ created: false, delivery: { id: first.delivery.id, status: 'delivered' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.requests.map((q) => q.id)).toEqual([first.delivery.id]);
  });

  it('carries a pending delivery over a restart: stopped mid-attempt, reopened from its file, delivered once', async () => {
    const r = await receiver(answerNever);
    const { file, store, conference } = await givenStore();
    const first = startWorker(store, r.url, { timeoutMs: 5_000 });
    const { delivery } = await first.send(plan(conference));
    await waitFor('the first attempt to reach the receiver', () => r.requests.length === 1);
    await first.stop();
    expect(await store.outbox.get(delivery.id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      leaseUntil: null,
      lastError: 'The server stopped during the attempt.',
    });
    await store.close();

    r.answerWith(answerStatus(200));
    const reopened = await openStore(file);
    startWorker(reopened, r.url);
    expect(await delivered(reopened, delivery.id)).toMatchObject({ attempts: 2, body: BODY });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.requests.map((q) => q.id)).toEqual([delivery.id, delivery.id]);
  });

  it('takes over a delivery left held by a killed worker once its lease runs out', async () => {
    const r = await receiver(answerStatus(200));
    const { store, conference } = await givenStore();
    // A worker that claimed the attempt and died: nobody answers for it until its lease is over.
    const now = Date.now();
    const { delivery } = await store.outbox.enqueue({ id: newDeliveryId(), conferenceId: conference, version: 1, copy: 'full', body: BODY, createdAt: now, giveUpAt: now + 30_000 });
    const leaseUntil = Date.now() + 300;
    expect(await store.outbox.claim(delivery.id, Date.now(), leaseUntil)).not.toBeNull();
    startWorker(store, r.url);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(r.requests).toEqual([]);
    const done = await delivered(store, delivery.id);
    expect(done.attempts).toBe(2);
    expect(done.lastAttemptAt).toBeGreaterThanOrEqual(leaseUntil);
    expect(r.requests.map((q) => q.id)).toEqual([delivery.id]);
  });

  it('never sends the same attempt twice at once from two workers on one database', async () => {
    const r = await receiver((_index, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end('ok');
      }, 30);
    });
    const { file, store, conference } = await givenStore();
    const other = await openStore(file);
    const one = startWorker(store, r.url);
    startWorker(other, r.url);
    const sent = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((version) => one.send(plan(conference, { version }))));
    for (const { delivery } of sent) await delivered(other, delivery.id);
    expect(r.requests.map((q) => q.id).sort()).toEqual(sent.map((s) => s.delivery.id).sort());
    expect(r.requests.every((q) => q.verifyError === null)).toBe(true);
  });

  it('refuses a body that is not JSON', async () => {
    const { store, conference } = await givenStore();
    const worker = startWorker(store, 'http://127.0.0.1:9/');
    await expect(worker.send(plan(conference, { body: '{"unfinished": ' }))).rejects.toBeInstanceOf(TypeError);
    expect(await store.outbox.listForConference(conference)).toEqual([]);
  });

  it('logs delivery ids, attempts and status codes, never the secret, the signature or the plan', async () => {
    const r = await receiver(answerInTurn(answerStatus(503, 'Jordan is not known here'), answerStatus(200)));
    const { store, conference } = await givenStore();
    const worker = startWorker(store, r.url);
    const { delivery } = await worker.send(plan(conference));
    await delivered(store, delivery.id);
    const text = logLines.join('');
    const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(expect.objectContaining({ delivery: delivery.id, attempt: 1, status: 503 }));
    expect(entries).toContainEqual(expect.objectContaining({ delivery: delivery.id, attempt: 2, status: 200 }));
    for (const forbidden of [SECRET, KEY.toString('base64'), KEY.toString('hex'), 'Saturdays with Nan', 'Jordan', ...r.requests.map((q) => q.signature.slice(3))]) {
      expect(text).not.toContain(forbidden);
    }
  });
});
