// The behaviour every OutboxStore implementation must pass: the deliveries of agreed plans to the
// care record, their idempotency, the leases that keep two workers off the same attempt, and what
// the retention job asks.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conferenceId, newId } from '../../../shared/ids.ts';
import type { ConferenceId } from '../../../shared/ids.ts';
import { deliveryId, newDeliveryId } from '../../../server/store/types.ts';
import type { ConferenceRecord, DeliveryRecord, NewDelivery, Store } from '../../../server/store/types.ts';
import { boardRecords } from '../../../server/store/boardRecords.ts';
import { contractSuite, HOUR_MS, T0, type OpenStore } from './fixtures.ts';
import { storeError } from '../../helpers/storeError.ts';

const LEASE_MS = 15_000;

function newDelivery(conference: ConferenceId, overrides: Partial<NewDelivery> = {}): NewDelivery {
  return {
    id: newDeliveryId(),
    conferenceId: conference,
    version: 1,
    copy: 'full',
    body: '{"plan":{"version":1,"wishes":["Saturdays with Nan"]}}',
    createdAt: T0,
    giveUpAt: T0 + 72 * HOUR_MS,
    ...overrides,
  };
}

/** What a fresh delivery looks like in the store. */
function queued(d: NewDelivery): DeliveryRecord {
  return {
    ...d,
    status: 'queued',
    attempts: 0,
    nextAttemptAt: d.createdAt,
    leaseUntil: null,
    lastAttemptAt: null,
    lastError: null,
    deliveredAt: null,
    responseStatus: null,
    responseExcerpt: null,
  };
}

/** Locks the board as agreed version `version` at `at` (reopening it first when it is locked). */
async function sealVersion(store: Store, conference: ConferenceRecord, version: number, at: number): Promise<void> {
  const doc = new Y.Doc();
  doc.getMap('meta').set('version', version);
  const update = Y.encodeStateAsUpdate(doc);
  const summary = { title: conference.title, youngPersonName: conference.youngPersonName, scheduledFor: null, place: '', connectionsAtStart: 0, reviewDate: null, phase: 'agreed' as const, locked: true };
  if ((await store.conferences.get(conference.id))?.locked) {
    await store.docs.append(conference.id, 'board', update, { author: { kind: 'server' }, at, ...boardRecords(conference.id, { summary: { ...summary, phase: 'review', locked: false } }) });
  }
  await store.docs.append(conference.id, 'board', update, {
    author: { kind: 'server' },
    at,
    ...boardRecords(conference.id, {
      summary,
      seal: { conferenceId: conference.id, version, lockedAt: at, lockedBy: conference.createdBy, state: update, planJson: '{}\n', sha256: 'c'.repeat(64), overrideReason: null, professionalJson: null },
    }),
  });
}

/** Registers the outbox store suite for one implementation. */
export function outboxStoreContract(name: string, open: OpenStore): void {
  contractSuite(`${name} outbox store (contract)`, open, (fx) => {
    const { givenConference } = fx;

    describe('queueing', () => {
      it('queues a delivery due at once and reads back every field, by id and by conference', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        const { delivery, created } = await fx.store.outbox.enqueue(d);
        expect(created).toBe(true);
        expect(delivery).toEqual(queued(d));
        expect(await fx.store.outbox.get(d.id)).toEqual(queued(d));
        expect(await fx.store.outbox.listForConference(conference.id)).toEqual([queued(d)]);
        expect(await fx.store.outbox.get(newDeliveryId())).toBeNull();
        expect(await fx.store.outbox.listForConference(conferenceId(newId()))).toEqual([]);
      });

      it('keeps the body byte for byte, whatever characters it holds', async () => {
        const conference = await givenConference();
        const body = '{"wish":"Ça va — 日本語 ✨ \\u0000 \\"quoted\\"","n":1e3}\n';
        const d = newDelivery(conference.id, { body });
        await fx.store.outbox.enqueue(d);
        const reopened = await fx.reopen();
        expect((await reopened.outbox.get(d.id))?.body).toBe(body);
      });

      it('returns the queued delivery instead of making a second for the same conference, version and copy', async () => {
        const conference = await givenConference();
        const first = newDelivery(conference.id);
        await fx.store.outbox.enqueue(first);
        const again = await fx.store.outbox.enqueue(newDelivery(conference.id, { body: '{"other":true}', createdAt: T0 + 5 }));
        expect(again).toEqual({ delivery: queued(first), created: false });
        // Another copy or another version is another delivery.
        const family = newDelivery(conference.id, { copy: 'family', createdAt: T0 + 1 });
        const v2 = newDelivery(conference.id, { version: 2, createdAt: T0 + 2 });
        expect((await fx.store.outbox.enqueue(family)).created).toBe(true);
        expect((await fx.store.outbox.enqueue(v2)).created).toBe(true);
        expect((await fx.store.outbox.listForConference(conference.id)).map((d) => d.id)).toEqual([first.id, family.id, v2.id]);
      });

      it('makes one delivery of two simultaneous sends', async () => {
        const conference = await givenConference();
        const results = await Promise.all([fx.store.outbox.enqueue(newDelivery(conference.id)), fx.store.outbox.enqueue(newDelivery(conference.id))]);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(results[0]?.delivery.id).toBe(results[1]?.delivery.id);
        expect(await fx.store.outbox.listForConference(conference.id)).toHaveLength(1);
      });

      it('returns the delivered delivery instead of sending it again, but makes a new one after a failed one', async () => {
        const conference = await givenConference();
        const sent = newDelivery(conference.id);
        await fx.store.outbox.enqueue(sent);
        await fx.store.outbox.claim(sent.id, T0, T0 + LEASE_MS);
        await fx.store.outbox.recordAttempt(sent.id, 1, { kind: 'delivered', at: T0 + 1, responseStatus: 200, responseExcerpt: 'ok' });
        expect(await fx.store.outbox.enqueue(newDelivery(conference.id))).toMatchObject({ delivery: { id: sent.id, status: 'delivered' }, created: false });

        const family = newDelivery(conference.id, { copy: 'family' });
        await fx.store.outbox.enqueue(family);
        await fx.store.outbox.claim(family.id, T0, T0 + LEASE_MS);
        await fx.store.outbox.recordAttempt(family.id, 1, { kind: 'failed', error: 'The receiver answered 503.', responseStatus: 503, responseExcerpt: '' });
        const retry = newDelivery(conference.id, { copy: 'family', createdAt: T0 + 10 });
        expect(await fx.store.outbox.enqueue(retry)).toEqual({ delivery: queued(retry), created: true });
      });

      it('refuses a delivery for an unknown conference, and a second delivery with the same id', async () => {
        await expect(fx.store.outbox.enqueue(newDelivery(conferenceId(newId())))).rejects.toMatchObject(storeError('notFound'));
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        await expect(fx.store.outbox.enqueue(newDelivery(conference.id, { id: d.id, version: 9 }))).rejects.toMatchObject(storeError('conflict'));
      });

      it('keeps queued deliveries across a reopen', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        const reopened = await fx.reopen();
        expect(await reopened.outbox.due(T0, 10)).toEqual([queued(d)]);
      });
    });

    describe('attempts', () => {
      it('lists queued deliveries that are due and held by nobody, oldest first, up to the limit', async () => {
        const conference = await givenConference();
        const later = newDelivery(conference.id, { version: 1, createdAt: T0 + 2 });
        const older = newDelivery(conference.id, { version: 2, createdAt: T0 + 1 });
        const notYet = newDelivery(conference.id, { version: 3, createdAt: T0 + 50 });
        const held = newDelivery(conference.id, { version: 4, createdAt: T0 });
        for (const d of [later, older, notYet, held]) await fx.store.outbox.enqueue(d);
        await fx.store.outbox.claim(held.id, T0 + 10, T0 + 10 + LEASE_MS);
        expect((await fx.store.outbox.due(T0 + 10, 10)).map((d) => d.id)).toEqual([older.id, later.id]);
        expect((await fx.store.outbox.due(T0 + 10, 1)).map((d) => d.id)).toEqual([older.id]);
        expect(await fx.store.outbox.due(T0, 10)).toEqual([]);
      });

      it('counts an attempt when it is claimed and holds the delivery until the lease runs out', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        const claimed = await fx.store.outbox.claim(d.id, T0 + 1, T0 + 1 + LEASE_MS);
        expect(claimed).toEqual({ ...queued(d), attempts: 1, lastAttemptAt: T0 + 1, leaseUntil: T0 + 1 + LEASE_MS });
        expect(await fx.store.outbox.claim(d.id, T0 + 2, T0 + 2 + LEASE_MS)).toBeNull();
        expect(await fx.store.outbox.due(T0 + LEASE_MS, 10)).toEqual([]);
        // The worker that held it was killed: once its lease is over, another may try again.
        const after = T0 + 1 + LEASE_MS;
        expect((await fx.store.outbox.due(after, 10)).map((r) => r.id)).toEqual([d.id]);
        expect(await fx.store.outbox.claim(d.id, after, after + LEASE_MS)).toMatchObject({ attempts: 2, lastAttemptAt: after });
      });

      it('lets exactly one of two simultaneous claims start the attempt', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        const results = await Promise.all([fx.store.outbox.claim(d.id, T0, T0 + LEASE_MS), fx.store.outbox.claim(d.id, T0, T0 + LEASE_MS)]);
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect((await fx.store.outbox.get(d.id))?.attempts).toBe(1);
      });

      it('does not claim a delivery before its next attempt is due, nor one that is finished', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id, { createdAt: T0 + 100 });
        await fx.store.outbox.enqueue(d);
        expect(await fx.store.outbox.claim(d.id, T0, T0 + LEASE_MS)).toBeNull();
        await fx.store.outbox.claim(d.id, T0 + 100, T0 + 100 + LEASE_MS);
        await fx.store.outbox.recordAttempt(d.id, 1, { kind: 'delivered', at: T0 + 101, responseStatus: 204, responseExcerpt: '' });
        expect(await fx.store.outbox.claim(d.id, T0 + 200 + LEASE_MS, T0 + 200 + 2 * LEASE_MS)).toBeNull();
        expect(await fx.store.outbox.claim(newDeliveryId(), T0, T0 + LEASE_MS)).toBeNull();
      });

      it('records a success with when, the status and the excerpt, and nothing changes it afterwards', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        await fx.store.outbox.claim(d.id, T0, T0 + LEASE_MS);
        await fx.store.outbox.recordAttempt(d.id, 1, { kind: 'retry', error: 'The connection was dropped.', responseStatus: null, responseExcerpt: null, nextAttemptAt: T0 + 10 });
        await fx.store.outbox.claim(d.id, T0 + 10, T0 + 10 + LEASE_MS);
        const at = T0 + 20;
        expect(await fx.store.outbox.recordAttempt(d.id, 2, { kind: 'delivered', at, responseStatus: 202, responseExcerpt: '{"received":true}' })).toBe(true);
        const delivered: DeliveryRecord = {
          ...queued(d),
          status: 'delivered',
          attempts: 2,
          nextAttemptAt: T0 + 10,
          lastAttemptAt: T0 + 10,
          deliveredAt: at,
          responseStatus: 202,
          responseExcerpt: '{"received":true}',
        };
        expect(await fx.store.outbox.get(d.id)).toEqual(delivered);
        expect(await fx.store.outbox.recordAttempt(d.id, 2, { kind: 'failed', error: 'late', responseStatus: 500, responseExcerpt: '' })).toBe(false);
        expect(await fx.store.outbox.recordAttempt(d.id, 2, { kind: 'delivered', at: at + 5, responseStatus: 200, responseExcerpt: '' })).toBe(false);
        expect(await fx.store.outbox.get(d.id)).toEqual(delivered);
        expect(await fx.store.outbox.due(at + 10 * LEASE_MS, 10)).toEqual([]);
      });

      it('records a failed attempt: queued again for the given time, with why, and the lease let go', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        await fx.store.outbox.claim(d.id, T0, T0 + LEASE_MS);
        const changed = await fx.store.outbox.recordAttempt(d.id, 1, {
          kind: 'retry',
          error: 'The receiver answered 503.',
          responseStatus: 503,
          responseExcerpt: 'Service Unavailable',
          nextAttemptAt: T0 + 2_000,
        });
        expect(changed).toBe(true);
        expect(await fx.store.outbox.get(d.id)).toEqual({
          ...queued(d),
          attempts: 1,
          lastAttemptAt: T0,
          nextAttemptAt: T0 + 2_000,
          lastError: 'The receiver answered 503.',
          responseStatus: 503,
          responseExcerpt: 'Service Unavailable',
        });
        expect(await fx.store.outbox.due(T0 + 1_999, 10)).toEqual([]);
        expect((await fx.store.outbox.due(T0 + 2_000, 10)).map((r) => r.id)).toEqual([d.id]);
      });

      it('records giving up with the reason kept, and a new send makes a new delivery', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        await fx.store.outbox.claim(d.id, T0, T0 + LEASE_MS);
        await fx.store.outbox.recordAttempt(d.id, 1, { kind: 'failed', error: 'No answer within 10 s.', responseStatus: null, responseExcerpt: null });
        expect(await fx.store.outbox.get(d.id)).toEqual({ ...queued(d), status: 'failed', attempts: 1, lastAttemptAt: T0, lastError: 'No answer within 10 s.' });
        expect(await fx.store.outbox.due(T0 + 100 * LEASE_MS, 10)).toEqual([]);
        expect(await fx.store.outbox.claim(d.id, T0 + 100 * LEASE_MS, T0 + 101 * LEASE_MS)).toBeNull();
      });

      it('ignores a failure from an attempt whose lease ran out once a newer attempt has started, but keeps its success', async () => {
        const conference = await givenConference();
        const d = newDelivery(conference.id);
        await fx.store.outbox.enqueue(d);
        await fx.store.outbox.claim(d.id, T0, T0 + LEASE_MS);
        await fx.store.outbox.claim(d.id, T0 + LEASE_MS, T0 + 2 * LEASE_MS);
        // The first worker's late answer is a failure: the second worker's attempt stands.
        expect(await fx.store.outbox.recordAttempt(d.id, 1, { kind: 'retry', error: 'old', responseStatus: 500, responseExcerpt: '', nextAttemptAt: T0 })).toBe(false);
        expect(await fx.store.outbox.recordAttempt(d.id, 1, { kind: 'failed', error: 'old', responseStatus: 500, responseExcerpt: '' })).toBe(false);
        expect(await fx.store.outbox.get(d.id)).toMatchObject({ status: 'queued', attempts: 2, leaseUntil: T0 + 2 * LEASE_MS, lastError: null });
        // But if the receiver took the plan, it has it, whichever attempt brought it.
        expect(await fx.store.outbox.recordAttempt(d.id, 1, { kind: 'delivered', at: T0 + LEASE_MS + 1, responseStatus: 200, responseExcerpt: '' })).toBe(true);
        expect(await fx.store.outbox.recordAttempt(d.id, 2, { kind: 'retry', error: 'The connection was dropped.', responseStatus: null, responseExcerpt: null, nextAttemptAt: T0 })).toBe(false);
        expect(await fx.store.outbox.get(d.id)).toMatchObject({ status: 'delivered', deliveredAt: T0 + LEASE_MS + 1, leaseUntil: null });
      });
    });

    describe('retention', () => {
      async function deliver(conference: ConferenceId, version: number, at: number, copy: 'full' | 'family' = 'full'): Promise<void> {
        const d = newDelivery(conference, { version, copy, createdAt: at });
        await fx.store.outbox.enqueue(d);
        await fx.store.outbox.claim(d.id, at, at + LEASE_MS);
        await fx.store.outbox.recordAttempt(d.id, 1, { kind: 'delivered', at, responseStatus: 200, responseExcerpt: '' });
      }

      it('names the conferences whose latest agreed version was delivered before a time, the longest-delivered first', async () => {
        const early = await givenConference();
        await sealVersion(fx.store, early, 1, T0);
        await deliver(early.id, 1, T0 + 10);

        const bothCopies = await givenConference();
        await sealVersion(fx.store, bothCopies, 1, T0);
        await deliver(bothCopies.id, 1, T0 + 5, 'family');
        await deliver(bothCopies.id, 1, T0 + 20, 'full');

        // Delivered v1, then agreed v2 that has not gone out: kept.
        const reviewed = await givenConference();
        await sealVersion(fx.store, reviewed, 1, T0);
        await deliver(reviewed.id, 1, T0 + 1);
        await sealVersion(fx.store, reviewed, 2, T0 + 2);

        // Agreed v2, which went out later.
        const again = await givenConference();
        await sealVersion(fx.store, again, 1, T0);
        await sealVersion(fx.store, again, 2, T0 + 1);
        await deliver(again.id, 1, T0 + 2);
        await deliver(again.id, 2, T0 + 30);

        // Agreed but never delivered, or its delivery still queued or failed: kept.
        const neverSent = await givenConference();
        await sealVersion(fx.store, neverSent, 1, T0);
        const failing = await givenConference();
        await sealVersion(fx.store, failing, 1, T0);
        const failed = newDelivery(failing.id);
        await fx.store.outbox.enqueue(failed);
        await fx.store.outbox.claim(failed.id, T0, T0 + LEASE_MS);
        await fx.store.outbox.recordAttempt(failed.id, 1, { kind: 'failed', error: 'The receiver answered 400.', responseStatus: 400, responseExcerpt: '' });
        await fx.store.outbox.enqueue(newDelivery(neverSent.id, { copy: 'family' }));

        expect(await fx.store.outbox.deliveredBefore(T0 + 10)).toEqual([]);
        expect(await fx.store.outbox.deliveredBefore(T0 + 11)).toEqual([early.id]);
        // bothCopies counts from its later delivery.
        expect(await fx.store.outbox.deliveredBefore(T0 + 21)).toEqual([early.id, bothCopies.id]);
        expect(await fx.store.outbox.deliveredBefore(T0 + 1_000)).toEqual([early.id, bothCopies.id, again.id]);
        expect(await fx.store.outbox.deliveredBefore(T0 + 1_000, 2)).toEqual([early.id, bothCopies.id]);
      });
    });

    it('parses delivery ids strictly', () => {
      expect(newDeliveryId()).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(newDeliveryId()).not.toBe(newDeliveryId());
      expect(() => deliveryId('msg_')).toThrow(TypeError);
      expect(() => deliveryId('msg_abc/def0123456789ab')).toThrow(TypeError);
    });
  });
}
