// Withdrawing an invite cuts that participant off the live board at once (4410, no retry) and their
// cookie opens nothing afterwards (4401), while everyone else stays connected.

import { describe, expect, it } from 'vitest';
import { addPerson, readBoard } from '../../../shared/board.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { joinBoard, serverPerFile } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

describe('withdrawing an invite', () => {
  it('closes the withdrawn participant’s live socket with 4410, refuses their cookie with 4401, and leaves others connected', async () => {
    const conferenceId = await createConference(live.coordinator);
    const leaving = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Withdrawn Person' });
    // The same person on a second device.
    const leavingAgain = await connect(leaving.api, conferenceId);
    const staying = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer', name: 'Staying Carer' });
    const coord = await connect(live.coordinator, conferenceId);
    live.open.push(leaving, leavingAgain, staying, coord);

    const res = await live.coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/${leaving.inviteId}`);
    expect(res.status).toBe(204);

    await waitFor('both of the withdrawn person’s sockets to close with 4410', () =>
      [leaving, leavingAgain].every((c) => c.closes.some((close) => close.code === CLOSE.revoked.code)),
    );
    expect(leaving.closes.at(-1)).toEqual({ code: CLOSE.revoked.code, reason: CLOSE.revoked.reason });
    // 44xx means "do not retry": the provider gives up instead of knocking again.
    expect(leaving.provider.shouldConnect).toBe(false);

    // Their cookie no longer opens the board.
    const retry = await connect(leaving.api, conferenceId, 'board', { waitForSync: false });
    live.open.push(retry);
    await waitFor('the old cookie to be refused with 4401', () => retry.closes.some((c) => c.code === CLOSE.unauthenticated.code));
    expect(retry.provider.synced).toBe(false);
    expect(retry.provider.shouldConnect).toBe(false);

    // Everyone else carries on: still connected, never closed, and edits still flow both ways.
    expect(staying.closes).toEqual([]);
    expect(coord.closes).toEqual([]);
    expect(staying.provider.wsconnected).toBe(true);
    addPerson(staying.doc, { displayName: 'After the withdrawal', relationship: '', circle: 'friends', connection: 'none', atConference: false });
    await waitFor('the carer’s edit to reach the coordinator', () =>
      readBoard(coord.doc).people.some((p) => p.displayName === 'After the withdrawal'),
    );
    addPerson(coord.doc, { displayName: 'Coordinator reply', relationship: '', circle: 'professionals', connection: 'none', atConference: false });
    await waitFor('the coordinator’s edit to reach the carer', () =>
      readBoard(staying.doc).people.some((p) => p.displayName === 'Coordinator reply'),
    );
    // And the withdrawn person received neither.
    expect(readBoard(leaving.doc).people.some((p) => p.displayName === 'Coordinator reply')).toBe(false);
  });

  it('does not store an edit the withdrawn participant makes after being cut off', async () => {
    const conferenceId = await createConference(live.coordinator);
    const leaving = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Withdrawn Person' });
    const coord = await connect(live.coordinator, conferenceId);
    live.open.push(leaving, coord);
    const res = await live.coordinator.request('DELETE', `/api/conferences/${conferenceId}/invites/${leaving.inviteId}`);
    expect(res.status).toBe(204);
    await waitFor('the socket to close with 4410', () => leaving.closes.some((c) => c.code === CLOSE.revoked.code));

    addPerson(leaving.doc, { displayName: 'Too late', relationship: '', circle: 'friends', connection: 'none', atConference: false });
    // A deliberate reconnect (as a page reload would) is refused before any frame is read.
    leaving.provider.connect();
    await waitFor('the reconnect to be refused with 4401', () => leaving.closes.some((c) => c.code === CLOSE.unauthenticated.code));
    const fresh = await connect(live.coordinator, conferenceId);
    live.open.push(fresh);
    addPerson(coord.doc, { displayName: 'Marker', relationship: '', circle: 'friends', connection: 'none', atConference: false });
    await waitFor('the marker to reach a fresh client', () => readBoard(fresh.doc).people.some((p) => p.displayName === 'Marker'));
    expect(readBoard(fresh.doc).people.map((p) => p.displayName)).not.toContain('Too late');
  });
});
