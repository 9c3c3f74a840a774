// Seeded fuzz of the family map built together, through a real server and the real client (LiveDoc):
// five people at once add people and lines between them, change what a line is, remove and put back
// lines and people, with their changes racing each other to the server. Lines that only clash once
// merged (two people closing a loop of parents from both ends at once) are refused by the server and
// the writer's board reloads. At the end everyone, the store and a late joiner read one family map:
// every line joins two people on the board, nobody is their own ancestor, each line is read once.
// Fresh seeds every run (in the test titles) plus pinned ones.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addPerson,
  addRelationship,
  BoardError,
  editRelationship,
  putBack,
  readBoard,
  RELATIONSHIP_KINDS,
  removeToList,
  YOUNG_PERSON,
} from '../../../shared/board.ts';
import { relationshipKey } from '../../../shared/board-read.ts';
import { familyOf, familyProblem } from '../../../shared/board-relationships.ts';
import type { Actor } from '../../../shared/roles.ts';
import type { Party } from '../../../shared/records/index.ts';
import { LiveDoc } from '../../../client/sync/liveDoc.ts';
import { createConference } from '../../helpers/api.ts';
import { cookieWebSocket } from '../../helpers/client.ts';
import { freshSeeds, rng, type Rng } from '../../helpers/random.ts';
import { storedDoc } from '../../helpers/stored.ts';
import { boardJson, joinBoard, serverPerFile } from '../../helpers/sync.ts';
import { waitFor } from '../../helpers/wait.ts';
import { convergedLive } from '../../helpers/liveDocs.ts';

const SEEDS = [11, 12, ...freshSeeds(1)];
/** Seeds that once failed stay here with what they found (none yet). */
const REGRESSION_SEEDS: ReadonlyArray<{ seed: number; found: string }> = [];
const ROUNDS = 30;

const live = serverPerFile({ end: 'stop' });

interface Person {
  selfId: string;
  live: LiveDoc;
}

/** Everyone's document once each page's changes are stored or refused and all read the same. */
const settled = (people: readonly Person[], what: string) => convergedLive(people.map((person) => person.live), what, true);

/** One honest change to the family map, as a person's board makes it; what it did. */
function familyEdit(random: Rng, doc: Y.Doc, person: Person, tag: string): string {
  const board = readBoard(doc);
  const ends: Party[] = [YOUNG_PERSON, ...board.people.map((p) => p.id)];
  const roll = random.int(100);
  if (roll < 15 || board.people.length < 3) {
    addPerson(doc, { displayName: `Person ${tag}`, relationship: '', circle: 'family', connection: 'none', atConference: false });
    return 'add a person';
  }
  if (roll < 60) {
    const from = random.pick(ends)!;
    const to = random.pick(ends)!;
    // Mostly parents, so loops are often close to being made.
    const kind = random.chance(0.6) ? 'parent' : random.pick(RELATIONSHIP_KINDS)!;
    addRelationship(doc, { from, to, kind });
    return `add ${kind}`;
  }
  const line = random.pick(board.relationships);
  if (roll < 72 && line) {
    editRelationship(doc, line.id, { kind: random.pick(RELATIONSHIP_KINDS)! });
    return 'change a line';
  }
  if (roll < 82 && line) {
    removeToList(doc, 'relationship', line.id, person.selfId, new Date().toISOString());
    return 'remove a line';
  }
  const removed = random.pick(board.removed);
  if (roll < 92 && removed && (removed.kind === 'relationship' || removed.kind === 'person')) {
    putBack(doc, removed.kind, removed.kind === 'person' ? removed.person.id : removed.relationship.id);
    return `put back a ${removed.kind}`;
  }
  const someone = random.pick(board.people);
  if (!someone) return 'nothing';
  removeToList(doc, 'person', someone.id, person.selfId, new Date().toISOString());
  return 'remove a person';
}

async function runFuzz(seed: number): Promise<void> {
  const random = rng(seed);
  const conferenceId = await createConference(live.coordinator, `Family fuzz ${seed}`);
  const roles: Actor[] = ['youngPerson', 'network', 'network', 'carer', 'professional'];
  const url = `${live.server.url.replace(/^http/, 'ws')}/sync/${conferenceId}`;
  const people: Person[] = [];
  for (const [i, role] of roles.entries()) {
    const joined = await joinBoard(live.server, live.coordinator, conferenceId, { role, name: `Family ${i}` });
    joined.destroy();
    people.push({ selfId: joined.participantId, live: new LiveDoc({ url, docName: 'board', user: null, WebSocketPolyfill: cookieWebSocket(joined.api) }) });
  }
  const log: string[] = [];
  try {
    await settled(people, 'everyone to load the board');
    for (let round = 0; round < ROUNDS; round += 1) {
      const generations = people.map((p) => p.live.state.generation);
      for (const [i, person] of people.entries()) {
        const doc = person.live.state.doc;
        if (!doc || !random.chance(0.7)) continue;
        for (let n = 1 + random.int(3); n > 0; n -= 1) {
          try {
            log.push(`${round}: ${i} ${familyEdit(random, doc, person, `${seed}-${round}-${i}-${n}`)}`);
          } catch (error) {
            // What this person's board says they may not do (a loop they can see, a line twice) is not sent.
            if (!(error instanceof BoardError)) throw error;
            log.push(`${round}: ${i} not allowed here (${error.message})`);
          }
        }
      }
      await settled(people, `everyone to agree after round ${round} (seed ${seed}; recent: ${log.slice(-8).join(' | ')})`);
      for (const [i, person] of people.entries()) {
        if (person.live.state.generation === generations[i]) continue;
        // Only what clashed once merged is refused, and it is said as the family's own rule.
        expect(person.live.state.notice?.rule, `seed ${seed}, round ${round}: ${JSON.stringify(person.live.state.notice)}`).toBe('relationships');
      }
    }
    const docs = await settled(people, `everyone to agree at the end (seed ${seed})`);
    const stored = storedDoc(live.server, conferenceId);
    expect(boardJson(stored), `seed ${seed}`).toBe(boardJson(docs[0]!));
    const late = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'observer', name: 'Late' });
    live.open.push(late);
    await waitFor('the late joiner to match', () => boardJson(late.doc) === boardJson(stored));

    const board = readBoard(stored);
    expect(board.problems).toEqual([]);
    const onBoard = new Set<string>([YOUNG_PERSON, ...board.people.map((p) => p.id)]);
    for (const line of board.relationships) {
      expect(line.from, `seed ${seed}`).not.toBe(line.to);
      expect(onBoard.has(line.from) && onBoard.has(line.to), `seed ${seed}: a line to someone off the board`).toBe(true);
    }
    expect(new Set(board.relationships.map(relationshipKey)).size, `seed ${seed}: a line read twice`).toBe(board.relationships.length);
    expect(familyProblem(familyOf(stored), []), `seed ${seed}: the stored family`).toBeNull();
    expect(board.relationships.length, `seed ${seed}: the map grew`).toBeGreaterThan(3);
  } finally {
    for (const person of people) person.live.destroy();
  }
}

describe('the family map built by five people at once, through the real server (seeded fuzz)', () => {
  for (const seed of SEEDS) {
    it(`ends with one family map everyone reads alike, with no loop of parents (seed ${seed})`, async () => {
      await runFuzz(seed);
    });
  }
  for (const { seed, found } of REGRESSION_SEEDS) {
    it(`still holds for seed ${seed}, which once found: ${found}`, async () => {
      await runFuzz(seed);
    });
  }
});
