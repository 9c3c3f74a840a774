// Every declared offer field a person edits goes the whole way: written by the named write, read
// back by readBoard, into the canonical plan under its plan key, and reported by the diff with its
// label when it changes; a bad value is refused by the write, and a damaged one read leniently.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOffer, addPerson, BoardError, editOffer, initBoard, MAX_SHORT, readBoard, ROOT, type OfferPatch } from '../../../shared/board.ts';
import { offerId } from '../../../shared/ids.ts';
import { buildPlan, type PlanContext } from '../../../shared/plan.ts';
import { diffPlans } from '../../../shared/planDiff.ts';
import { OFFER_RECORD, type FieldDecl, type ValueKind } from '../../../shared/records/index.ts';
import { YES } from '../../helpers/yes.ts';

const CONTEXT: PlanContext = {
  conferenceId: 'c-1',
  version: 1,
  lockedAt: '2026-11-27T10:00:00.000Z',
  names: new Map(),
  agreedWithoutYoungPerson: null,
  takingPart: { coordinator: { id: 'co-1', name: 'Casey Coordinator' }, participants: [] },
};

const FIELDS: Readonly<Record<string, FieldDecl>> = OFFER_RECORD.fields;
/** The offer fields the named writes take by their kind alone. */
const PLAIN = Object.entries(FIELDS).filter(([, field]) => field.editable && ['short', 'oneOf', 'boolean'].includes(field.value.type));

/** Two different good values of a kind, and a bad one. */
function samples(value: ValueKind): { first: unknown; second: unknown; bad: unknown } {
  if (value.type === 'short') return { first: 'Every week', second: 'Every month', bad: 'x'.repeat(MAX_SHORT + 1) };
  if (value.type === 'boolean') return { first: true, second: false, bad: 'yes' };
  if (value.type === 'oneOf') return { first: value.values[1], second: value.values[0], bad: 'nonsense' };
  throw new Error(`no samples for ${value.type}`);
}

function boardWithOffer(values: Record<string, unknown>): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Board', youngPersonName: 'Robin', connectionsAtStart: 1 });
  const gran = addPerson(doc, { displayName: 'Gran', relationship: '', circle: 'family', connection: 'direct', atConference: false });
  addOffer(doc, { id: offerId('offer-1'), personId: gran, kind: 'call', text: 'Calls', createdBy: 'p1', column: 'agreed', yes: YES, ...values });
  return doc;
}

describe('each declared offer field', () => {
  it('has plain fields to test', () => {
    expect(PLAIN.map(([key]) => key)).toEqual(expect.arrayContaining(['kind', 'frequency', 'startsOn', 'supervision', 'needsApproval']));
  });

  for (const [key, field] of PLAIN) {
    const { first, second, bad } = samples(field.value);

    it(`${key}: is written, read back, put in the plan and reported by the diff`, () => {
      const doc = boardWithOffer({ [key]: first });
      const read = readBoard(doc).offers[0];
      expect(read && Object.entries(read).find(([name]) => name === key)?.[1]).toEqual(first);
      const before = buildPlan(readBoard(doc), CONTEXT);
      const planKey = field.plan?.key;
      if (planKey !== undefined) expect(before.offers[0] && Object.entries(before.offers[0]).find(([name]) => name === planKey)?.[1]).toEqual(first);
      // reason: the patch is built from the declaration's key, which OfferPatch lists.
      editOffer(doc, offerId('offer-1'), { [key]: second } as OfferPatch, 'test');
      const after = buildPlan(readBoard(doc), { ...CONTEXT, version: 2 });
      const changed = diffPlans(before, after).offers.changed[0]?.fields.map((change) => change.field) ?? [];
      if (field.plan?.diffLabel !== undefined) expect(changed).toContain(planKey);
    });

    it(`${key}: a bad value is refused by the write in the field's words`, () => {
      const doc = boardWithOffer({});
      // reason: a JavaScript caller or a form may send anything; the write must refuse it.
      expect(() => editOffer(doc, offerId('offer-1'), { [key]: bad } as OfferPatch)).toThrow(BoardError);
      expect(() => editOffer(doc, offerId('offer-1'), { [key]: bad } as OfferPatch)).toThrow(new RegExp(field.words.replace(/[’']/g, '.'), 'i'));
    });

    it(`${key}: a missing value reads as its declared default, or leaves the offer out`, () => {
      const doc = boardWithOffer({});
      const entry = doc.getMap<unknown>(ROOT.offers).get('offer-1');
      if (!(entry instanceof Y.Map)) throw new Error('no offer entry');
      entry.delete(key);
      const board = readBoard(doc);
      if (field.read.when === 'required') {
        expect(board.offers).toEqual([]);
        expect(board.problems.join(' ')).toContain(key);
      } else {
        const read = board.offers[0];
        expect(read && Object.entries(read).find(([name]) => name === key)?.[1]).toEqual(field.read.as);
      }
    });
  }
});
