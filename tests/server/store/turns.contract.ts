// The record stores and the document log on one database: a records transaction that fails while
// document updates are being appended takes none of them back (on SQLite they share one
// connection, so an append must never run inside a records transaction that is still open).

import { expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SessionRecord } from '../../../server/store/types.ts';
import { contractSuite, HOUR_MS, T0 } from './fixtures.ts';
import type { OpenStore } from './fixtures.ts';

const APPENDS = 40;

function anUpdate(n: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('title', `Title ${n}`);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Waits `ticks` microtask turns, so concurrent work lands between another's awaits. */
async function afterTicks(ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) await Promise.resolve();
}

export function turnsContract(name: string, open: OpenStore): void {
  contractSuite(`${name} records and document log taking turns`, open, (fx) => {
    it('keeps every document update appended while a records transaction fails and rolls back', async () => {
      const coordinator = await fx.givenCoordinator();
      const conference = await fx.givenConference(coordinator.id);
      const invite = await fx.givenInvite(conference.id);
      const kept: SessionRecord = {
        idHash: 'kept-session',
        kind: 'participant',
        participantId: invite.participantId,
        conferenceId: conference.id,
        createdAt: T0,
        expiresAt: T0 + HOUR_MS,
      };
      await fx.store.accounts.createSession(kept);
      await fx.store.accounts.createSession({ idHash: 'taken', kind: 'coordinator', coordinatorId: coordinator.id, createdAt: T0, expiresAt: T0 + HOUR_MS });

      // Each move deletes the participant's sessions, then fails on a taken id and rolls back;
      // appends start at every distance from them, so some land between the transaction's statements.
      const moves = Array.from({ length: APPENDS / 4 }, (_, i) =>
        afterTicks(i * 4).then(() => fx.store.accounts.createSession({ ...kept, idHash: 'taken' }, { replaceParticipantSessions: true })),
      );
      const appends = Array.from({ length: APPENDS }, (_, i) =>
        afterTicks(i).then(() => fx.store.docs.append(conference.id, 'board', anUpdate(i), { author: { kind: 'server' }, at: T0 + i })),
      );
      const refused = await Promise.allSettled(moves);
      const seqs = await Promise.all(appends);

      expect(refused.every((outcome) => outcome.status === 'rejected')).toBe(true);
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: APPENDS }, (_, i) => i + 1));
      const store = await fx.reopen();
      const loaded = await store.docs.load(conference.id, 'board');
      expect(loaded.updates).toHaveLength(APPENDS);
      expect(loaded.lastSeq).toBe(APPENDS);
      expect(await store.accounts.findSession('kept-session', T0)).toEqual(kept);
    });
  });
}
