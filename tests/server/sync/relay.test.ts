import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOffer, addPerson, readBoard } from '../../../shared/board.ts';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { createConference, invite, join, setupCoordinator, type ApiClient } from '../../helpers/api.ts';
import { connect, type BoardClient } from '../../helpers/client.ts';
import { waitFor } from '../../helpers/wait.ts';

let server: TestServer;
let coordinator: ApiClient;
let conferenceId: string;
const clients: BoardClient[] = [];

beforeAll(async () => {
  server = await startServer();
  coordinator = await setupCoordinator(server);
  conferenceId = await createConference(coordinator);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.stop();
});

async function participant(role: string): Promise<BoardClient> {
  const { token } = await invite(coordinator, conferenceId, role);
  const api = await join(server, token);
  const client = await connect(api, conferenceId);
  clients.push(client);
  return client;
}

describe('the live board relay', () => {
  it('serves the board the server created, with the conference title in meta', async () => {
    const a = await participant('youngPerson');
    expect(readBoard(a.doc).meta.title).toBe('Plan for Robin');
    expect(readBoard(a.doc).meta.connectionsAtStart).toBe(7);
  });

  it('shows one participant’s new offer to another', async () => {
    const a = await participant('network');
    const b = await participant('carer');
    const personId = addPerson(a.doc, { displayName: 'Aunt Jo', relationship: 'aunt', circle: 'family', connection: 'indirect', atConference: true });
    addOffer(a.doc, { personId, kind: 'call', text: 'Phone on Sundays', createdBy: a.selfId });
    const seen = await waitFor('offer to reach b', () => readBoard(b.doc).offers.find((o) => o.text === 'Phone on Sundays'));
    expect(seen.column).toBe('suggested');
  });

  it('drops an observer’s edits and tells them with the auth message', async () => {
    const observer = await participant('observer');
    const writer = await participant('network');
    await waitFor('observer told it is read-only', () => observer.denied.length > 0);
    expect(observer.denied[0]).toMatch(/read-only/);
    const personId = addPerson(observer.doc, { displayName: 'Should Not Stay', relationship: 'x', circle: 'friends', connection: 'none', atConference: false });
    // A later, real edit from a writer proves the relay has moved past the observer's frame.
    addPerson(writer.doc, { displayName: 'Marker', relationship: 'x', circle: 'friends', connection: 'none', atConference: false });
    const fresh = await participant('professional');
    await waitFor('marker reaches a fresh client', () => readBoard(fresh.doc).people.some((p) => p.displayName === 'Marker'));
    expect(readBoard(fresh.doc).people.some((p) => p.id === personId)).toBe(false);
    expect(readBoard(writer.doc).people.some((p) => p.id === personId)).toBe(false);
  });

  it('keeps a coordinator edit and a participant edit in one document', async () => {
    const coord = await connect(coordinator, conferenceId);
    clients.push(coord);
    const a = await participant('youngPerson');
    addPerson(coord.doc, { displayName: 'Coach Lee', relationship: 'football coach', circle: 'community', connection: 'direct', atConference: false });
    await waitFor('coordinator edit reaches a', () => readBoard(a.doc).people.some((p) => p.displayName === 'Coach Lee'));
    const y = new Y.Doc();
    Y.applyUpdate(y, Y.encodeStateAsUpdate(a.doc));
    expect(readBoard(y).people.map((p) => p.displayName)).toContain('Coach Lee');
  });
});
