// The checks before locking, as the coordinator reads them and the server decides them.

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addOffer, addPerson, approveOffer, initBoard, readBoard, recordAgreement, setMeta } from '../../shared/board.ts';
import { offerId, personId } from '../../shared/ids.ts';
import { LOCK_CHECKS, lockChecklist, missingForLock } from '../../shared/lock.ts';
import type { PersonNotes } from '../../shared/notes.ts';

function draft(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Plan', youngPersonName: 'Robin Invented', connectionsAtStart: 0 });
  addPerson(doc, { id: personId('p-gran'), displayName: 'Gran', relationship: '', circle: 'family', connection: 'direct', atConference: true });
  addOffer(doc, { id: offerId('o-stay'), personId: personId('p-gran'), kind: 'overnightStay', text: 'A weekend at Gran’s', column: 'agreed', createdBy: 'f-1' });
  addOffer(doc, { id: offerId('o-flag'), personId: personId('p-gran'), kind: 'call', text: 'Calls', column: 'agreed', needsApproval: true, createdBy: 'f-1' });
  addOffer(doc, { id: offerId('o-later'), personId: personId('p-gran'), kind: 'overnightStay', text: 'Not agreed', column: 'suggested', createdBy: 'f-1' });
  return doc;
}

const NO_NOTES: PersonNotes[] = [];

describe('the checks before locking', () => {
  it('lists every missing check, for agreed offers only, in plain words', () => {
    const missing = missingForLock(readBoard(draft()), NO_NOTES, null);
    expect(missing.map((m) => [m.check, m.offerId ?? null])).toEqual([
      ['youngPersonAgreed', null],
      ['approvals', 'o-stay'],
      ['approvals', 'o-flag'],
      ['reviewDate', null],
    ]);
    expect(missing[0]?.message).toBe('Robin Invented has not said they are happy with the plan (or record why it is agreed without them).');
  });

  it('passes with the young person’s agreement (or a reason), approvals and a review date', () => {
    const doc = draft();
    approveOffer(doc, offerId('o-stay'), 'pro-1', '2026-11-27T10:00:00.000Z');
    approveOffer(doc, offerId('o-flag'), 'pro-1', '2026-11-27T10:00:00.000Z');
    setMeta(doc, { reviewDate: '2027-01-01' });
    expect(missingForLock(readBoard(doc), NO_NOTES, 'A very young child')).toEqual([]);
    expect(missingForLock(readBoard(doc), NO_NOTES, '   ').map((m) => m.check)).toEqual(['youngPersonAgreed']);
    recordAgreement(doc, { participantId: 'yp-1', displayName: 'Robin', role: 'youngPerson', agreedAt: '2026-11-27T10:00:00.000Z' });
    expect(missingForLock(readBoard(doc), NO_NOTES, null)).toEqual([]);
    expect(lockChecklist(readBoard(doc), NO_NOTES, null).map((line) => [line.check, line.done])).toEqual(LOCK_CHECKS.map((check) => [check, true]));
  });

  it('finds agreed offers against a contact restriction, and cannot pass without the notes', () => {
    const doc = draft();
    const restricted: PersonNotes[] = [{ personId: personId('p-gran'), safety: '', restrictions: 'Supervised only', contactDetails: '', mustNotBeTold: '' }];
    const offers = missingForLock(readBoard(doc), restricted, 'reason').filter((m) => m.check === 'restrictions');
    expect(offers.map((m) => m.offerId)).toEqual(['o-stay', 'o-flag']);
    expect(offers[0]?.message).toMatch(/^Gran has contact restrictions/);
    expect(missingForLock(readBoard(doc), null, 'reason').filter((m) => m.check === 'restrictions')).toHaveLength(1);
  });

  it('finds agreed offers from someone no longer on the board', () => {
    const doc = draft();
    doc.getMap('people').delete('p-gran');
    expect(missingForLock(readBoard(doc), NO_NOTES, 'reason').filter((m) => m.check === 'peopleOnBoard').map((m) => m.offerId)).toEqual(['o-stay', 'o-flag']);
  });

  it('shows the coordinator one line per check, or one per missing thing', () => {
    const lines = lockChecklist(readBoard(draft()), NO_NOTES, null);
    expect(lines.filter((l) => !l.done).map((l) => l.check)).toEqual(['youngPersonAgreed', 'approvals', 'approvals', 'reviewDate']);
    expect(lines.filter((l) => l.done).map((l) => l.text)).toEqual([
      'No agreed offer goes against a contact restriction.',
      'Every agreed offer is from someone on the board.',
    ]);
  });
});
