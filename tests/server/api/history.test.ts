// The record of who did what: a conference's events and every change to its board, told in plain
// words from what the server itself recorded, with typing folded into one line; for the
// coordinator only; downloadable as CSV; and still whole after the log is folded into a snapshot.

import { describe, expect, it } from 'vitest';
import { addOffer, addPerson, editOffer, giveYes, moveOffer, ROOT } from '../../../shared/board.ts';
import { createConference } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import { startServer } from '../../helpers/server.ts';
import { joinBoard, sameSession, serverPerFile, waitConverged } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { CLOSE } from '../../../shared/protocol.ts';
import { recordedBy } from '../../helpers/yes.ts';

const live = serverPerFile({ end: 'stop' });

interface Line {
  at: string;
  who: string;
  role: string;
  what: string;
  count: number;
}

async function history(conferenceId: string): Promise<Line[]> {
  const res = await live.coordinator.get(`/api/conferences/${conferenceId}/history`);
  expect(res.status).toBe(200);
  return res.json as unknown as Line[];
}

const sentence = (line: Line) => `${line.who} ${line.what}`;

describe('the record of who did what', () => {
  it('tells a meeting’s events and board changes in plain words, in order, folding typing into one line', async () => {
    const conferenceId = await createConference(live.coordinator, 'History');
    const jo = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Aunt Jo', role: 'network' });
    const priya = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Priya', role: 'professional' });
    live.open.push(jo, priya);
    const gran = addPerson(jo.doc, { displayName: 'Gran', relationship: 'Gran', circle: 'family', connection: 'direct', atConference: true });
    const offer = addOffer(jo.doc, { personId: gran, kind: 'visit', text: 'Tea on Sundays', createdBy: jo.selfId });
    for (const text of ['Tea on Sundays,', 'Tea on Sundays, with', 'Tea on Sundays, with cake']) editOffer(jo.doc, offer, { text });
    moveOffer(jo.doc, offer, { column: 'notNow', beforeId: null });
    await waitConverged([jo, priya], 'the edits to settle');
    // In the room, Robin says yes to it; the coordinator records it.
    const casey = await connect(live.coordinator, conferenceId);
    live.open.push(casey);
    giveYes(casey.doc, offer, recordedBy(casey.selfId));
    await waitConverged([jo, priya, casey], 'the yes to settle');
    expect((await live.coordinator.post(`/api/conferences/${conferenceId}/phase`, { phase: 'sharing' })).status).toBe(200);
    // A change the rules refuse: only the coordinator changes the title.
    const stray = await connect(jo.api, conferenceId);
    live.open.push(stray);
    stray.doc.getMap(ROOT.meta).set('title', 'Not allowed');
    await waitFor('the refusal', () => stray.closes.some((c) => c.code === CLOSE.refused.code));
    const notes = await connect(priya.api, conferenceId, 'private');
    live.open.push(notes);
    expect((await jo.api.post(`/api/conferences/${conferenceId}/agreements`)).status).toBe(201);

    let lines: Line[] = [];
    await waitFor('the history to hold the notes being opened', async () => {
      lines = await history(conferenceId);
      return lines.some((l) => l.what === 'opened the professionals’ notes');
    });
    const told = lines.map(sentence);
    const expected = [
      'Casey Coordinator created the conference',
      'Casey Coordinator invited Aunt Jo (Family and friends)',
      'Aunt Jo joined with their invite link',
      'Aunt Jo opened the board',
      'Aunt Jo added Gran to My people',
      'Aunt Jo added an offer: “Tea on Sundays”',
      'Aunt Jo changed the words of “Tea on Sundays, with cake”',
      'Aunt Jo moved “Tea on Sundays, with cake” to Not now',
      'Casey Coordinator recorded the young person’s yes to “Tea on Sundays, with cake” (moved to Agreed)',
      'Casey Coordinator moved the conference to “Sharing information”',
      'Aunt Jo made a change the board did not accept: Only the coordinator can change the conference details.',
      'Priya opened the professionals’ notes',
      'Aunt Jo agreed with the plan',
    ];
    // In this order (other lines may come between them).
    let from = 0;
    for (const want of expected) {
      const at = told.indexOf(want, from);
      expect(at, `"${want}" after line ${from} in:\n${told.join('\n')}`).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
    expect(lines.find((l) => l.what.startsWith('changed the words of'))?.count).toBe(3);
    expect(lines.find((l) => l.who === 'Aunt Jo')?.role).toBe('Family and friends');
    for (const line of lines) expect(Number.isNaN(Date.parse(line.at))).toBe(false);
  });

  it('is for the coordinator only', async () => {
    const conferenceId = await createConference(live.coordinator, 'Private history');
    const jo = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Aunt Jo' });
    live.open.push(jo);
    expect((await jo.api.get(`/api/conferences/${conferenceId}/history`)).status).toBe(403);
  });

  it('downloads as CSV, with names that could run as spreadsheet formulas made harmless', async () => {
    const conferenceId = await createConference(live.coordinator, 'CSV');
    const sly = await joinBoard(live.server, live.coordinator, conferenceId, { name: '=HYPERLINK("http://example.org","Click")' });
    sly.destroy();
    const res = await live.coordinator.get(`/api/conferences/${conferenceId}/history?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="history-/);
    const rows = res.text.trim().split('\r\n');
    expect(rows[0]).toBe('time,who,role,what,times');
    // The name is a cell of its own: quoted (it holds quotes and a comma) and starting with ' so it stays words.
    expect(res.text).toContain(',"\'=HYPERLINK(""http://example.org"",""Click"")",Family and friends,joined with their invite link,1');
    expect(res.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('still tells every board change after the log is folded into a snapshot and the server restarts', async () => {
    const conferenceId = await createConference(live.coordinator, 'After compaction');
    const jo = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Aunt Jo' });
    addPerson(jo.doc, { displayName: 'Uncle Ray', relationship: '', circle: 'family', connection: 'none', atConference: false });
    await waitFor('the edit to be kept', async () => (await history(conferenceId)).some((l) => l.what === 'added Uncle Ray to My people'));
    jo.destroy();
    // A graceful stop folds every open room's log into a snapshot (the updates' bytes go).
    expect(await live.server.stop()).toBe(0);
    live.server = await startServer({ dataDir: live.server.dataDir });
    live.coordinator = sameSession(live.coordinator, live.server);
    expect((await history(conferenceId)).map(sentence)).toContain('Aunt Jo added Uncle Ray to My people');
  });
});
