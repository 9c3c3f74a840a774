// Plans to export, built the way the app builds them: named mutations on a real Yjs board, then
// buildPlan. Invented people only, with names in Welsh, other accented Latin, Arabic and Hebrew,
// and an emoji; canaries in everything the family's copy must never hold.

import * as Y from 'yjs';
import {
  addObjective,
  addOffer,
  addPerson,
  addRelationship,
  approveOffer,
  editObjective,
  initBoard,
  readBoard,
  recordAgreement,
  setContingency,
  setMeta,
  MAX_TEXT,
  OFFER_KINDS,
  YOUNG_PERSON,
} from '../../shared/board.ts';
import { buildPlan, type Plan } from '../../shared/plan.ts';
import type { ExportInput, ProfessionalNotes } from '../../server/export/types.ts';
import { YES } from './yes.ts';

/** Strings that belong in the full copy only. */
export const CANARY = {
  safety: 'CANARY-SAFETY-7f3a: not to be left alone with the older cousin',
  address: 'CANARY-ADDRESS-19 Heol y Felin, Caerdydd CF14 9QQ',
  reason: 'CANARY-REASON-5c1d: too unwell on the day to say',
} as const;

/** The people of the sample plan, as written on the board. */
export const NAMES = {
  nain: 'Gwenllïan Ŵyn',
  aunt: 'مريم',
  friend: 'נועה',
  carer: 'Zoë 🦊 Łukasz',
  nan: 'Nan',
  uncle: 'Ődön Çelik-Muñoz',
  cousin: 'Ağça Ștefan',
  /** In no bundled font: drawn as U+FFFD, kept as ActualText. */
  school: '李明',
} as const;

const LOCKED_AT = '2026-11-27T14:05:00.000Z';
const APPROVER = { id: 'pro-1', name: 'Sam Social Worker' };
/** The coordinator who ran the sample conference. */
export const COORDINATOR = { id: 'co-1', name: 'Casey Invented' };
/** Who took part in the sample conference through the board, the way the server lists them. */
const TAKING_PART = {
  coordinator: COORDINATOR,
  participants: [
    { id: 'yp-1', name: 'Rhys Ŷr', role: 'youngPerson' as const, relationship: '' },
    { id: 'fam-1', name: NAMES.aunt, role: 'network' as const, relationship: 'aunt' },
    { id: APPROVER.id, name: APPROVER.name, role: 'professional' as const, relationship: 'social worker' },
  ],
};

/** The sample plan: every section filled in, eight people, five offers, three agreements. */
export function samplePlan(agreedWithoutYoungPerson: string | null = CANARY.reason): Plan {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Lifelong Links plan for Rhys', youngPersonName: 'Rhys Ŷr', connectionsAtStart: 2, scheduledFor: '2026-11-27', place: 'Canolfan Deulu’r Waun, Wrecsam' });
  setMeta(doc, { reviewDate: '2027-05-20' });
  const person = (displayName: string, relationship: string, atConference: boolean) =>
    addPerson(doc, { displayName, relationship, circle: 'family', connection: 'direct', atConference });
  const nain = person(NAMES.nain, 'grandmother', true);
  const aunt = person(NAMES.aunt, 'aunt', true);
  const friend = person(NAMES.friend, 'friend', false);
  const carer = person(NAMES.carer, 'former foster carer', true);
  const nan = person(NAMES.nan, 'great-grandmother', true);
  const uncle = person(NAMES.uncle, 'uncle', true);
  person(NAMES.cousin, 'cousin', true);
  person(NAMES.school, 'friend from school', true);
  const visits = addObjective(doc, { text: 'See Nain every month', category: 'family', raisedBy: 'yp-1' });
  const arabic = addObjective(doc, { text: 'أريد أن أتعلم الطبخ مع خالتي', category: 'supportiveRelationships', raisedBy: 'yp-1' });
  const story = addObjective(doc, { text: 'Know the story of my name', category: 'familyHistory', raisedBy: 'yp-1' });
  editObjective(doc, story, { status: 'partlyMet' });
  addOffer(doc, { personId: nain, kind: 'visit', text: 'Tea and Welsh cakes at Nain’s, then a walk to the chapel in Llanwrtyd.', frequency: 'Every month', startsOn: 'December 2026', column: 'agreed', yes: YES, objectiveIds: [visits], createdBy: 'fam-1' });
  addOffer(doc, { personId: aunt, kind: 'dayOut', text: 'طبخ معاً يوم السبت (cooking together on Saturday)', frequency: 'كل أسبوعين', startsOn: 'January 2027', supervision: 'carer', column: 'agreed', yes: YES, objectiveIds: [arabic], createdBy: 'fam-1' });
  const stay = addOffer(doc, { personId: carer, kind: 'overnightStay', text: 'A night at the old house with Biscuit the dog 🐶, pizza and a film.', frequency: 'Twice a year', startsOn: 'Easter 2027', column: 'agreed', yes: YES, createdBy: 'fam-1' });
  addOffer(doc, { personId: friend, kind: 'letters', text: 'מכתבים על המשפחה ועל השמות שלנו', frequency: 'Every term', column: 'agreed', yes: YES, objectiveIds: [story], needsApproval: true, createdBy: 'fam-1' });
  addOffer(doc, { personId: nain, kind: 'familyHistory', text: 'The family Bible and the photographs from the farm.', column: 'agreed', yes: YES, objectiveIds: [story], createdBy: 'fam-1' });
  addOffer(doc, { personId: carer, kind: 'call', text: 'Not now: a phone call every night', column: 'notNow', createdBy: 'fam-1' });
  approveOffer(doc, stay, APPROVER.id, '2026-11-27T13:40:00.000Z');
  // The family map: Nan is Nain's mother, Nain the mother of Rhys's aunt and uncle; the aunt and
  // uncle brother and sister; the former foster carer Rhys's carer.
  addRelationship(doc, { from: nan, to: nain, kind: 'parent' });
  addRelationship(doc, { from: nain, to: aunt, kind: 'parent' });
  addRelationship(doc, { from: nain, to: uncle, kind: 'parent' });
  addRelationship(doc, { from: carer, to: YOUNG_PERSON, kind: 'carer' });
  addRelationship(doc, { from: friend, to: YOUNG_PERSON, kind: 'friend' });
  setContingency(doc, 'If a visit cannot happen, Nain will ring Rhys the same day and the coordinator will find a new date within two weeks.');
  recordAgreement(doc, { participantId: 'yp-1', displayName: 'Rhys Ŷr', role: 'youngPerson', agreedAt: '2026-11-27T13:55:00.000Z' });
  recordAgreement(doc, { participantId: 'fam-1', displayName: NAMES.aunt, role: 'network', agreedAt: '2026-11-27T13:57:00.000Z' });
  recordAgreement(doc, { participantId: 'pro-1', displayName: APPROVER.name, role: 'professional', agreedAt: '2026-11-27T13:59:00.000Z' });
  return buildPlan(readBoard(doc), {
    conferenceId: 'c-export',
    version: 3,
    lockedAt: LOCKED_AT,
    names: new Map([
      [APPROVER.id, APPROVER.name],
      [COORDINATOR.id, COORDINATOR.name],
      ['yp-1', 'Rhys Ŷr'],
    ]),
    agreedWithoutYoungPerson,
    takingPart: TAKING_PART,
  });
}

/** The professionals' notes for the sample plan, canaries in them. */
export function sampleNotes(plan: Plan): ProfessionalNotes[] {
  const aunt = plan.people.find((p) => p.name === NAMES.aunt);
  const carer = plan.people.find((p) => p.name === NAMES.carer);
  return [
    { personId: aunt?.id ?? 'gone', name: NAMES.aunt, safety: CANARY.safety, restrictions: 'Supervised contact only', contactDetails: CANARY.address, mustNotBeTold: 'The new school' },
    { personId: carer?.id ?? 'gone', name: NAMES.carer, safety: '', restrictions: '', contactDetails: '07700 900123', mustNotBeTold: '' },
  ];
}

/** The SHA-256 the sample's agreed version is exported with. */
export const SAMPLE_SHA = 'a3f1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a';

/** The full copy of the sample plan. */
export function sampleInput(overrides: Partial<ExportInput> = {}): ExportInput {
  const plan = samplePlan();
  return { plan, copy: 'full', draft: false, sha256: SAMPLE_SHA, professional: sampleNotes(plan), ...overrides };
}

const WORDS = (
  'we will meet at the park on Saturday afternoon and then walk down to the café by the river ' +
  'Nain says the bus from Llandrindod is slow but she likes the view of the hills ' +
  'bring the photographs of the farm the chapel and the old school so Rhys can keep copies ' +
  'if it rains we go to the museum instead and have cake afterwards 🎂 ' +
  'Łukasz will drive, Zoë will phone first to check everyone is well 🦊 ' +
  'every visit ends with a plan for the next one written down together'
).split(' ');

/** About `length` characters of made-up prose for offer `n`, starting "Offer n:" so it can be found. */
export function longText(n: number, length = MAX_TEXT): string {
  let text = `Offer ${n}:`;
  for (let i = n * 7; ; i++) {
    const word = WORDS[i % WORDS.length] ?? '';
    if (text.length + word.length + 1 > length) return text;
    text += ` ${word}`;
  }
}

/** A plan with `count` agreed offers of long texts from twenty people, some with right-to-left names. */
export function bigPlan(count: number, length = MAX_TEXT): Plan {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'A very full plan', youngPersonName: 'Rhys Ŷr', connectionsAtStart: 20 });
  const names = [NAMES.nain, NAMES.aunt, NAMES.friend, NAMES.carer, NAMES.nan, NAMES.uncle, NAMES.cousin, 'سارة أحمد', 'דוד לוי', 'Siân Ŵyn'];
  const people = Array.from({ length: 20 }, (_, i) =>
    addPerson(doc, { displayName: `${names[i % names.length]} ${Math.floor(i / names.length) + 1}`, relationship: 'family', circle: 'family', connection: 'direct', atConference: i % 2 === 0 }),
  );
  const wish = addObjective(doc, { text: 'See everyone often', category: 'family', raisedBy: 'yp-1' });
  for (let n = 1; n <= count; n++) {
    const id = addOffer(doc, {
      personId: people[n % people.length] ?? people[0]!,
      kind: OFFER_KINDS[n % OFFER_KINDS.length] ?? 'visit',
      text: longText(n, length),
      frequency: n % 3 === 0 ? 'كل أسبوع' : 'Every other Saturday',
      startsOn: 'January 2027',
      column: 'agreed',
      yes: YES,
      objectiveIds: n % 10 === 0 ? [wish] : [],
      createdBy: 'fam-1',
    });
    if (n % 4 === 0) approveOffer(doc, id, APPROVER.id, '2026-11-27T13:40:00.000Z');
  }
  setContingency(doc, longText(0, MAX_TEXT));
  for (let i = 0; i < 12; i++) {
    recordAgreement(doc, { participantId: `p-${i}`, displayName: `${names[i % names.length]}`, role: i === 0 ? 'youngPerson' : 'network', agreedAt: `2026-11-27T13:${String(10 + i).padStart(2, '0')}:00.000Z` });
  }
  return buildPlan(readBoard(doc), { conferenceId: 'c-big', version: 1, lockedAt: LOCKED_AT, names: new Map([[APPROVER.id, APPROVER.name]]), agreedWithoutYoungPerson: null, takingPart: TAKING_PART });
}

/** What the sample plan's full copy says, section by section, in the order every export must keep. */
export const SECTIONS_IN_ORDER = [
  'Lifelong Links plan for Rhys',
  'This is the full copy of the plan',
  'This plan is for Rhys Ŷr',
  'locked on 27 November 2026',
  'The conference was on 27 November 2026 at Canolfan Deulu’r Waun, Wrecsam.',
  'Coordinator: Casey Invented.',
  'Who took part',
  // Everyone the same way: the name, then their relationship to the young person or else their role.
  'Casey Invented, Coordinator',
  'Rhys Ŷr, Young person',
  'Sam Social Worker, social worker',
  `${NAMES.nain}, grandmother`,
  'What I’d like',
  'Who will do what',
  'Rhys said yes.',
  'If part of the plan does not work out',
  'Review meeting',
  'The plan will be looked at again on 20 May 2027',
  'Who agreed',
  // The young person's agreement first, in their own words, saying what it was to.
  '“I’m happy with this plan” (5 agreed offers)',
  '“I agree with this plan” (5 agreed offers)',
  'Agreed without Rhys saying so, because:',
  'For professionals only',
] as const;
