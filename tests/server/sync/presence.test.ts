// Presence (y-protocols awareness) through the relay: who is here and what they are doing reaches
// the others, a late joiner sees those already present, a person who leaves disappears, and one
// whose connection dropped comes back (given the client help keepPresenceAcrossReconnects gives);
// names and roles are the server's, never what a client claims.

import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CLOSE, MESSAGE } from '../../../shared/protocol.ts';
import { MAX_AWARENESS_BYTES } from '../../../server/sync/presence.ts';
import { describe, expect, it } from 'vitest';
import { createConference } from '../../helpers/api.ts';
import type { BoardClient } from '../../helpers/client.ts';
import { joinBoard, keepPresenceAcrossReconnects, rawSocket, type Participant, serverPerFile } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

let presenceClock = 10;

/** An awareness frame announcing `state` under `clientId`, as any client could craft it (each with a newer clock). */
function presenceFrame(clientId: number, state: Record<string, unknown>): Uint8Array {
  const forged = new Awareness(new Y.Doc());
  forged.clientID = clientId;
  presenceClock += 1;
  forged.meta.set(clientId, { clock: presenceClock, lastUpdated: Date.now() });
  forged.setLocalState(state);
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, MESSAGE.awareness);
  encoding.writeVarUint8Array(frame, encodeAwarenessUpdate(forged, [clientId]));
  forged.destroy();
  return encoding.toUint8Array(frame);
}


async function room(count: number): Promise<{ conferenceId: string; clients: Participant[] }> {
  const conferenceId = await createConference(live.coordinator);
  const clients: Participant[] = [];
  for (let i = 0; i < count; i += 1) clients.push(await joinBoard(live.server, live.coordinator, conferenceId, { name: `Person ${i}` }));
  live.open.push(...clients);
  return { conferenceId, clients };
}

/** Drops a client's socket without a goodbye, as a lost network does; the provider reconnects by itself. */
function dropSocket(client: BoardClient): void {
  const ws: unknown = client.provider.ws;
  // The helper's providers run on the `ws` package (see client.ts), which can cut the TCP connection.
  if (!(ws instanceof WebSocket)) throw new Error('expected a ws socket');
  ws.terminate();
}

function stateOf(viewer: BoardClient, subject: BoardClient): unknown {
  return viewer.provider.awareness.getStates().get(subject.doc.clientID);
}

describe('presence', () => {
  it('shows one person’s presence to another and follows its changes', async () => {
    const { clients: [a, b] } = await room(2);
    if (!a || !b) throw new Error('two clients expected');
    a.provider.awareness.setLocalStateField('user', { name: 'Person 0', role: 'network', color: '#aa3355' });
    await waitFor('b to see a', () => (stateOf(b, a) as { user?: { name?: string } } | undefined)?.user?.name === 'Person 0');
    a.provider.awareness.setLocalStateField('dragging', { offerId: 'offer-1', over: 'agreed' });
    await waitFor('b to see a’s drag preview', () => (stateOf(b, a) as { dragging?: { over?: string } } | undefined)?.dragging?.over === 'agreed');
    expect(stateOf(b, a)).toEqual({
      user: { name: 'Person 0', role: 'network', color: '#aa3355' },
      dragging: { offerId: 'offer-1', over: 'agreed' },
    });
  });

  it('shows a late joiner everyone already present', async () => {
    const {
      conferenceId,
      clients: [a, b],
    } = await room(2);
    if (!a || !b) throw new Error('two clients expected');
    a.provider.awareness.setLocalStateField('user', { name: 'Person 0', role: 'network', color: '#0b6b3a' });
    b.provider.awareness.setLocalStateField('user', { name: 'Person 1', role: 'network', color: '#1d4f91' });
    await waitFor('a and b to see each other', () => stateOf(a, b) !== undefined && stateOf(b, a) !== undefined);
    const late = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Late' });
    live.open.push(late);
    await waitFor('the late joiner to see both', () => stateOf(late, a) !== undefined && stateOf(late, b) !== undefined);
    expect(stateOf(late, a)).toEqual({ user: { name: 'Person 0', role: 'network', color: '#0b6b3a' } });
    expect(stateOf(late, b)).toEqual({ user: { name: 'Person 1', role: 'network', color: '#1d4f91' } });
  });

  it('removes a person’s presence from the others when they disconnect or their socket drops', async () => {
    const { clients: [a, b, c] } = await room(3);
    if (!a || !b || !c) throw new Error('three clients expected');
    for (const [client, name] of [[a, 'A'], [b, 'B'], [c, 'C']] as const) client.provider.awareness.setLocalStateField('user', { name });
    await waitFor('c to see a and b', () => stateOf(c, a) !== undefined && stateOf(c, b) !== undefined);

    // A leaves politely (provider.disconnect announces it) …
    a.provider.disconnect();
    await waitFor('c to stop seeing a', () => stateOf(c, a) === undefined);
    // … B's socket simply dies: the server must clear the presence it relayed for B.
    b.provider.shouldConnect = false;
    dropSocket(b);
    await waitFor('c to stop seeing b', () => stateOf(c, b) === undefined);
    expect([...c.provider.awareness.getStates().keys()]).toEqual([c.doc.clientID]);
  });

  it('shows a person again after their socket dropped, once their client announces itself anew', async () => {
    const {
      clients: [a, b],
    } = await room(2);
    if (!a || !b) throw new Error('two clients expected');
    for (const c of [a, b]) keepPresenceAcrossReconnects(c.provider);
    a.provider.awareness.setLocalStateField('user', { name: 'A' });
    b.provider.awareness.setLocalStateField('user', { name: 'B' });
    await waitFor('a and b to see each other', () => stateOf(a, b) !== undefined && stateOf(b, a) !== undefined);
    dropSocket(b);
    await waitFor('a to stop seeing b', () => stateOf(a, b) === undefined);
    await waitFor('b to reconnect', () => b.provider.wsconnected && b.provider.synced);
    // Well inside y-protocols' 15 s renewal, so this is the reconnect at work, not the renewal.
    await waitFor('a to see b again', () => stateOf(a, b) !== undefined, 5_000);
    await waitFor('b to see a again', () => stateOf(b, a) !== undefined, 5_000);
    expect(stateOf(a, b)).toEqual({ user: { name: 'Person 1', role: 'network', color: '#4a4a4a' } });
  });

  it('shows everyone by the name and role the server knows them by, whatever their client claims', async () => {
    const { clients: [a, b] } = await room(2);
    if (!a || !b) throw new Error('two clients expected');
    a.provider.awareness.setLocalStateField('user', { name: 'Social worker Smith', role: 'professional', color: 'url(x)' });
    await waitFor('b to see a', () => stateOf(b, a) !== undefined);
    expect(stateOf(b, a)).toEqual({ user: { name: 'Person 0', role: 'network', color: '#4a4a4a' } });
  });

  it('drops presence a connection sends for another person’s client id', async () => {
    const { clients: [a, b, c] } = await room(3);
    if (!a || !b || !c) throw new Error('three clients expected');
    b.provider.awareness.setLocalStateField('user', { name: 'Person 1', role: 'network', color: '#1d4f91' });
    await waitFor('c to see b', () => stateOf(c, b) !== undefined);
    // A pretends to be B by writing B's client id into its own awareness and announcing it.
    const forged = new Awareness(new Y.Doc());
    forged.clientID = b.doc.clientID;
    forged.setLocalState({ user: { name: 'Person 1', role: 'network', color: '#8c1d18' }, typing: 'forged' });
    forged.meta.set(b.doc.clientID, { clock: 1_000, lastUpdated: Date.now() });
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MESSAGE.awareness);
    encoding.writeVarUint8Array(frame, encodeAwarenessUpdate(forged, [b.doc.clientID]));
    a.provider.ws?.send(encoding.toUint8Array(frame));
    // A real change from A afterwards proves the relay has handled the forged frame.
    a.provider.awareness.setLocalStateField('user', { name: 'x', role: 'network', color: '#0b6b3a' });
    await waitFor('c to see a', () => stateOf(c, a) !== undefined);
    expect(stateOf(c, b)).toEqual({ user: { name: 'Person 1', role: 'network', color: '#1d4f91' } });
    forged.destroy();
  });

  it('never hands a person’s client id to someone else, even after they have left', async () => {
    const { clients: [a, b, c] } = await room(3);
    if (!a || !b || !c) throw new Error('three clients expected');
    b.provider.awareness.setLocalStateField('user', { name: 'Person 1', role: 'network', color: '#1d4f91' });
    await waitFor('c to see b', () => stateOf(c, b) !== undefined);
    const taken = b.doc.clientID;
    b.destroy();
    await waitFor('b to leave', () => !c.provider.awareness.getStates().has(taken));
    // A fresh socket of A's, whose first announcement claims B's old id.
    const { ws } = await rawSocket(a.api, (a.provider.url.split('/sync/')[1] ?? '').split('/')[0] ?? '');
    ws.send(presenceFrame(taken, { user: { name: 'Person 1' }, typing: 'as someone else' }));
    // A's own client id afterwards: it reaches C, which proves the forged entry was handled (and dropped) first.
    ws.send(presenceFrame(a.doc.clientID, { user: { name: 'x' }, seen: 'after' }));
    await waitFor('c to see a’s later entry', () => (c.provider.awareness.getStates().get(a.doc.clientID) as { seen?: string } | undefined)?.seen === 'after');
    expect(c.provider.awareness.getStates().has(taken)).toBe(false);
    ws.close();
  });

  it('keeps one presence entry per connection', async () => {
    const { conferenceId, clients: [a, c] } = await room(2);
    if (!a || !c) throw new Error('two clients expected');
    const { ws } = await rawSocket(a.api, conferenceId);
    ws.send(presenceFrame(888_001, { user: { name: 'first' } }));
    await waitFor('c to see the first entry', () => c.provider.awareness.getStates().has(888_001));
    ws.send(presenceFrame(888_002, { user: { name: 'second' } }));
    ws.send(presenceFrame(888_001, { user: { name: 'first' }, cursor: 'moved' }));
    await waitFor('c to see the first entry change', () => (c.provider.awareness.getStates().get(888_001) as { cursor?: string } | undefined)?.cursor === 'moved');
    expect(c.provider.awareness.getStates().has(888_002)).toBe(false);
    ws.close();
  });

  it('closes a connection that sends an oversized presence update with 4413', async () => {
    const { conferenceId, clients: [a] } = await room(1);
    if (!a) throw new Error('one client expected');
    const { ws, closed } = await rawSocket(a.api, conferenceId);
    const big = new Awareness(new Y.Doc());
    big.setLocalState({ user: { name: 'x' }, padding: 'p'.repeat(MAX_AWARENESS_BYTES) });
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MESSAGE.awareness);
    encoding.writeVarUint8Array(frame, encodeAwarenessUpdate(big, [big.clientID]));
    ws.send(encoding.toUint8Array(frame));
    expect((await closed).code).toBe(CLOSE.tooLarge.code);
    big.destroy();
  });
});
