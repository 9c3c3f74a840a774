// Seeded convergence fuzz: four replicas make random edits, moves and removals while randomly going
// offline (their updates wait) and coming back; delivery order is random too. At the end every
// replica must read the same board, with every live offer exactly once and no problems.

import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CIRCLES,
  COLUMNS,
  CONNECTIONS,
  OBJECTIVE_STATUSES,
  OFFER_KINDS,
  SUPERVISIONS,
  addObjective,
  addOffer,
  addPerson,
  approveOffer,
  editObjective,
  editOffer,
  editPerson,
  initBoard,
  moveOffer,
  moveOfferBy,
  offersIn,
  readBoard,
  removeObjective,
  removeOffer,
  removePerson,
  setContingency,
  setMeta,
  setOfferObjectives,
} from '../../shared/board.ts';
import type { Board } from '../../shared/board.ts';
import { objectiveId, offerId, personId } from '../../shared/ids.ts';
import { freshSeeds, rng, spliceText, type Rng } from '../helpers/random.ts';
import { YES, youngPersonYes } from '../helpers/yes.ts';

/** Seeds run on every test run; add any seed that ever failed to REGRESSION_SEEDS with its story. */
const SEEDS = [1, 2, 3, 4, 5, 7, 42, 1337, 2024, 65_535, 123_456, 987_654_321, ...freshSeeds(3)];
/**
 * Seeds that once failed, kept by name so what they found stays fixed. (Seeds 2, 3 and 4 first
 * failed on an assertion that `problems` stays empty mid-run: that assumption was wrong, not the
 * code — see randomOperation — and board.test.ts now pins the behaviour down.)
 */
const REGRESSION_SEEDS: ReadonlyArray<{ seed: number; steps: number; found: string }> = [
  { seed: 2, steps: 150, found: 'an edit arriving before the one it follows briefly hides the entry' },
  {
    seed: 1_987_166_705,
    steps: 300,
    found: 'the fuzz chose a person to remove by what readBoard showed, while an offer of theirs was only hidden (its position had not arrived)',
  },
];
const REPLICAS = 4;
const STEPS = 300;
const LONG_RUN_STEPS = 1000;
const REMOTE = Symbol('remote');

/** A mesh of replicas; an update waits in a per-link queue until both ends are online. */
function network(count: number, random: Rng) {
  const docs = Array.from({ length: count }, (_, index) => {
    const doc = new Y.Doc();
    // Fixed client ids make conflict resolution, and so the whole run, reproducible from the seed.
    doc.clientID = index + 1;
    return doc;
  });
  const online = docs.map(() => true);
  const queues = docs.map(() => docs.map((): Uint8Array[] => []));
  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      docs.forEach((_, to) => {
        if (to !== from) queues[from]?.[to]?.push(update);
      });
    });
  });

  /** Delivers one waiting update, picked at random (so out of order), over a link that is up. */
  function deliverOne(): boolean {
    const links: Array<[number, number]> = [];
    queues.forEach((row, from) =>
      row.forEach((queue, to) => {
        if (queue.length > 0 && online[from] && online[to]) links.push([from, to]);
      }),
    );
    const link = random.pick(links);
    if (link === undefined) return false;
    const [from, to] = link;
    const queue = queues[from]?.[to] ?? [];
    const [update] = queue.splice(random.int(queue.length), 1);
    const target = docs[to];
    if (update !== undefined && target !== undefined) Y.applyUpdate(target, update, REMOTE);
    return true;
  }

  function reconnectAllAndSettle(): void {
    const order = docs.map((_, index) => index);
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j] ?? i, order[i] ?? j];
    }
    for (const index of order) {
      online[index] = true;
      // Each comes back and catches up a little before the next one does.
      for (let i = random.int(10); i > 0; i -= 1) deliverOne();
    }
    while (deliverOne()) {
      // keep delivering until every queue is empty
    }
  }

  return { docs, online, deliverOne, reconnectAllAndSettle };
}

interface Tally {
  offers: Set<string>;
  removedOffers: Set<string>;
  people: Set<string>;
  removedPeople: Set<string>;
  objectives: Set<string>;
  removedObjectives: Set<string>;
}

/** One random operation by one replica, chosen from what that replica can see. */
function randomOperation(random: Rng, doc: Y.Doc, step: number, tally: Tally): string {
  // Mid-run `problems` may be non-empty: an update that arrives before one it depends on has its
  // deletions applied at once but its insertions held back, so an entry can briefly lack a key.
  const board = readBoard(doc);
  const offer = random.pick(board.offers);
  const person = random.pick(board.people);
  const objective = random.pick(board.objectives);
  const roll = random.int(100);

  if (roll < 8) {
    const id = personId(`p${step}`);
    addPerson(doc, {
      id,
      displayName: `Person ${step}`,
      relationship: random.pick(['Gran', 'Uncle', 'Teacher', '']) ?? '',
      circle: random.pick(CIRCLES) ?? 'family',
      connection: random.pick(CONNECTIONS) ?? 'none',
      atConference: random.chance(0.5),
    });
    tally.people.add(id);
    return `addPerson ${id}`;
  }
  if (roll < 12 && person) {
    editPerson(doc, person.id, { connection: random.pick(CONNECTIONS) ?? 'none', displayName: `Renamed ${step}` });
    return `editPerson ${person.id}`;
  }
  if (roll < 14) {
    // Counted as removePerson counts: every offer entry naming them, even one this replica cannot
    // show yet (an offer whose position has not arrived is left out of readBoard, not of the board).
    const givers = new Set([...doc.getMap('offers').values()].map((o: unknown) => (o instanceof Y.Map ? o.get('personId') : undefined)));
    const free = board.people.filter((candidate) => !givers.has(candidate.id));
    const gone = random.pick(free);
    if (gone === undefined) return 'skip removePerson';
    removePerson(doc, gone.id);
    tally.removedPeople.add(gone.id);
    return `removePerson ${gone.id}`;
  }
  if (roll < 20) {
    const id = objectiveId(`g${step}`);
    addObjective(doc, { id, text: `Wish ${step}`, category: random.pick(CATEGORIES) ?? 'family', raisedBy: 'sam-id' });
    tally.objectives.add(id);
    return `addObjective ${id}`;
  }
  if (roll < 25 && objective) {
    editObjective(doc, objective.id, {
      text: spliceText(random, objective.text),
      ...(random.chance(0.3) ? { status: random.pick(OBJECTIVE_STATUSES) ?? 'open' } : {}),
    });
    return `editObjective ${objective.id}`;
  }
  if (roll < 27 && objective) {
    removeObjective(doc, objective.id);
    tally.removedObjectives.add(objective.id);
    return `removeObjective ${objective.id}`;
  }
  if (roll < 40 && person) {
    const id = offerId(`o${step}`);
    const links = board.objectives.filter(() => random.chance(0.3)).map((linked) => linked.id);
    addOffer(doc, {
      id,
      personId: person.id,
      kind: random.pick(OFFER_KINDS) ?? 'other',
      text: `Offer ${step}`,
      column: random.pick(COLUMNS) ?? 'suggested',
      yes: YES,
      objectiveIds: links,
      createdBy: `replica`,
    });
    tally.offers.add(id);
    return `addOffer ${id}`;
  }
  if (roll < 52 && offer) {
    editOffer(doc, offer.id, { text: spliceText(random, offer.text) });
    return `editOffer text ${offer.id}`;
  }
  if (roll < 55 && offer) {
    editOffer(doc, offer.id, {
      kind: random.pick(OFFER_KINDS) ?? 'other',
      supervision: random.pick(SUPERVISIONS) ?? 'none',
      needsApproval: random.chance(0.5),
      ...(person ? { personId: person.id } : {}),
    });
    return `editOffer fields ${offer.id}`;
  }
  if (roll < 58 && offer) {
    removeOffer(doc, offer.id);
    tally.removedOffers.add(offer.id);
    return `removeOffer ${offer.id}`;
  }
  if (roll < 76 && offer) {
    const column = random.pick(COLUMNS) ?? 'suggested';
    const candidates = offersIn(board, column).filter((other) => other.id !== offer.id);
    const before = random.chance(0.25) ? undefined : random.pick(candidates);
    moveOffer(doc, offer.id, { column, beforeId: before === undefined ? null : before.id, ...(column === 'agreed' ? { yes: youngPersonYes(`yp-${step}`) } : {}) });
    return `moveOffer ${offer.id} → ${column} before ${before?.id ?? 'end'}`;
  }
  if (roll < 86 && offer) {
    const delta = random.chance(0.5) ? -1 : 1;
    moveOfferBy(doc, offer.id, delta);
    return `moveOfferBy ${offer.id} ${delta}`;
  }
  if (roll < 90 && offer) {
    setOfferObjectives(
      doc,
      offer.id,
      board.objectives.filter(() => random.chance(0.4)).map((linked) => linked.id),
    );
    return `setOfferObjectives ${offer.id}`;
  }
  if (roll < 92 && offer) {
    approveOffer(doc, offer.id, 'social-worker-id', `2025-03-01T14:${String(step % 60).padStart(2, '0')}:00Z`);
    return `approveOffer ${offer.id}`;
  }
  if (roll < 96) {
    setContingency(doc, spliceText(random, board.contingency));
    return 'setContingency';
  }
  setMeta(doc, { connectionsAtStart: random.int(30), title: `Plan ${step}` });
  return 'setMeta';
}

function expectConverged(boards: Board[], tally: Tally, context: string): void {
  const [first, ...rest] = boards;
  if (first === undefined) throw new Error('no replicas');
  for (const board of rest) expect(board, context).toEqual(first);
  expect(first.problems, context).toEqual([]);

  const offerIds = first.offers.map((offer) => offer.id);
  expect(new Set(offerIds).size, `${context}: an offer appears twice`).toBe(offerIds.length);
  const byColumn = COLUMNS.flatMap((column) => offersIn(first, column).map((offer) => offer.id));
  expect(byColumn.sort(), context).toEqual([...offerIds].sort());
  // A move and the young person's yes are one value: no interleaving parts an agreed offer from its yes.
  expect(first.offers.filter((offer) => offer.column === 'agreed' && offer.yes === null).map((offer) => offer.id), `${context}: agreed without a yes`).toEqual([]);

  const alive = (added: Set<string>, removed: Set<string>) => [...added].filter((id) => !removed.has(id)).sort();
  expect([...offerIds].sort(), `${context}: offers`).toEqual(alive(tally.offers, tally.removedOffers));
  expect(first.people.map((p) => p.id).sort(), `${context}: people`).toEqual(alive(tally.people, tally.removedPeople));
  expect(first.objectives.map((o) => o.id).sort(), `${context}: objectives`).toEqual(
    alive(tally.objectives, tally.removedObjectives),
  );
}

function runFuzz(seed: number, steps: number): void {
  const random = rng(seed);
  const net = network(REPLICAS, random);
  const tally: Tally = {
    offers: new Set(),
    removedOffers: new Set(),
    people: new Set(),
    removedPeople: new Set(),
    objectives: new Set(),
    removedObjectives: new Set(),
  };
  const [origin] = net.docs;
  if (origin === undefined) throw new Error('no replicas');
  initBoard(origin, { title: 'Fuzz', youngPersonName: 'Sam', connectionsAtStart: 3 });
  const log: string[] = [];

  for (let step = 0; step < steps; step += 1) {
    const roll = random.int(100);
    if (roll < 8) {
      const replica = random.int(REPLICAS);
      net.online[replica] = !net.online[replica];
      log.push(`${step}: replica ${replica} ${net.online[replica] ? 'online' : 'offline'}`);
    } else if (roll < 35) {
      for (let i = random.int(6); i >= 0; i -= 1) net.deliverOne();
    } else {
      const replica = random.int(REPLICAS);
      const doc = net.docs[replica];
      if (doc === undefined) continue;
      const context = `seed ${seed}, step ${step}, replica ${replica}; recent: ${log.slice(-8).join(' | ')}`;
      let done = '';
      expect(() => {
        done = randomOperation(random, doc, step, tally);
      }, context).not.toThrow();
      log.push(`${step}: r${replica} ${done}`);
    }
  }

  net.reconnectAllAndSettle();
  expectConverged(net.docs.map(readBoard), tally, `seed ${seed}; recent: ${log.slice(-12).join(' | ')}`);
}

describe('convergence of the board under concurrent edits, moves and disconnects (seeded fuzz)', () => {
  for (const seed of SEEDS) {
    it(`converges to one board with every offer exactly once (seed ${seed})`, () => {
      runFuzz(seed, STEPS);
    });
  }

  it('converges after a long run with many disconnects (seed 31337)', () => {
    runFuzz(31_337, LONG_RUN_STEPS);
  });

  for (const { seed, steps, found } of REGRESSION_SEEDS) {
    it(`still converges for seed ${seed}, which once found: ${found}`, () => {
      runFuzz(seed, steps);
    });
  }
});
