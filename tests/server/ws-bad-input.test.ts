// Refused and malformed live-document connections: each gets a named close code, the server stays
// up, other peers keep working, and the stored document does not change.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addOffer, addPerson, readBoard } from '../../shared/board.ts';
import { CLOSE, MAX_FRAME_BYTES, MESSAGE } from '../../shared/protocol.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { createConference, invite, join, setupCoordinator, type ApiClient } from '../helpers/api.ts';
import { connect, type BoardClient } from '../helpers/client.ts';
import { waitFor } from '../helpers/wait.ts';

let server: TestServer;
let coordinator: ApiClient;
let conferenceA: string;
let conferenceB: string;
/** Participants of conference A, signed in, by role. */
const inA: Record<string, ApiClient> = {};
/** Two live peers that stay connected through every test. */
let writer: BoardClient;
let watcher: BoardClient;
let boardBefore: string;
let marker = 0;

interface RawSocket {
  ws: WebSocket;
  /** The first message the server sent (its SyncStep1 once the document has loaded). */
  greeted: Promise<Uint8Array>;
  closed: Promise<{ code: number; reason: string }>;
}

/** A bare `ws` socket on /sync/…, so the test controls every frame and header. */
function rawSocket(pathname: string, headers: Record<string, string> = {}): RawSocket {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${pathname}`, { headers });
  // reason: a refused or oversized socket may also report an error; the close code is what is asserted
  ws.on('error', () => undefined);
  const greeted = new Promise<Uint8Array>((resolve) => ws.once('message', (data: Buffer) => resolve(new Uint8Array(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, greeted, closed };
}

function cookieOf(api: ApiClient): Record<string, string> {
  return { cookie: api.cookie };
}

/** Opens conference A's board as a writing participant, waits for the server's greeting, sends `frame`. */
async function sendToBoard(frame: Uint8Array | Buffer | string): Promise<{ code: number; reason: string }> {
  const socket = rawSocket(`/sync/${conferenceA}/board`, cookieOf(inA.network!));
  await socket.greeted;
  socket.ws.send(frame);
  return socket.closed;
}

function frame(...parts: ((e: encoding.Encoder) => void)[]): Uint8Array {
  const e = encoding.createEncoder();
  for (const part of parts) part(e);
  return encoding.toUint8Array(e);
}

/** The board of conference A as a fresh client loads it, as JSON. */
async function boardNow(): Promise<string> {
  const client = await connect(coordinator, conferenceA);
  try {
    return JSON.stringify(readBoard(client.doc));
  } finally {
    client.destroy();
  }
}

async function health(): Promise<{ ok: boolean; connections: number }> {
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
  return (await res.json()) as { ok: boolean; connections: number };
}

beforeAll(async () => {
  server = await startServer();
  coordinator = await setupCoordinator(server);
  conferenceA = await createConference(coordinator, 'Conference A');
  conferenceB = await createConference(coordinator, 'Conference B');
  for (const role of ['youngPerson', 'network', 'carer', 'professional', 'observer']) {
    inA[role] = await join(server, (await invite(coordinator, conferenceA, role)).token);
  }
  writer = await connect(inA.youngPerson!, conferenceA);
  watcher = await connect(coordinator, conferenceA);
  const personId = addPerson(writer.doc, { displayName: 'Nan', relationship: 'grandmother', circle: 'family', connection: 'direct', atConference: true });
  addOffer(writer.doc, { personId, kind: 'visit', text: 'Tea every other Sunday', createdBy: writer.selfId });
  await waitFor('the first edit to reach the watcher', () => readBoard(watcher.doc).offers.length === 1);
});
afterAll(async () => {
  writer.destroy();
  watcher.destroy();
  await server.stop();
});

beforeEach(async () => {
  boardBefore = await boardNow();
});

// After every refusal: the server answers, the document is as it was, and the live peers still relay.
afterEach(async () => {
  expect((await health()).ok).toBe(true);
  expect(await boardNow()).toBe(boardBefore);
  marker += 1;
  const name = `Marker ${marker}`;
  addPerson(writer.doc, { displayName: name, relationship: 'friend', circle: 'friends', connection: 'none', atConference: false });
  await waitFor('a live edit to reach the watcher', () => readBoard(watcher.doc).people.some((p) => p.displayName === name));
  expect(writer.closes).toEqual([]);
  expect(watcher.closes).toEqual([]);
});

describe('connections that may not open a document', () => {
  it('closes a socket without a session cookie with 4401', async () => {
    const { closed } = rawSocket(`/sync/${conferenceA}/board`);
    expect(await closed).toEqual(CLOSE.unauthenticated);
    const stale = rawSocket(`/sync/${conferenceA}/board`, { cookie: `llb_session=${'A'.repeat(43)}` });
    expect((await stale.closed).code).toBe(CLOSE.unauthenticated.code);
  });

  it('closes a participant of conference A opening conference B with 4403', async () => {
    for (const doc of ['board', 'private']) {
      const { closed } = rawSocket(`/sync/${conferenceB}/${doc}`, cookieOf(inA.professional!));
      expect(await closed).toEqual(CLOSE.forbidden);
    }
  });

  it('closes a socket naming an unknown conference with 4404', async () => {
    const { closed } = rawSocket(`/sync/${crypto.randomUUID()}/board`, cookieOf(coordinator));
    expect(await closed).toEqual(CLOSE.notFound);
  });

  it('closes a socket naming a document that does not exist, or a malformed id, with 4404', async () => {
    for (const pathname of [
      `/sync/${conferenceA}/secrets`,
      `/sync/${conferenceA}/Board`,
      `/sync/${conferenceA}/board%00`,
      `/sync/not%20an%20id/board`,
      `/sync/${'x'.repeat(65)}/board`,
    ]) {
      const { closed } = rawSocket(pathname, cookieOf(coordinator));
      expect((await closed).code, pathname).toBe(CLOSE.notFound.code);
    }
  });

  it('closes every role but coordinator and professional on the private document with 4403', async () => {
    for (const role of ['network', 'youngPerson', 'carer', 'observer']) {
      const { closed } = rawSocket(`/sync/${conferenceA}/private`, cookieOf(inA[role]!));
      expect(await closed, role).toEqual(CLOSE.forbidden);
    }
  });

  it('lets the coordinator and a professional open the private document', async () => {
    for (const api of [coordinator, inA.professional!]) {
      const client = await connect(api, conferenceA, 'private');
      expect(client.provider.wsconnected).toBe(true);
      expect(client.closes).toEqual([]);
      client.destroy();
    }
  });

  it('closes a socket opened from another website with 4403, even with a valid cookie', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`]) {
      const { closed } = rawSocket(`/sync/${conferenceA}/board`, { ...cookieOf(coordinator), origin });
      expect(await closed, origin).toEqual(CLOSE.forbidden);
    }
    const ours = rawSocket(`/sync/${conferenceA}/board`, { ...cookieOf(coordinator), origin: server.url });
    await ours.greeted;
    ours.ws.close();
  });
});

describe('frames the server cannot accept', () => {
  it('closes a connection that sends a text frame with 4415', async () => {
    expect(await sendToBoard('{"type":"sync"}')).toEqual(CLOSE.textFrame);
  });

  it('closes a connection that sends random bytes with 4400', async () => {
    let seed = 20_240_601;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const length of [1, 7, 64, 1024]) {
      // First byte 0xff: a varUint continuation, never a complete small message type on its own.
      const bytes = Uint8Array.from({ length }, (_, i) => (i === 0 ? 0xff : Math.floor(random() * 256)));
      expect((await sendToBoard(bytes)).code, `${length} random bytes`).toBe(CLOSE.badFrame.code);
    }
  });

  it('closes a connection that sends a truncated sync message with 4400', async () => {
    const whole = frame(
      (e) => encoding.writeVarUint(e, MESSAGE.sync),
      (e) => encoding.writeVarUint(e, 2),
      (e) => encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(writer.doc)),
    );
    expect(await sendToBoard(whole.slice(0, Math.floor(whole.length / 2)))).toEqual(CLOSE.badFrame);
    expect(await sendToBoard(Uint8Array.of(MESSAGE.sync))).toEqual(CLOSE.badFrame);
    expect(await sendToBoard(new Uint8Array(0))).toEqual(CLOSE.badFrame);
  });

  it('closes a connection that sends an unknown message type (99) with 4400', async () => {
    expect(await sendToBoard(frame((e) => encoding.writeVarUint(e, 99)))).toEqual(CLOSE.badFrame);
    expect(await sendToBoard(frame((e) => encoding.writeVarUint(e, MESSAGE.sync), (e) => encoding.writeVarUint(e, 7), (e) => encoding.writeVarUint8Array(e, new Uint8Array(0))))).toEqual(CLOSE.badFrame);
  });

  it('closes a connection that sends an auth message (only the server sends those) with 4400', async () => {
    expect(await sendToBoard(frame((e) => encoding.writeVarUint(e, MESSAGE.auth), (e) => encoding.writeVarUint(e, 0), (e) => encoding.writeVarString(e, 'let me in')))).toEqual(CLOSE.badFrame);
  });

  it('closes a connection whose sync update is not a valid Yjs update with 4400, storing nothing', async () => {
    for (const step of [1, 2] as const) {
      const update = (payload: Uint8Array) =>
        frame((e) => encoding.writeVarUint(e, MESSAGE.sync), (e) => encoding.writeVarUint(e, step), (e) => encoding.writeVarUint8Array(e, payload));
      expect((await sendToBoard(update(Uint8Array.of(5, 0xff, 0xff, 0xff, 1, 2, 3)))).code).toBe(CLOSE.badFrame.code);
      const good = Y.encodeStateAsUpdate(writer.doc);
      expect((await sendToBoard(update(good.slice(0, good.length - 5)))).code).toBe(CLOSE.badFrame.code);
    }
  });

  it('closes a connection whose SyncStep1 carries a garbage state vector with 4400', async () => {
    const step1 = frame((e) => encoding.writeVarUint(e, MESSAGE.sync), (e) => encoding.writeVarUint(e, 0), (e) => encoding.writeVarUint8Array(e, Uint8Array.of(9, 0xff, 0xff)));
    expect(await sendToBoard(step1)).toEqual(CLOSE.badFrame);
  });

  it('closes a connection whose awareness update is malformed with 4400', async () => {
    const notJson = frame(
      (e) => encoding.writeVarUint(e, MESSAGE.awareness),
      (e) =>
        encoding.writeVarUint8Array(
          e,
          frame(
            (inner) => encoding.writeVarUint(inner, 1),
            (inner) => encoding.writeVarUint(inner, 12345),
            (inner) => encoding.writeVarUint(inner, 1),
            (inner) => encoding.writeVarString(inner, '{not json'),
          ),
        ),
    );
    expect(await sendToBoard(notJson)).toEqual(CLOSE.badFrame);
    expect(await sendToBoard(frame((e) => encoding.writeVarUint(e, MESSAGE.awareness), (e) => encoding.writeVarUint8Array(e, Uint8Array.of(3, 1))))).toEqual(CLOSE.badFrame);
  });

  it('closes a connection that sends trailing bytes after a valid message with 4400', async () => {
    const query = frame((e) => encoding.writeVarUint(e, MESSAGE.queryAwareness), (e) => encoding.writeVarUint(e, 0));
    expect(await sendToBoard(query)).toEqual(CLOSE.badFrame);
  });

  it(`closes a connection that sends a frame over ${MAX_FRAME_BYTES} bytes with 1009`, async () => {
    const closed = await sendToBoard(Buffer.alloc(MAX_FRAME_BYTES + 1, 0));
    expect(closed.code).toBe(1009);
  });

  it('closes a connection whose bad frame arrives before the document has loaded with 4400', async () => {
    const socket = rawSocket(`/sync/${conferenceA}/board`, cookieOf(inA.network!));
    socket.ws.on('open', () => socket.ws.send(Uint8Array.of(99)));
    expect(await socket.closed).toEqual(CLOSE.badFrame);
  });

  // Skipped until server/sync/connection.ts stops handling frames queued behind one it refused:
  // today the update below is stored and relayed although its connection was closed with 4400.
  it('ignores everything a connection sent after the frame it was closed for', async () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(watcher.doc));
    const before = Y.encodeStateVector(doc);
    addPerson(doc, { displayName: 'Sent after a bad frame', relationship: 'x', circle: 'friends', connection: 'none', atConference: false });
    const update = frame((e) => encoding.writeVarUint(e, MESSAGE.sync), (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, before)));
    const socket = rawSocket(`/sync/${conferenceA}/board`, cookieOf(inA.network!));
    socket.ws.on('open', () => {
      socket.ws.send(Uint8Array.of(99));
      socket.ws.send(update);
    });
    expect(await socket.closed).toEqual(CLOSE.badFrame);
    // afterEach then checks that a fresh client loads the board unchanged.
  });

  it('refuses an observer’s garbage the same way as a writer’s (4400)', async () => {
    const socket = rawSocket(`/sync/${conferenceA}/board`, cookieOf(inA.observer!));
    await socket.greeted;
    socket.ws.send(frame((e) => encoding.writeVarUint(e, MESSAGE.sync), (e) => encoding.writeVarUint(e, 2), (e) => encoding.writeVarUint8Array(e, Uint8Array.of(5, 0xff))));
    expect((await socket.closed).code).toBe(CLOSE.badFrame.code);
  });
});

describe('many bad connections', () => {
  it('leaks no connections after 20 malformed or refused connections in a row', async () => {
    const real = 2; // writer and watcher
    await waitFor('only the live peers to be connected', async () => (await health()).connections === real);
    for (let i = 0; i < 20; i += 1) {
      switch (i % 5) {
        case 0:
          expect((await sendToBoard(Uint8Array.of(99))).code).toBe(CLOSE.badFrame.code);
          break;
        case 1:
          expect((await sendToBoard('text')).code).toBe(CLOSE.textFrame.code);
          break;
        case 2:
          expect((await rawSocket(`/sync/${conferenceA}/board`).closed).code).toBe(CLOSE.unauthenticated.code);
          break;
        case 3: {
          const early = rawSocket(`/sync/${conferenceA}/board`, cookieOf(inA.network!));
          early.ws.on('open', () => early.ws.send(Uint8Array.of(0, 9)));
          expect((await early.closed).code).toBe(CLOSE.badFrame.code);
          break;
        }
        default: {
          // Closed by the client itself, mid-handshake with the document.
          const socket = rawSocket(`/sync/${conferenceA}/board`, cookieOf(inA.network!));
          socket.ws.on('open', () => socket.ws.terminate());
          await socket.closed;
        }
      }
    }
    await waitFor('the connection count to return to the live peers', async () => (await health()).connections === real, 5_000);
  });
});
