// What must be true before the coordinator can lock the plan as agreed, as plain sentences: at
// least one offer is agreed, each with the young person's yes; the young person is happy with the
// plan as it stands (or the coordinator recorded why it is agreed without them); every agreed offer
// that needs approval is approved, goes against no contact restriction in the professionals' notes
// and is from someone still on the board; there is a backup plan (or none is needed); and the
// (next) review meeting has a date that has not passed.

import { agreedOfferIds, agreesToNow, requiresApproval, type Board } from './board.ts';
import { isPastEverywhere } from './dates.ts';
import type { PersonNotes } from './notes.ts';
import type { Phase } from './phases.ts';

/** Stages in which people agree and the plan can be locked: once it is made, or at the review. */
export const LOCKABLE_PHASES: readonly Phase[] = ['planning', 'review'];

/** The checks, in the order the coordinator sees them. */
export const LOCK_CHECKS = [
  'offersAgreed',
  'youngPersonYes',
  'youngPersonAgreed',
  'approvals',
  'restrictions',
  'peopleOnBoard',
  'contingency',
  'reviewDate',
] as const;
export type LockCheck = (typeof LOCK_CHECKS)[number];

/** Each check in a few words (the history names the ones that failed). */
export const LOCK_CHECK_LABELS: Readonly<Record<LockCheck, string>> = {
  offersAgreed: 'no offer agreed yet',
  youngPersonYes: 'an agreed offer without the young person’s yes',
  youngPersonAgreed: 'the young person had not agreed',
  approvals: 'offers waiting for approval',
  restrictions: 'an offer against a contact restriction',
  peopleOnBoard: 'an offer from someone no longer on the board',
  contingency: 'no backup plan',
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

/** One line of the checklist: done or not, in plain words (`offerId`: the offer it is about). */
export interface ChecklistLine {
  check: LockCheck;
  done: boolean;
  text: string;
  offerId?: string;
}

const short = (text: string) => {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > 50 ? `${flat.slice(0, 49)}…` : flat || 'an offer';
};

/** The young person's first name, or "the young person". */
function nameOf(board: Board, capital = false): string {
  const first = board.meta.youngPersonName.trim().split(/\s+/)[0] ?? '';
  return first || (capital ? 'The young person' : 'the young person');
}

/** Whether the young person's "I'm happy with this plan" is to the agreed offers as they are now. */
export function youngPersonAgreesNow(board: Board): boolean {
  const now = agreedOfferIds(board);
  return board.agreements.some((agreement) => agreement.role === 'youngPerson' && agreesToNow(agreement, now));
}

/**
 * What is still missing. `notes` are the professionals' notes (null when they could not be read:
 * then the restrictions check cannot pass). `overrideReason` is the coordinator's reason for
 * agreeing the plan without the young person saying so (e.g. a very young child). `now` decides
 * whether the review date has passed.
 */
export function missingForLock(board: Board, notes: readonly PersonNotes[] | null, overrideReason: string | null, now = Date.now()): Missing[] {
  const missing: Missing[] = [];
  const name = nameOf(board);
  const agreed = board.offers.filter((offer) => offer.column === 'agreed');
  const people = new Map(board.people.map((person) => [person.id, person]));

  if (agreed.length === 0) {
    missing.push({ check: 'offersAgreed', message: `No offer is in “Agreed” yet: an offer goes there when ${name} says yes to it.` });
  }
  for (const offer of agreed) {
    if (offer.yes === null) {
      missing.push({ check: 'youngPersonYes', offerId: offer.id, message: `“${short(offer.text)}” is in “Agreed” without ${name}’s yes: ask ${name}, then record it.` });
    }
  }
  const overridden = overrideReason !== null && overrideReason.trim() !== '';
  if (!youngPersonAgreesNow(board) && !overridden) {
    const saidBefore = board.agreements.some((agreement) => agreement.role === 'youngPerson');
    missing.push({
      check: 'youngPersonAgreed',
      message: saidBefore
        ? `The agreed offers changed after ${name} said they were happy with the plan: ask ${name} again (or record why it is agreed without them).`
        : `${nameOf(board, true)} has not said they are happy with the plan (or record why it is agreed without them).`,
    });
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
  if (board.contingency.trim() === '' && !board.meta.contingencyNotNeeded) {
    missing.push({ check: 'contingency', message: 'Write down what happens if something doesn’t work out (the backup plan), or say none is needed.' });
  }
  const { reviewDate, phase } = board.meta;
  if (reviewDate === null) {
    missing.push({ check: 'reviewDate', message: phase === 'review' ? 'Set a date for the next review meeting.' : 'Set a date for the review meeting.' });
  } else if (isPastEverywhere(reviewDate, now)) {
    missing.push({ check: 'reviewDate', message: `The review date (${reviewDate}) has passed: set a new one.` });
  }
  return missing;
}

/** The words of a check that is done. */
function doneText(check: LockCheck, board: Board, overrideReason: string | null): string {
  const agreed = board.offers.filter((offer) => offer.column === 'agreed').length;
  const name = nameOf(board, true);
  switch (check) {
    case 'offersAgreed':
      return agreed === 1 ? '1 offer is in “Agreed”.' : `${agreed} offers are in “Agreed”.`;
    case 'youngPersonYes':
      return `${name} said yes to every agreed offer.`;
    case 'youngPersonAgreed':
      return overrideReason && !youngPersonAgreesNow(board) ? `Agreed without ${nameOf(board)}: ${overrideReason}` : `${name} is happy with the plan.`;
    case 'approvals':
      return 'Every agreed offer that needs approval is approved.';
    case 'restrictions':
      return 'No agreed offer goes against a contact restriction.';
    case 'peopleOnBoard':
      return 'Every agreed offer is from someone on the board.';
    case 'contingency':
      return board.contingency.trim() === '' ? 'No backup plan is needed.' : 'There is a backup plan.';
    case 'reviewDate':
      return 'The review meeting has a date.';
    default:
      return check satisfies never;
  }
}

/** The whole checklist for the coordinator: each check done, or what is missing for it. */
export function lockChecklist(board: Board, notes: readonly PersonNotes[] | null, overrideReason: string | null, now = Date.now()): ChecklistLine[] {
  const missing = missingForLock(board, notes, overrideReason, now);
  return LOCK_CHECKS.flatMap((check): ChecklistLine[] => {
    const open = missing.filter((m) => m.check === check);
    if (open.length === 0) return [{ check, done: true, text: doneText(check, board, overrideReason) }];
    return open.map((m) => ({ check, done: false, text: m.message, ...(m.offerId === undefined ? {} : { offerId: m.offerId }) }));
  });
}
