// The canonical plan: the same board gives the same bytes however it was built, every agreed offer
// is kept (someone removed is named as no longer on the board), and the schema's key order is kept.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addObjective, addOffer, addPerson, addRelationship, approveOffer, editRelationship, giveYes, readBoard, recordAgreement, removeToList, setContingency, setMeta, initBoard, YOUNG_PERSON } from '../../shared/board.ts';
import { objectiveId, offerId, personId, relationshipId } from '../../shared/ids.ts';
import { buildPlan, NO_LONGER_ON_BOARD, planJson, planSchema, type PlanContext } from '../../shared/plan.ts';
import { diffPlans } from '../../shared/planDiff.ts';
import { YES } from '../helpers/yes.ts';

const CONTEXT: PlanContext = {
  conferenceId: 'c-1',
  version: 1,
  lockedAt: '2026-11-27T10:00:00.000Z',
  names: new Map([['pro-1', 'Sam Social Worker']]),
  agreedWithoutYoungPerson: null,
  takingPart: { coordinator: { id: 'co-1', name: 'Casey Coordinator' }, participants: [{ id: 'yp-1', name: 'Robin', role: 'youngPerson', relationship: '' }] },
};

/** A board built in the order given, so two orders can be compared. */
function board(order: 'forwards' | 'backwards'): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Plan for Robin', youngPersonName: 'Robin', connectionsAtStart: 2 });
  const steps = [
    () => addPerson(doc, { id: personId('p-gran'), displayName: 'Gran', relationship: 'Grandmother', circle: 'family', connection: 'direct', atConference: true }),
    () => addPerson(doc, { id: personId('p-ray'), displayName: 'Uncle Ray', relationship: 'Uncle', circle: 'family', connection: 'indirect', atConference: false }),
    () => addObjective(doc, { id: objectiveId('w-1'), text: 'See Gran', category: 'family', raisedBy: 'yp-1' }),
  ];
  for (const step of order === 'forwards' ? steps : [...steps].reverse()) step();
  addOffer(doc, { id: offerId('o-1'), personId: personId('p-gran'), kind: 'visit', text: 'Tea', column: 'agreed', yes: YES, objectiveIds: [objectiveId('w-1')], createdBy: 'fam-1' });
  addOffer(doc, { id: offerId('o-2'), personId: personId('p-ray'), kind: 'overnightStay', text: 'A weekend', column: 'agreed', yes: YES, createdBy: 'fam-1' });
  addOffer(doc, { id: offerId('o-3'), personId: personId('p-ray'), kind: 'call', text: 'Not now', column: 'notNow', createdBy: 'fam-1' });
  approveOffer(doc, offerId('o-2'), 'pro-1', '2026-11-27T09:59:00.000Z');
  recordAgreement(doc, { participantId: 'yp-1', displayName: 'Robin', role: 'youngPerson', agreedAt: '2026-11-27T09:58:00.000Z' });
  setMeta(doc, { reviewDate: '2027-05-01' });
  setContingency(doc, 'Call the coordinator.');
  return doc;
}

describe('the canonical plan', () => {
  it('gives the same bytes for the same board, whatever order it was built in', () => {
    const a = planJson(buildPlan(readBoard(board('forwards')), CONTEXT));
    const b = planJson(buildPlan(readBoard(board('backwards')), CONTEXT));
    expect(a).toBe(b);
    expect(a.endsWith('}\n')).toBe(true);
  });

  it('holds the agreed offers only, with who, what, approval and linked wishes', () => {
    const plan = buildPlan(readBoard(board('forwards')), CONTEXT);
    expect(plan.offers.map((o) => o.id)).toEqual(['o-1', 'o-2']);
    expect(plan.offers[1]).toMatchObject({ from: 'Uncle Ray', needsApproval: true, approval: { byId: 'pro-1', by: 'Sam Social Worker', at: '2026-11-27T09:59:00.000Z' } });
    expect(plan.offers[0]).toMatchObject({ from: 'Gran', needsApproval: false, approval: null, wishIds: ['w-1'] });
    expect(plan.wishesByCategory).toEqual([{ category: 'family', label: expect.any(String), wishes: [{ id: 'w-1', text: 'See Gran', status: 'open', offerIds: ['o-1'] }] }]);
    expect(plan.connections).toEqual({ atStart: 2, now: 2 });
    expect(plan.agreements).toEqual([{ participantId: 'yp-1', name: 'Robin', role: 'youngPerson', agreedAt: '2026-11-27T09:58:00.000Z', offerIds: ['o-1', 'o-2'] }]);
    expect(plan).toMatchObject({ schemaVersion: 4, reviewDate: '2027-05-01', contingency: 'Call the coordinator.', contingencyNotNeeded: false, version: 1 });
  });

  it('names the coordinator, the date and place, and who took part, each the same way', () => {
    const doc = board('forwards');
    setMeta(doc, { scheduledFor: '2026-11-27', place: 'Invented Family Centre' });
    const plan = buildPlan(readBoard(doc), CONTEXT);
    expect(plan).toMatchObject({ conferenceDate: '2026-11-27', place: 'Invented Family Centre', coordinator: { id: 'co-1', name: 'Casey Coordinator' } });
    // The coordinator, those who joined on a device, then people at the conference who did not.
    expect(plan.participants).toEqual([
      { id: 'co-1', name: 'Casey Coordinator', role: 'coordinator', relationship: '' },
      { id: 'yp-1', name: 'Robin', role: 'youngPerson', relationship: '' },
      { id: null, name: 'Gran', role: null, relationship: 'Grandmother' },
    ]);
  });

  it('keeps the young person’s yes on each agreed offer, said or recorded, with who recorded it', () => {
    const doc = board('forwards');
    const plan = buildPlan(readBoard(doc), { ...CONTEXT, names: new Map([...CONTEXT.names, ['co-1', 'Casey Coordinator']]) });
    expect(plan.offers[0]?.youngPersonYes).toEqual({ byId: YES.by, by: 'Robin', at: YES.at, recorded: false });
    giveYes(doc, offerId('o-2'), { by: 'co-1', at: '2026-11-27T10:00:00.000Z', recorded: true });
    const recorded = buildPlan(readBoard(doc), { ...CONTEXT, names: new Map([...CONTEXT.names, ['co-1', 'Casey Coordinator']]) });
    expect(recorded.offers.find((o) => o.id === 'o-2')?.youngPersonYes).toEqual({ byId: 'co-1', by: 'Casey Coordinator', at: '2026-11-27T10:00:00.000Z', recorded: true });
  });

  it('still reads a plan agreed as schema version 1, which has none of version 2’s parts', () => {
    const plan = buildPlan(readBoard(board('forwards')), CONTEXT);
    const { conferenceDate: _d, place: _p, coordinator: _c, participants: _t, contingencyNotNeeded: _n, ...rest } = plan;
    const v1 = {
      ...rest,
      schemaVersion: 1,
      offers: plan.offers.map(({ youngPersonYes: _y, ...offer }) => offer),
      agreements: plan.agreements.map(({ offerIds: _o, ...agreement }) => agreement),
    };
    const text = `${JSON.stringify(v1, null, 2)}\n`;
    expect(planJson(planSchema.parse(JSON.parse(text)))).toBe(text);
  });

  it('keeps an offer whose person was removed, from “someone no longer on the board”', () => {
    const doc = board('forwards');
    doc.getMap('people').delete('p-ray');
    const plan = buildPlan(readBoard(doc), CONTEXT);
    expect(plan.offers.find((o) => o.id === 'o-2')).toMatchObject({ personId: 'p-ray', from: NO_LONGER_ON_BOARD });
  });

  it('writes keys in the schema’s order, even for an object built in another order', () => {
    const plan = buildPlan(readBoard(board('forwards')), CONTEXT);
    const shuffled = Object.fromEntries(Object.entries(plan).reverse()) as typeof plan;
    expect(planJson(shuffled)).toBe(planJson(plan));
    expect(Object.keys(JSON.parse(planJson(shuffled)) as object)).toEqual(Object.keys(planSchema.shape));
  });

  it('refuses to write a plan that does not fit its schema', () => {
    const plan = buildPlan(readBoard(board('forwards')), CONTEXT);
    expect(() => planJson({ ...plan, version: 0 })).toThrow();
  });
});

describe('what changed between two versions', () => {
  it('lists offers added, removed and changed field by field, and wishes whose status changed', () => {
    const before = buildPlan(readBoard(board('forwards')), CONTEXT);
    const doc = board('forwards');
    const offers = doc.getMap<Y.Map<unknown>>('offers');
    offers.get('o-1')?.set('frequency', 'Weekly');
    offers.delete('o-2');
    addOffer(doc, { id: offerId('o-4'), personId: personId('p-gran'), kind: 'letters', text: 'Letters', column: 'agreed', yes: YES, createdBy: 'fam-1' });
    doc.getMap<Y.Map<unknown>>('objectives').get('w-1')?.set('status', 'met');
    const after = buildPlan(readBoard(doc), { ...CONTEXT, version: 2 });
    const diff = diffPlans(before, after);
    expect(diff.from).toBe(1);
    expect(diff.to).toBe(2);
    expect(diff.offers.added.map((o) => o.id)).toEqual(['o-4']);
    expect(diff.offers.removed.map((o) => o.id)).toEqual(['o-2']);
    expect(diff.offers.changed).toEqual([{ id: 'o-1', from: 'Gran', what: 'Tea', fields: [{ field: 'howOften', before: '', after: 'Weekly' }] }]);
    expect(diff.wishes).toEqual([{ id: 'w-1', text: 'See Gran', before: 'open', after: 'met' }]);
    expect(diffPlans(before, before)).toMatchObject({ offers: { added: [], removed: [], changed: [] }, wishes: [] });
  });

  it('lists the family map’s relationships added, gone and changed, in words with each version’s names', () => {
    const doc = board('forwards');
    addRelationship(doc, { id: relationshipId('r-1'), from: personId('p-gran'), to: YOUNG_PERSON, kind: 'carer' });
    addRelationship(doc, { id: relationshipId('r-2'), from: personId('p-ray'), to: personId('p-gran'), kind: 'partner' });
    const before = buildPlan(readBoard(doc), CONTEXT);
    expect(before.relationships).toEqual([
      { id: 'r-1', from: 'p-gran', to: 'youngPerson', kind: 'carer' },
      { id: 'r-2', from: 'p-ray', to: 'p-gran', kind: 'partner' },
    ]);
    editRelationship(doc, relationshipId('r-2'), { kind: 'formerPartner' });
    removeToList(doc, 'relationship', relationshipId('r-1'), 'fam-1', '2026-11-27T10:00:00.000Z');
    addRelationship(doc, { id: relationshipId('r-3'), from: personId('p-gran'), to: personId('p-ray'), kind: 'sibling' });
    const after = buildPlan(readBoard(doc), { ...CONTEXT, version: 2 });
    expect(diffPlans(before, after).relationships).toEqual({
      added: ['Gran and Uncle Ray: brother or sister'],
      removed: ['Gran is Robin’s carer'],
      changed: [{ before: 'Uncle Ray and Gran: partner', after: 'Uncle Ray and Gran: former partner' }],
    });
    expect(diffPlans(after, after).relationships).toEqual({ added: [], removed: [], changed: [] });
  });
});
