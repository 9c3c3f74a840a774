// Limits that keep one person from harming the meeting: a burst of updates, a flood of presence,
// thousands of sockets, a change too large, a board filled to its quota, and a reader too slow to
// keep up. Each is stopped with its named close code while the honest people carry on.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { addPerson, emptyRemoved, readBoard, removeToList, ROOT } from '../../../shared/board.ts';
import type { PersonId } from '../../../shared/ids.ts';
import { CLOSE, MAX_FRAME_BYTES, MESSAGE } from '../../../shared/protocol.ts';
import { updateFrame } from '../../../server/sync/frames.ts';
import { MAX_BUFFERED_BYTES } from '../../../server/sync/connection.ts';
import { MAX_SOCKETS_PER_SESSION, MAX_UPDATE_BYTES, PRESENCE_BURST, UPDATE_BURST, UPDATES_PER_SECOND } from '../../../server/sync/limits.ts';
import { BOARD_QUOTA_BYTES } from '../../../server/sync/writer.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { storedRows } from '../../helpers/stored.ts';
import { joinBoard, rawSocket, serverPerFile, waitConverged, type Participant } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

const person = (name: string) => ({ displayName: name, relationship: '', circle: 'friends' as const, connection: 'none' as const, atConference: false });

/** A board with two honest people on it. */
async function meeting() {
  const conferenceId = await createConference(live.coordinator, 'Limits');
  const a = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Honest A' });
  const b = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Honest B' });
  live.open.push(a, b);
  const gran = addPerson(a.doc, person('Gran'));
  await waitConverged([a, b], 'the meeting to start');
  return { conferenceId, a, b, gran };
}

/** The honest people can still edit and agree. */
async function stillWorking(a: Participant, b: Participant, tag: string): Promise<void> {
  addPerson(b.doc, person(`Still here ${tag}`));
  await waitConverged([a, b], `the honest people to carry on (${tag})`);
  expect(a.closes).toEqual([]);
  expect(b.closes).toEqual([]);
  expect((await fetch(`${live.server.url}/healthz`)).status).toBe(200);
}

/** `count` small real updates of a document that starts from `base`, each one edit of the contingency text. */
function manyUpdates(base: Y.Doc, count: number): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText(ROOT.contingency);
  for (let i = 0; i < count; i += 1) {
    if (i % 2 === 0) text.insert(0, 'x');
    else text.delete(0, 1);
  }
  return updates;
}

/** An update adding `count` offers from `giver`, each with `chars` characters of text. */
function offersUpdate(base: Y.Doc, clientId: number, createdBy: string, giver: PersonId, count: number, chars: number, tag: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  const offers = doc.getMap(ROOT.offers);
  doc.transact(() => {
    for (let i = 0; i < count; i += 1) {
      const offer = new Y.Map<unknown>();
      offers.set(`${tag}-${i}`, offer);
      offer.set('personId', giver);
      offer.set('kind', 'letters');
      offer.set('text', new Y.Text('w'.repeat(chars)));
      offer.set('frequency', '');
      offer.set('startsOn', '');
      offer.set('supervision', 'none');
      offer.set('position', { column: 'suggested', order: `a0${i}x` });
      offer.set('objectiveIds', new Y.Array());
      offer.set('needsApproval', false);
      offer.set('approvedBy', null);
      offer.set('approvedAt', null);
      offer.set('createdBy', createdBy);
    }
  });
  return Y.encodeStateAsUpdate(doc, before);
}

describe('limits per connection, session and board', () => {
  it('stops a burst of 100,000 updates with 4429, storing no more than the burst allows', async () => {
    const { conferenceId, a, b } = await meeting();
    const flooder = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Flooder' });
    live.open.push(flooder);
    const updates = manyUpdates(flooder.doc, 100_000);
    const socket = await rawSocket(flooder.api, conferenceId);
    const started = performance.now();
    for (const update of updates) socket.ws.send(updateFrame(update));
    expect((await socket.closed).code).toBe(CLOSE.tooFast.code);
    const seconds = (performance.now() - started) / 1000;
    const fromFlooder = storedRows(live.server, conferenceId).filter((row) => row.authorId === flooder.participantId);
    expect(fromFlooder.length).toBeGreaterThan(0);
    // The bucket's promise: the burst, plus what it refills while the flood lasts (a loaded machine takes longer).
    expect(fromFlooder.length).toBeLessThanOrEqual(UPDATE_BURST + Math.ceil(UPDATES_PER_SECOND * seconds));
    expect(fromFlooder.length).toBeLessThan(updates.length / 10);
    await stillWorking(a, b, 'after the burst');
  }, 60_000);

  it('stops a flood of presence messages with 4429', async () => {
    const { conferenceId, a, b } = await meeting();
    const socket = await rawSocket(a.api, conferenceId);
    const awareness = new Awareness(new Y.Doc());
    for (let i = 0; i < PRESENCE_BURST * 4; i += 1) {
      awareness.setLocalStateField('cursor', i);
      const frame = encoding.createEncoder();
      encoding.writeVarUint(frame, MESSAGE.awareness);
      encoding.writeVarUint8Array(frame, encodeAwarenessUpdate(awareness, [awareness.clientID]));
      socket.ws.send(encoding.toUint8Array(frame));
    }
    expect((await socket.closed).code).toBe(CLOSE.tooFast.code);
    awareness.destroy();
    await stillWorking(a, b, 'after the presence flood');
  });

  it(`keeps ${MAX_SOCKETS_PER_SESSION} sockets per session open and refuses the rest of 5,000 with 4429`, async () => {
    const { conferenceId, a, b } = await meeting();
    const opener = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Opener' });
    opener.destroy();
    const sockets: Array<Awaited<ReturnType<typeof rawSocket>>> = [];
    const BATCH = 250;
    for (let start = 0; start < 5_000; start += BATCH) {
      sockets.push(...(await Promise.all(Array.from({ length: BATCH }, () => rawSocket(opener.api, conferenceId)))));
    }
    const results = await Promise.all(
      sockets.map((s) => Promise.race([s.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 2_000))])),
    );
    const open = results.filter((r) => r === null).length;
    const refused = results.filter((r) => r?.code === CLOSE.tooManySockets.code).length;
    expect(open).toBe(MAX_SOCKETS_PER_SESSION);
    expect(refused).toBe(5_000 - MAX_SOCKETS_PER_SESSION);
    for (const s of sockets) s.ws.close();
    await stillWorking(a, b, 'after 5,000 sockets');
  }, 90_000);

  it('closes a change larger than the limit with 4413, and 50 MB of text in one frame with 1009', async () => {
    const { conferenceId, a, b, gran } = await meeting();
    const big = offersUpdate(a.doc, 9_001, a.selfId, gran, 1_500, 1_600, 'big');
    expect(big.byteLength).toBeGreaterThan(MAX_UPDATE_BYTES);
    expect(big.byteLength).toBeLessThan(MAX_FRAME_BYTES);
    const first = await rawSocket(a.api, conferenceId);
    first.ws.send(updateFrame(big));
    expect((await first.closed).code).toBe(CLOSE.tooLarge.code);

    const huge = new Y.Doc();
    huge.getText(ROOT.contingency).insert(0, 'x'.repeat(50 * 1024 * 1024));
    const second = await rawSocket(a.api, conferenceId);
    second.ws.send(updateFrame(Y.encodeStateAsUpdate(huge)));
    expect((await second.closed).code).toBe(1009);
    huge.destroy();
    expect(readBoard(b.doc).offers).toEqual([]);
    await stillWorking(a, b, 'after the oversized changes');
  }, 60_000);

  it('says the board is full at its quota, and still lets people take things off it and the coordinator empty them for good', async () => {
    const { conferenceId, a, b, gran } = await meeting();
    const writers: Participant[] = [];
    for (let i = 0; i < 6; i += 1) writers.push(await joinBoard(live.server, live.coordinator, conferenceId, { name: `Writer ${i}` }));
    live.open.push(...writers);
    await waitConverged([a, b, ...writers], 'the writers to join');
    let refusal: { code: number; reason: string } | null = null;
    let sent = 0;
    for (const [w, writer] of writers.entries()) {
      for (let round = 0; round < 2 && refusal === null; round += 1) {
        const update = offersUpdate(writer.doc, 20_000 + w * 10 + round, writer.selfId, gran, 900, 1_900, `w${w}r${round}`);
        const socket = await rawSocket(writer.api, conferenceId);
        socket.ws.send(updateFrame(update));
        refusal = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_500))]);
        socket.ws.close();
        sent += update.byteLength;
      }
      if (refusal) break;
    }
    expect(sent).toBeGreaterThan(BOARD_QUOTA_BYTES * 0.9);
    expect(refusal?.code).toBe(CLOSE.refused.code);
    expect(refusal?.reason).toMatch(/^full: The board is full/);
    // Taking things off still works (small changes, a few at a time, as people do it)…
    await waitFor('a to hold the offers', () => readBoard(a.doc).offers.length > 0, 20_000);
    const coordinator = await connect(live.coordinator, conferenceId);
    live.open.push(coordinator);
    await waitFor('the coordinator to hold the offers', () => readBoard(coordinator.doc).offers.length > 0, 20_000);
    const at = new Date().toISOString();
    for (const [i, offer] of readBoard(a.doc).offers.slice(0, 200).entries()) {
      removeToList(i % 2 === 0 ? a.doc : coordinator.doc, 'offer', offer.id, i % 2 === 0 ? a.selfId : coordinator.selfId, at);
      if (i % 20 === 19) await waitConverged([a, b, coordinator], 'the removals to settle', 30_000);
    }
    await waitConverged([a, b, coordinator], 'the removals to reach everyone', 30_000);
    expect(readBoard(b.doc).removed).toHaveLength(200);
    // …and the coordinator's emptying "Removed" frees room for more.
    expect(emptyRemoved(coordinator.doc)).toBe(200);
    await waitConverged([a, b, coordinator], 'the emptied list to reach everyone', 30_000);
    expect(coordinator.closes).toEqual([]);
    await stillWorking(a, b, 'after the board filled up');
  }, 120_000);

  it(`closes a reader that falls more than ${MAX_BUFFERED_BYTES / 1024 / 1024} MiB behind with 4508`, async () => {
    const { conferenceId, a, b, gran } = await meeting();
    const slow = await rawSocket(a.api, conferenceId);
    // Stop reading: everything sent to this socket now piles up in the kernel, then in the server.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const writers: Participant[] = [];
    for (let i = 0; i < 6; i += 1) writers.push(await joinBoard(live.server, live.coordinator, conferenceId, { name: `Writer ${i}` }));
    live.open.push(...writers);
    let closed: { code: number; reason: string } | null = null;
    void slow.closed.then((c) => (closed = c));
    for (const [w, writer] of writers.entries()) {
      for (let round = 0; round < 2 && closed === null; round += 1) {
        const tag = `s${w}r${round}`;
        const socket = await rawSocket(writer.api, conferenceId);
        socket.ws.send(updateFrame(offersUpdate(writer.doc, 30_000 + w * 10 + round, writer.selfId, gran, 900, 1_900, tag)));
        await waitFor(`the offers ${tag} to reach a`, () => a.doc.getMap(ROOT.offers).has(`${tag}-0`), 20_000);
        // Their writer takes them away again (their own addition, which nobody else has changed), so
        // the board stays under its quota while the slow reader falls behind.
        await waitFor(`the offers ${tag} to reach their writer`, () => writer.doc.getMap(ROOT.offers).has(`${tag}-${899}`), 20_000);
        const offers = writer.doc.getMap(ROOT.offers);
        writer.doc.transact(() => {
          for (let i = 0; i < 900; i += 1) offers.delete(`${tag}-${i}`);
        });
        socket.ws.close();
      }
    }
    // Reading again, it finds the server's goodbye after whatever was still in flight.
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor('the slow reader to be cut off', () => closed !== null, 30_000);
    expect(closed).toMatchObject({ code: CLOSE.tooSlow.code });
    await stillWorking(a, b, 'after the slow reader');
  }, 120_000);
});
