// What must be true before the coordinator can lock the plan as agreed, as plain sentences: the
// young person agreed (or the coordinator recorded why not), every agreed offer that needs approval
// is approved, no agreed offer goes against a contact restriction in the professionals' notes,
// every agreed offer is from someone still on the board, and a review date is set.

import { requiresApproval, type Board } from './board.ts';
import type { PersonNotes } from './notes.ts';
import type { Phase } from './phases.ts';

/** Stages in which people agree and the plan can be locked: once it is made, or at the review. */
export const LOCKABLE_PHASES: readonly Phase[] = ['planning', 'review'];

/** The checks, in the order the coordinator sees them. */
export const LOCK_CHECKS = ['youngPersonAgreed', 'approvals', 'restrictions', 'peopleOnBoard', 'reviewDate'] as const;
export type LockCheck = (typeof LOCK_CHECKS)[number];

/** Each check in a few words (the history names the ones that failed). */
export const LOCK_CHECK_LABELS: Readonly<Record<LockCheck, string>> = {
  youngPersonAgreed: 'the young person had not agreed',
  approvals: 'offers waiting for approval',
  restrictions: 'an offer against a contact restriction',
  peopleOnBoard: 'an offer from someone no longer on the board',
  reviewDate: 'no review date',
};

export function isLockCheck(value: string): value is LockCheck {
  return (LOCK_CHECKS as readonly string[]).includes(value);
}

/** One thing still missing before the plan can be locked. */
export interface Missing {
  check: LockCheck;
  message: string;
  offerId?: string;
}

/** One line of the checklist: done or not, in plain words. */
export interface ChecklistLine {
  check: LockCheck;
  done: boolean;
  text: string;
}

const short = (text: string) => {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > 50 ? `${flat.slice(0, 49)}…` : flat || 'an offer';
};

/**
 * What is still missing. `notes` are the professionals' notes (null when they could not be read:
 * then the restrictions check cannot pass). `overrideReason` is the coordinator's reason for
 * agreeing the plan without the young person saying so (e.g. a very young child).
 */
export function missingForLock(board: Board, notes: readonly PersonNotes[] | null, overrideReason: string | null): Missing[] {
  const missing: Missing[] = [];
  const name = board.meta.youngPersonName || 'The young person';
  const agreed = board.offers.filter((offer) => offer.column === 'agreed');
  const people = new Map(board.people.map((person) => [person.id, person]));

  const youngPersonAgreed = board.agreements.some((agreement) => agreement.role === 'youngPerson');
  if (!youngPersonAgreed && !(overrideReason && overrideReason.trim() !== '')) {
    missing.push({ check: 'youngPersonAgreed', message: `${name} has not said they are happy with the plan (or record why it is agreed without them).` });
  }
  for (const offer of agreed) {
    if (requiresApproval(offer) && (offer.approvedBy === null || offer.approvedAt === null)) {
      missing.push({ check: 'approvals', offerId: offer.id, message: `“${short(offer.text)}” needs a professional to approve it.` });
    }
  }
  if (notes === null) {
    missing.push({ check: 'restrictions', message: 'The professionals’ notes could not be read, so contact restrictions cannot be checked.' });
  } else {
    const restricted = new Set(notes.filter((note) => note.restrictions.trim() !== '').map((note) => note.personId));
    for (const offer of agreed) {
      if (restricted.has(offer.personId) && offer.supervision !== 'professional') {
        const who = people.get(offer.personId)?.displayName ?? 'Someone';
        missing.push({
          check: 'restrictions',
          offerId: offer.id,
          message: `${who} has contact restrictions in the professionals’ notes: “${short(offer.text)}” needs a professional present.`,
        });
      }
    }
  }
  for (const offer of agreed) {
    if (!people.has(offer.personId)) {
      missing.push({ check: 'peopleOnBoard', offerId: offer.id, message: `“${short(offer.text)}” is from someone no longer on the board.` });
    }
  }
  if (board.meta.reviewDate === null) missing.push({ check: 'reviewDate', message: 'Set a date for the review meeting.' });
  return missing;
}

const DONE: Readonly<Record<LockCheck, string>> = {
  youngPersonAgreed: 'The young person is happy with the plan.',
  approvals: 'Every agreed offer that needs approval is approved.',
  restrictions: 'No agreed offer goes against a contact restriction.',
  peopleOnBoard: 'Every agreed offer is from someone on the board.',
  reviewDate: 'The review meeting has a date.',
};

/** The whole checklist for the coordinator: each check done, or what is missing for it. */
export function lockChecklist(board: Board, notes: readonly PersonNotes[] | null, overrideReason: string | null): ChecklistLine[] {
  const missing = missingForLock(board, notes, overrideReason);
  return LOCK_CHECKS.flatMap((check): ChecklistLine[] => {
    const open = missing.filter((m) => m.check === check);
    if (open.length === 0) {
      const text = check === 'youngPersonAgreed' && overrideReason ? `Agreed without the young person: ${overrideReason}` : DONE[check];
      return [{ check, done: true, text }];
    }
    return open.map((m) => ({ check, done: false, text: m.message }));
  });
}
