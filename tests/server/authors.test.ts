// Who added and last changed each card, from the server's record of who sent each stored change:
// against a real server, across later changes (read incrementally) and a restart.
import { describe, expect, it } from 'vitest';
import { addOffer, addPerson, editOffer, editPerson } from '../../shared/board.ts';
import { createConference } from '../helpers/api.ts';
import { startServer } from '../helpers/server.ts';
import { joinBoard, sameSession, serverPerFile, waitConverged } from '../helpers/sync.ts';
import { waitFor } from '../helpers/wait.ts';

const live = serverPerFile({ end: 'stop' });

describe('GET /api/conferences/:id/authors', () => {
  it('names who added each card and who last changed it, as the server saw them, and keeps up with later changes', async () => {
    const conferenceId = await createConference(live.coordinator, 'Authors');
    const family = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'network', name: 'Aunt Jo' });
    const professional = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'professional', name: 'Priya' });
    live.open.push(family, professional);
    const gran = addPerson(family.doc, { displayName: 'Gran', relationship: '', circle: 'family', connection: 'direct', atConference: true });
    const tea = addOffer(family.doc, { personId: gran, kind: 'visit', text: 'Tea', createdBy: family.selfId });
    await waitConverged([family, professional], 'the offer to settle');
    const first = await family.api.get(`/api/conferences/${conferenceId}/authors`);
    expect(first.status).toBe(200);
    expect(first.json[tea]).toEqual({ addedBy: family.participantId, addedAt: expect.any(String), changedBy: null, changedAt: null });

    editOffer(professional.doc, tea, { frequency: 'Every week' });
    editPerson(professional.doc, gran, { relationship: 'Grandmother' });
    await waitConverged([family, professional], 'the changes to settle');
    // The stage is the server's change, nobody's edit of a card.
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'sharing' })).status).toBe(200);
    await waitFor('the professional’s change to be told', async () => {
      const res = await family.api.get(`/api/conferences/${conferenceId}/authors`);
      return (res.json[tea] as { changedBy?: string } | undefined)?.changedBy === professional.participantId;
    });
    const after = await family.api.get(`/api/conferences/${conferenceId}/authors`);
    expect(after.json[tea]).toMatchObject({ addedBy: family.participantId, changedBy: professional.participantId, changedAt: expect.any(String) });
    expect(after.json[gran]).toMatchObject({ addedBy: family.participantId, changedBy: professional.participantId });

    // Someone from another conference is told there is no such conference.
    const other = await createConference(live.coordinator, 'Elsewhere');
    const stranger = await joinBoard(live.server, live.coordinator, other, { role: 'network' });
    live.open.push(stranger);
    expect((await stranger.api.get(`/api/conferences/${conferenceId}/authors`)).status).toBe(404);

    // After a restart the record is the same (it is read from the stored log).
    for (const client of live.open.splice(0)) client.destroy();
    await live.server.stop();
    live.server = await startServer({ dataDir: live.server.dataDir });
    const again = await sameSession(live.coordinator, live.server).get(`/api/conferences/${conferenceId}/authors`);
    expect(again.json[tea]).toEqual(after.json[tea]);
  });
});
