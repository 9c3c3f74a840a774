// The server's own output at LOG_LEVEL=info carries ids and counts, never what people typed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.ts';
import { ApiClient, invite, join } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { waitFor } from '../../helpers/wait.ts';

// Distinctive invented values, so a match in the output can only come from this test.
const PERSONAL = {
  name: 'Quillon Vantablack',
  email: 'quillon.vantablack@zzexample.org',
  password: 'marmalade-trombone-4471-secret',
  wrongPassword: 'hazelnut-xylophone-9902-wrong',
  title: 'Gathering for Zephyrine',
  youngPersonName: 'Zephyrine',
  invitee: 'Great-aunt Philomena Oddbody',
};

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'info' } });
});
afterAll(async () => {
  await server.stop();
});

describe('what the server writes to its log', () => {
  it('logs no names, emails, titles, passwords, invite tokens or session cookies', async () => {
    const coordinator = new ApiClient(server.url);
    expect((await coordinator.post('/api/setup', { token: server.setupToken, name: PERSONAL.name, email: PERSONAL.email, password: PERSONAL.password })).status).toBe(201);
    expect((await new ApiClient(server.url).post('/api/login', { email: PERSONAL.email, password: PERSONAL.wrongPassword })).status).toBe(401);
    expect((await coordinator.post('/api/login', { email: PERSONAL.email, password: PERSONAL.password })).status).toBe(200);
    const created = await coordinator.post('/api/conferences', { title: PERSONAL.title, youngPersonName: PERSONAL.youngPersonName });
    expect(created.status).toBe(201);
    const conferenceId = String(created.json.id);
    const made = await invite(coordinator, conferenceId, 'network', PERSONAL.invitee);
    const participant = await join(server, made.token);
    expect((await participant.get('/api/me')).json.displayName).toBe(PERSONAL.invitee);
    // Refused input is logged too; its content must not be.
    await coordinator.post('/api/conferences', { title: PERSONAL.title, youngPersonName: PERSONAL.youngPersonName, extra: PERSONAL.invitee });
    // A link someone mistyped (well-formed, but no invite has it): refused, and not written down.
    const mistyped = `${made.token.slice(0, -1)}${made.token.endsWith('A') ? 'B' : 'A'}`;
    expect((await new ApiClient(server.url).post('/api/join', { token: mistyped })).status).toBe(404);
    const board = await connect(participant, conferenceId);
    board.destroy();
    await coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/${made.id}`);
    const coordinatorSecret = coordinator.cookie.slice(coordinator.cookie.indexOf('=') + 1);
    await coordinator.post('/api/logout');

    const output = await waitFor('the request log to be written', () => {
      const text = server.output();
      return text.includes('"path":"/api/logout"') ? text : null;
    });
    // The log is on: it does record requests, by path and status.
    expect(output).toContain('"msg":"request"');
    const forbidden = [
      ...Object.values(PERSONAL),
      PERSONAL.email.toLowerCase(),
      made.token,
      mistyped,
      coordinatorSecret,
      participant.cookie.slice(participant.cookie.indexOf('=') + 1),
    ].filter((s) => s !== '');
    for (const value of forbidden) expect(output, `the log contains ${JSON.stringify(value)}`).not.toContain(value);
  });
});
