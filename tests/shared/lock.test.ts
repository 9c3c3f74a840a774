// The checks before locking, as the coordinator reads them and the server decides them.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOffer, addPerson, approveOffer, initBoard, moveOffer, readBoard, recordAgreement, setContingency, setMeta, setServerMeta } from '../../shared/board.ts';
import { offerId, personId } from '../../shared/ids.ts';
import { LOCK_CHECKS, lockChecklist, missingForLock } from '../../shared/lock.ts';
import type { PersonNotes } from '../../shared/notes.ts';
import { YES } from '../helpers/yes.ts';

/** 7 December 2026, noon UTC. */
const NOW = Date.UTC(2026, 11, 7, 12);

function draft(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Plan', youngPersonName: 'Robin Invented', connectionsAtStart: 0 });
  addPerson(doc, { id: personId('p-gran'), displayName: 'Gran', relationship: '', circle: 'family', connection: 'direct', atConference: true });
  addOffer(doc, { id: offerId('o-stay'), personId: personId('p-gran'), kind: 'overnightStay', text: 'A weekend at Gran’s', column: 'agreed', yes: YES, createdBy: 'f-1' });
  addOffer(doc, { id: offerId('o-flag'), personId: personId('p-gran'), kind: 'call', text: 'Calls', column: 'agreed', yes: YES, needsApproval: true, createdBy: 'f-1' });
  addOffer(doc, { id: offerId('o-later'), personId: personId('p-gran'), kind: 'overnightStay', text: 'Not agreed', column: 'suggested', createdBy: 'f-1' });
  return doc;
}

/** The draft with everything the checks ask for, but the young person's agreement. */
function ready(): Y.Doc {
  const doc = draft();
  approveOffer(doc, offerId('o-stay'), 'pro-1', '2026-11-27T10:00:00.000Z');
  approveOffer(doc, offerId('o-flag'), 'pro-1', '2026-11-27T10:00:00.000Z');
  setMeta(doc, { reviewDate: '2027-01-01' });
  setContingency(doc, 'Aunt Jo steps in.');
  return doc;
}

const agree = (doc: Y.Doc) => recordAgreement(doc, { participantId: 'yp-1', displayName: 'Robin', role: 'youngPerson', agreedAt: '2026-11-27T10:00:00.000Z' });
const checks = (doc: Y.Doc, reason: string | null = null) => missingForLock(readBoard(doc), NO_NOTES, reason, NOW).map((m) => m.check);

const NO_NOTES: PersonNotes[] = [];

describe('the checks before locking', () => {
  it('lists every missing check, for agreed offers only, in plain words', () => {
    const missing = missingForLock(readBoard(draft()), NO_NOTES, null, NOW);
    expect(missing.map((m) => [m.check, m.offerId ?? null])).toEqual([
      ['youngPersonAgreed', null],
      ['approvals', 'o-stay'],
      ['approvals', 'o-flag'],
      ['contingency', null],
      ['reviewDate', null],
    ]);
    expect(missing[0]?.message).toBe('Robin has not said they are happy with the plan (or record why it is agreed without them).');
  });

  it('passes with the young person’s agreement (or a reason), approvals, a backup plan and a review date', () => {
    const doc = ready();
    expect(missingForLock(readBoard(doc), NO_NOTES, 'A very young child', NOW)).toEqual([]);
    expect(checks(doc, '   ')).toEqual(['youngPersonAgreed']);
    agree(doc);
    expect(missingForLock(readBoard(doc), NO_NOTES, null, NOW)).toEqual([]);
    expect(lockChecklist(readBoard(doc), NO_NOTES, null, NOW).map((line) => [line.check, line.done])).toEqual(LOCK_CHECKS.map((check) => [check, true]));
  });

  it('asks for at least one agreed offer: there is no agreeing to an empty plan', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Plan', youngPersonName: 'Robin', connectionsAtStart: 0, reviewDate: '2027-01-01' });
    setContingency(doc, 'Call the coordinator.');
    const missing = missingForLock(readBoard(doc), NO_NOTES, 'A very young child', NOW);
    expect(missing.map((m) => m.check)).toEqual(['offersAgreed']);
    expect(missing[0]?.message).toBe('No offer is in “Agreed” yet: an offer goes there when Robin says yes to it.');
  });

  it('asks for the young person’s yes on an offer put in “Agreed” before the yes was asked', () => {
    const doc = ready();
    agree(doc);
    // As a board made by an older server holds it: in "Agreed", with no yes.
    const entry = doc.getMap('offers').get('o-flag') as Y.Map<unknown>;
    entry.set('position', { column: 'agreed', order: 'a5' });
    const missing = missingForLock(readBoard(doc), NO_NOTES, null, NOW);
    expect(missing.map((m) => [m.check, m.offerId])).toEqual([['youngPersonYes', 'o-flag']]);
    expect(missing[0]?.message).toBe('“Calls” is in “Agreed” without Robin’s yes: ask Robin, then record it.');
  });

  it('asks the young person again when the agreed offers changed after they said they were happy', () => {
    const doc = ready();
    agree(doc);
    expect(checks(doc)).toEqual([]);
    moveOffer(doc, offerId('o-later'), { column: 'agreed', beforeId: null, yes: YES });
    approveOffer(doc, offerId('o-later'), 'pro-1', '2026-11-27T10:00:00.000Z');
    const missing = missingForLock(readBoard(doc), NO_NOTES, null, NOW);
    expect(missing.map((m) => m.check)).toEqual(['youngPersonAgreed']);
    expect(missing[0]?.message).toMatch(/^The agreed offers changed after Robin said they were happy with the plan: ask Robin again/);
    agree(doc);
    expect(checks(doc)).toEqual([]);
  });

  it('takes “no backup plan is needed” from the coordinator instead of a backup plan', () => {
    const doc = ready();
    agree(doc);
    setContingency(doc, '  ');
    expect(checks(doc)).toEqual(['contingency']);
    setMeta(doc, { contingencyNotNeeded: true });
    expect(checks(doc)).toEqual([]);
    expect(lockChecklist(readBoard(doc), NO_NOTES, null, NOW).find((line) => line.check === 'contingency')?.text).toBe('No backup plan is needed.');
  });

  it('asks for a review date that has not passed, and at the review for the next one', () => {
    const doc = ready();
    agree(doc);
    setMeta(doc, { reviewDate: '2026-12-01' });
    expect(missingForLock(readBoard(doc), NO_NOTES, null, NOW).map((m) => m.message)).toEqual(['The review date (2026-12-01) has passed: set a new one.']);
    // Today is not past anywhere; the day before is still today west of UTC until noon UTC.
    setMeta(doc, { reviewDate: '2026-12-07' });
    expect(checks(doc)).toEqual([]);
    setMeta(doc, { reviewDate: '2026-12-06' });
    expect(missingForLock(readBoard(doc), NO_NOTES, null, Date.UTC(2026, 11, 7, 11)).map((m) => m.check)).toEqual([]);
    setServerMeta(doc, { phase: 'review' });
    setMeta(doc, { reviewDate: null });
    expect(missingForLock(readBoard(doc), NO_NOTES, null, NOW).map((m) => m.message)).toEqual(['Set a date for the next review meeting.']);
  });

  it('finds agreed offers against a contact restriction, and cannot pass without the notes', () => {
    const doc = draft();
    const restricted: PersonNotes[] = [{ personId: personId('p-gran'), safety: '', restrictions: 'Supervised only', contactDetails: '', mustNotBeTold: '', notNamedToFamily: false }];
    const offers = missingForLock(readBoard(doc), restricted, 'reason', NOW).filter((m) => m.check === 'restrictions');
    expect(offers.map((m) => m.offerId)).toEqual(['o-stay', 'o-flag']);
    expect(offers[0]?.message).toMatch(/^Gran has contact restrictions/);
    expect(missingForLock(readBoard(doc), null, 'reason', NOW).filter((m) => m.check === 'restrictions')).toHaveLength(1);
  });

  it('finds agreed offers from someone no longer on the board', () => {
    const doc = draft();
    doc.getMap('people').delete('p-gran');
    expect(missingForLock(readBoard(doc), NO_NOTES, 'reason', NOW).filter((m) => m.check === 'peopleOnBoard').map((m) => m.offerId)).toEqual(['o-stay', 'o-flag']);
  });

  it('shows the coordinator one line per check, or one per missing thing, naming the offer it is about', () => {
    const lines = lockChecklist(readBoard(draft()), NO_NOTES, null, NOW);
    expect(lines.filter((l) => !l.done).map((l) => [l.check, l.offerId ?? null])).toEqual([
      ['youngPersonAgreed', null],
      ['approvals', 'o-stay'],
      ['approvals', 'o-flag'],
      ['contingency', null],
      ['reviewDate', null],
    ]);
    expect(lines.filter((l) => l.done).map((l) => l.text)).toEqual([
      '2 offers are in “Agreed”.',
      'Robin said yes to every agreed offer.',
      'No agreed offer goes against a contact restriction.',
      'Every agreed offer is from someone on the board.',
    ]);
  });
});
