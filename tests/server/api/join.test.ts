// Opening your own link again on another device within a day moves your place there: the first
// device is signed out at once and told why, the coordinator's history shows it, and after a day
// the link says how to get a new one.
import { describe, expect, it } from 'vitest';
import { CLOSE } from '../../../shared/protocol.ts';
import { ApiClient, createConference, invite, join } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { serverPerFile } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

describe('opening your link on another device', () => {
  it('moves your place to the new device, signs the first out with a reason, and puts it on the record', async () => {
    const conferenceId = await createConference(live.coordinator, 'Two devices');
    const made = await invite(live.coordinator, conferenceId, 'network', 'Gran Betty');
    const messagingApp = await join(live.server, made.token);
    const board = await connect(messagingApp, conferenceId);
    live.open.push(board);

    const realBrowser = new ApiClient(live.server.url);
    const moved = await realBrowser.post('/api/join', { token: made.token });
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ conferenceId, displayName: 'Gran Betty', role: 'network' });

    await waitFor('the first device’s board to be closed', () => board.closes.some((c) => c.code === CLOSE.movedDevice.code && c.reason === CLOSE.movedDevice.reason));
    expect((await messagingApp.get('/api/me')).status).toBe(401);
    expect((await realBrowser.get('/api/me')).json).toMatchObject({ kind: 'participant', displayName: 'Gran Betty' });
    const there = await connect(realBrowser, conferenceId);
    live.open.push(there);
    expect(there.closes).toEqual([]);

    const history = (await live.coordinator.get(`/api/conferences/${conferenceId}/history`)).json as unknown as Array<{ who: string; what: string }>;
    expect(history.map((line) => `${line.who}: ${line.what}`)).toContain('Gran Betty: opened their link on another device (the first one was signed out)');
  });

  it('still refuses a withdrawn link on a second device', async () => {
    const conferenceId = await createConference(live.coordinator, 'Withdrawn');
    const made = await invite(live.coordinator, conferenceId, 'network');
    await join(live.server, made.token);
    expect((await live.coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/${made.id}`)).status).toBe(204);
    const again = await new ApiClient(live.server.url).post('/api/join', { token: made.token });
    expect(again.status).toBe(410);
    expect(again.json.error).toMatch(/withdrawn/);
  });
});
