// What a server started on a database made by an earlier main must still show: the coordinator
// signs in with their password, the conference, its invites, the board as it was (wishes, people,
// offers, the backup plan, the review date), the professionals' notes, the agreed version byte for
// byte with its SHA-256, and the record of who did what — and, for databases made since the young
// person decided what is agreed, the conference's date and place, relationships, the young
// person's yes and a family member's link to the plan. The fixtures, one folder per main that made
// them, and the script that made them are in tests/fixtures/databases/.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from '../../../shared/board.ts';
import { ApiClient, served } from '../../helpers/api.ts';
import { connect } from '../../helpers/client.ts';
import type { TestServer } from '../../helpers/server.ts';
import type { Expected } from '../../fixtures/databases/make.ts';

const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/databases/', import.meta.url));

/** Every earlier main's databases: its name and folder (all of them must open, whatever their age). */
export function earlierMains(): Array<{ name: string; dir: string }> {
  return fs
    .readdirSync(FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(FIXTURES_DIR, entry.name, 'expected.json')))
    .map((entry) => ({ name: entry.name, dir: path.join(FIXTURES_DIR, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What the old server showed, for the SQLite or the PostgreSQL database in `dir`. */
export function expectedOf(dir: string, kind: 'sqlite' | 'postgres'): Expected {
  const all = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<'sqlite' | 'postgres', Expected>;
  return all[kind];
}

/** Checks everything the previous main kept is there, as it was, on `server`. */
export async function expectNothingLost(server: TestServer, expected: Expected): Promise<void> {
  const coordinator = new ApiClient(server.url);
  const signIn = await coordinator.post('/api/login', { email: 'casey@example.org', password: 'a long invented password' });
  expect(signIn.status).toBe(200);
  const id = expected.conferenceId;

  const conference = await coordinator.get(`/api/conferences/${id}`);
  expect(conference.status).toBe(200);
  expect(conference.json).toMatchObject({ title: expected.title, youngPersonName: expected.youngPersonName, phase: 'review', locked: false, versions: [1] });

  const invites = await coordinator.get(`/api/conferences/${id}/invites`);
  expect(invites.json.map((i) => ({ displayName: i.displayName, role: i.role, joined: i.joinedAt !== null }))).toEqual(expected.invites);

  // The agreed version, byte for byte.
  const plan = await served(coordinator, `/api/conferences/${id}/plans/1.json`);
  expect(plan.status).toBe(200);
  expect(plan.sha256).toBe(expected.plan.sha256);
  expect(plan.bytes.length).toBe(expected.plan.bytes);
  for (const format of ['pdf', 'docx']) {
    const file = await served(coordinator, `/api/conferences/${id}/plans/1.${format}`);
    expect(file.status, `version 1 as ${format}`).toBe(200);
    expect(file.bytes.length).toBeGreaterThan(1000);
  }

  const board = await connect(coordinator, id);
  const read = readBoard(board.doc);
  board.destroy();
  expect(read.problems).toEqual([]);
  expect({
    objectives: read.objectives.length,
    people: read.people.length,
    offers: read.offers.length,
    agreed: read.offers.filter((o) => o.column === 'agreed').length,
    reviewDate: read.meta.reviewDate,
    contingency: read.contingency,
  }).toEqual(expected.board);

  const notes = await connect(coordinator, id, 'private');
  const texts = [...notes.doc.getMap('notes').values()].flatMap((note) => (note instanceof Y.Map ? [String(note.get('contactDetails'))] : []));
  notes.destroy();
  expect(texts).toContain(expected.notes);

  const history = await coordinator.get(`/api/conferences/${id}/history`);
  expect(history.status).toBe(200);
  expect(history.json.length).toBeGreaterThanOrEqual(expected.historyLines);

  const since17 = expected.since17;
  if (since17 === undefined) return;
  expect(conference.json).toMatchObject({ scheduledFor: since17.scheduledFor, place: since17.place });
  expect(invites.json.map((i) => i.relationship)).toEqual(since17.relationships);
  expect(read.offers.filter((o) => o.yes !== null)).toHaveLength(since17.yeses);
  const family = new ApiClient(server.url);
  const opened = await family.post('/api/plan-link', { token: since17.planLinkToken });
  expect(opened.status).toBe(200);
  expect(opened.json).toMatchObject({ conferenceId: id, version: 1 });
}
