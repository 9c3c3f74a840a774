// Random changes to a board as a hand-made client could make them — honest ones and every kind of
// forbidden one — shared by the authority fuzz tests. Each changes something visible (or says
// "no change"), in one transaction on the writer's own document.

import * as Y from 'yjs';
import { CATEGORIES, COLUMNS, OFFER_KINDS, RELATIONSHIP_KINDS, ROOT, SUPERVISIONS, YOUNG_PERSON } from '../../shared/board.ts';
import type { Rng } from './random.ts';

/** Who is writing, and the ids of the others (to write in their name). */
export interface Writer {
  self: string;
  /** Everyone's ids, the writer's included. */
  ids: readonly string[];
  /** Someone who may approve offers (a professional's id). */
  approver: string;
}

/**
 * A new place for an offer: a bad column; another column with no yes; "Agreed" with a yes of the
 * writer's own (said or recorded), one forged in someone else's name, one at a made-up time; or
 * a reorder carrying the yes the offer already has.
 */
function aPosition(random: Rng, w: Writer, current: unknown): unknown {
  const order = `a${1 + random.int(8)}`;
  const roll = random.int(10);
  if (roll === 0) return { column: 'bin', order: 'a1' };
  if (roll < 4) return { column: pickOther(random, COLUMNS, null), order };
  if (roll < 6) return { column: 'agreed', order, yes: { by: w.self, at: new Date().toISOString(), recorded: random.chance(0.5) } };
  if (roll === 6) return { column: 'agreed', order, yes: { by: pickOther(random, w.ids, w.self), at: new Date().toISOString(), recorded: random.chance(0.5) } };
  if (roll === 7) return { column: 'agreed', order, yes: { by: w.self, at: '2020-01-01T00:00:00.000Z', recorded: false } };
  const was = typeof current === 'object' && current !== null ? (current as Record<string, unknown>) : {};
  return { ...was, order };
}

/** One random change in the writer's own transaction; returns what it did ("no change" when nothing). */
export type Mutation = (doc: Y.Doc, random: Rng, w: Writer) => string;

const pickOther = <T,>(random: Rng, items: readonly T[], not: unknown): T => {
  const others = items.filter((item) => item !== not);
  return random.pick(others) ?? (items[0] as T);
};

function anEntry(doc: Y.Doc, root: string, random: Rng): [string, Y.Map<unknown>] {
  const entries = [...doc.getMap(root).entries()].filter((e): e is [string, Y.Map<unknown>] => e[1] instanceof Y.Map);
  const picked = random.pick(entries);
  if (!picked) throw new Error(`no ${root}`);
  return picked;
}

function newOffer(doc: Y.Doc, random: Rng, w: Writer, fields: Record<string, unknown> = {}): Y.Map<unknown> {
  const [personId] = anEntry(doc, ROOT.people, random);
  const offer = new Y.Map<unknown>();
  doc.getMap(ROOT.offers).set(`new-${random.int(1e9)}`, offer);
  const values: Record<string, unknown> = {
    personId,
    kind: 'visit',
    text: new Y.Text(random.chance(0.1) ? 'x'.repeat(2_500) : 'New offer'),
    frequency: '',
    startsOn: '',
    supervision: 'none',
    position: { column: 'suggested', order: 'a5' },
    objectiveIds: new Y.Array(),
    needsApproval: false,
    approvedBy: null,
    approvedAt: null,
    createdBy: random.chance(0.8) ? w.self : pickOther(random, w.ids, w.self),
    ...fields,
  };
  for (const [key, value] of Object.entries(values)) if (value !== undefined) offer.set(key, value);
  return offer;
}

export const MUTATIONS: ReadonlyArray<[string, Mutation]> = [
  ['meta detail', (doc, random) => {
    const meta = doc.getMap(ROOT.meta);
    const key = random.pick(['title', 'youngPersonName', 'reviewDate', 'connectionsAtStart'] as const) ?? 'title';
    const value = { title: random.chance(0.2) ? '' : `Title ${random.int(1e6)}`, youngPersonName: `Name ${random.int(1e6)}`, reviewDate: random.chance(0.2) ? '2026-02-30' : '2027-01-15', connectionsAtStart: random.chance(0.2) ? -1 : 4 + random.int(50) }[key];
    meta.set(key, value);
    return `meta.${key}`;
  }],
  ['meta by the server', (doc, random) => {
    const key = random.pick(['phase', 'locked', 'version'] as const) ?? 'phase';
    const meta = doc.getMap(ROOT.meta);
    meta.set(key, key === 'phase' ? pickOther(random, ['planning', 'agreed', 'review'], meta.get('phase')) : key === 'locked' ? true : 7);
    return `meta.${key}`;
  }],
  ['unknown meta key', (doc) => (doc.getMap(ROOT.meta).set('secret', 1), 'meta.secret')],
  ['add offer', (doc, random, w) => {
    const approved = random.chance(0.2);
    newOffer(doc, random, w, approved ? { approvedBy: random.chance(0.5) ? w.self : w.approver, approvedAt: new Date(Date.now() - (random.chance(0.5) ? 0 : 7_200_000)).toISOString() } : {});
    return 'add offer';
  }],
  ['add a malformed offer', (doc, random, w) => {
    const how = random.int(4);
    if (how === 0) newOffer(doc, random, w, { kind: 'money' });
    else if (how === 1) newOffer(doc, random, w, { frequency: undefined, extra: 'x' });
    else if (how === 2) newOffer(doc, random, w, { supervision: undefined });
    else doc.getMap(ROOT.offers).set(`plain-${random.int(1e9)}`, { createdBy: w.self });
    return `malformed offer ${how}`;
  }],
  ['change an offer field', (doc, random, w) => {
    const [, offer] = anEntry(doc, ROOT.offers, random);
    const key = random.pick(['kind', 'frequency', 'supervision', 'position', 'personId', 'needsApproval', 'approvedBy', 'approvedAt', 'createdBy'] as const) ?? 'kind';
    const values: Record<typeof key, () => unknown> = {
      kind: () => pickOther(random, OFFER_KINDS, offer.get('kind')),
      frequency: () => (random.chance(0.2) ? 'x'.repeat(300) : random.chance(0.2) ? 'weekly\u202E' : `every ${random.int(1e6)} days`),
      supervision: () => pickOther(random, SUPERVISIONS, offer.get('supervision')),
      position: () => aPosition(random, w, offer.get('position')),
      personId: () => anEntry(doc, ROOT.people, random)[0],
      needsApproval: () => !offer.get('needsApproval'),
      approvedBy: () => random.pick([w.self, w.approver, null]),
      approvedAt: () => random.pick([new Date().toISOString(), '2020-01-01T00:00:00Z', null]),
      createdBy: () => pickOther(random, w.ids, offer.get('createdBy')),
    };
    const value = values[key]();
    if (JSON.stringify(value) === JSON.stringify(offer.get(key))) return 'no change';
    offer.set(key, value);
    return `offers.*.${key}`;
  }],
  ['approve an offer', (doc, random, w) => {
    const [, offer] = anEntry(doc, ROOT.offers, random);
    // A different approver from the one recorded: rewriting the same name is invisible to a
    // whole-board comparison, though the server judges (and may refuse) every write it is sent.
    offer.set('approvedBy', pickOther(random, [w.self, w.approver], offer.get('approvedBy')));
    offer.set('approvedAt', new Date(Date.now() - (random.chance(0.8) ? 0 : 3_600_000)).toISOString());
    return 'approve';
  }],
  ['unset an offer field', (doc, random) => {
    const [, offer] = anEntry(doc, ROOT.offers, random);
    offer.delete(random.pick(['kind', 'frequency', 'position']) ?? 'kind');
    return 'unset';
  }],
  ['replace an offer', (doc, random) => {
    const [id] = anEntry(doc, ROOT.offers, random);
    doc.getMap(ROOT.offers).set(id, new Y.Map());
    return 'replace';
  }],
  ['remove an offer', (doc, random) => (doc.getMap(ROOT.offers).delete(anEntry(doc, ROOT.offers, random)[0]), 'remove offer')],
  ['edit offer text', (doc, random) => {
    const [, offer] = anEntry(doc, ROOT.offers, random);
    const text = offer.get('text') as Y.Text;
    if (random.chance(0.15)) text.insert(0, 'y'.repeat(2_500));
    else if (random.chance(0.15)) text.insert(0, 'bold', { bold: true });
    else if (random.chance(0.5) && text.length > 2) text.delete(0, 2);
    else text.insert(text.length, ' more');
    return 'offer text';
  }],
  ['nest a map in an offer', (doc, random) => {
    const [, offer] = anEntry(doc, ROOT.offers, random);
    offer.set(random.pick(['position', 'extra']) ?? 'extra', new Y.Map());
    return 'nest';
  }],
  ['link wishes', (doc, random) => {
    const [, offer] = anEntry(doc, ROOT.offers, random);
    const [wish] = anEntry(doc, ROOT.objectives, random);
    const links = offer.get('objectiveIds') as Y.Array<unknown>;
    if (random.chance(0.2)) links.push([{ not: 'an id' }]);
    else if (random.chance(0.2)) offer.set('objectiveIds', Y.Array.from([wish]));
    else links.push([wish]);
    return 'links';
  }],
  ['add a wish', (doc, random, w) => {
    const wish = new Y.Map<unknown>();
    doc.getMap(ROOT.objectives).set(`wish-${random.int(1e9)}`, wish);
    wish.set('text', new Y.Text('A new wish'));
    wish.set('category', random.chance(0.1) ? 'pets' : 'family');
    wish.set('raisedBy', random.chance(0.8) ? w.self : pickOther(random, w.ids, w.self));
    wish.set('status', random.chance(0.85) ? 'open' : 'met');
    wish.set('order', 'a9');
    return 'add wish';
  }],
  ['change a wish', (doc, random, w) => {
    const [id, wish] = anEntry(doc, ROOT.objectives, random);
    const how = random.int(5);
    if (how === 0) (wish.get('text') as Y.Text).insert(0, 'Really: ');
    else if (how === 1) wish.set('category', pickOther(random, CATEGORIES, wish.get('category')));
    else if (how === 2) wish.set('status', pickOther(random, ['met', 'notMet', 'partlyMet'], wish.get('status')));
    else if (how === 3) wish.set('raisedBy', pickOther(random, w.ids, wish.get('raisedBy')));
    else doc.getMap(ROOT.objectives).delete(id);
    return `wish ${how}`;
  }],
  ['people', (doc, random) => {
    const how = random.int(3);
    if (how === 0) {
      const person = new Y.Map<unknown>();
      doc.getMap(ROOT.people).set(`person-${random.int(1e9)}`, person);
      person.set('displayName', random.chance(0.15) ? '  ' : 'Uncle Ray');
      person.set('relationship', 'Uncle');
      person.set('circle', 'family');
      person.set('connection', 'indirect');
      person.set('atConference', false);
    } else if (how === 1) {
      const [, person] = anEntry(doc, ROOT.people, random);
      person.set('displayName', random.chance(0.2) ? 'Bad\u200Bname' : `Renamed ${random.int(1e6)}`);
    } else doc.getMap(ROOT.people).delete(anEntry(doc, ROOT.people, random)[0]);
    return `people ${how}`;
  }],
  ['relationships', (doc, random, w) => {
    const how = random.int(6);
    const someone = () => (random.chance(0.2) ? YOUNG_PERSON : random.chance(0.05) ? 'nobody-here' : anEntry(doc, ROOT.people, random)[0]);
    if (how <= 1) {
      // A new line: usually between two people on the board, sometimes to itself, to someone
      // unknown, of an unknown kind, or in someone else's "Removed".
      const line = new Y.Map<unknown>();
      doc.getMap(ROOT.relationships).set(`rel-${random.int(1e9)}`, line);
      const from = someone();
      line.set('from', from);
      line.set('to', random.chance(0.1) ? from : someone());
      line.set('kind', random.chance(0.05) ? 'cousin' : random.chance(0.4) ? 'parent' : (random.pick(RELATIONSHIP_KINDS) ?? 'friend'));
      if (random.chance(0.05)) line.set('removed', { by: pickOther(random, w.ids, null), at: new Date().toISOString() });
      return `relationships add ${String(line.get('kind'))}`;
    }
    const [id, line] = anEntry(doc, ROOT.relationships, random);
    if (how === 2) line.set('kind', random.chance(0.1) ? 'cousin' : (random.pick(RELATIONSHIP_KINDS) ?? 'parent'));
    else if (how === 3) line.set(random.chance(0.5) ? 'from' : 'to', anEntry(doc, ROOT.people, random)[0]);
    else if (how === 4) line.set('removed', random.chance(0.5) ? null : { by: random.chance(0.8) ? w.self : pickOther(random, w.ids, w.self), at: new Date().toISOString() });
    else doc.getMap(ROOT.relationships).delete(id);
    return `relationships ${how}`;
  }],
  ['agreements', (doc, random, w) => {
    if (random.chance(0.5)) {
      const agreement = new Y.Map<unknown>();
      doc.getMap(ROOT.agreements).set(w.self, agreement);
      agreement.set('displayName', 'Me');
      agreement.set('role', 'network');
      agreement.set('agreedAt', new Date().toISOString());
    } else doc.getMap(ROOT.agreements).delete('net-1');
    return 'agreements';
  }],
  ['contingency', (doc, random) => {
    const text = doc.getText(ROOT.contingency);
    if (random.chance(0.1)) text.insertEmbed(0, { image: 'x' });
    else text.insert(0, random.chance(0.1) ? 'z'.repeat(2_500) : 'If that fails, call Gran. ');
    return 'contingency';
  }],
  ['unknown root', (doc) => (doc.getMap('secrets').set('x', 1), 'unknown root')],
];
