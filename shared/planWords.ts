// The words an agreed plan says about people, the same on screen and in every export: how each
// person took part, the young person's yes on each offer, and what each agreement was to.

import { agreesToNow } from './board.ts';
import type { Plan } from './plan.ts';
import { ROLE_LABELS, type Actor } from './roles.ts';

/** The first word of a name ("Sam Jones" → "Sam"), or "the young person". */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] || 'the young person';
}

/** How someone took part, the same way for everyone: their relationship to the young person, or else their role. */
export function takingPartAs(person: { role: Actor | null; relationship: string }): string {
  if (person.relationship.trim() !== '') return person.relationship.trim();
  return person.role === null ? 'at the conference' : ROLE_LABELS[person.role];
}

/** "Robin said yes." or "Robin said yes (recorded by Casey)." for an agreed offer; null in plans from before the yes was asked. */
export function yesWords(plan: Pick<Plan, 'youngPersonName'>, offer: Plan['offers'][number]): string | null {
  const yes = offer.youngPersonYes;
  if (yes === undefined || yes === null) return null;
  const name = firstNameOf(plan.youngPersonName);
  return yes.recorded ? `${name} said yes (recorded by ${yes.by}).` : `${name} said yes.`;
}

/** What someone said when they agreed, in their words, and to how many offers: "“I’m happy with this plan” (3 agreed offers)". */
export function agreementWords(plan: Pick<Plan, 'offers'>, agreement: Plan['agreements'][number]): string {
  const said = agreement.role === 'youngPerson' ? '“I’m happy with this plan”' : '“I agree with this plan”';
  if (agreement.offerIds === undefined || agreement.offerIds === null) return said;
  if (!agreesToNow(agreement, plan.offers.map((offer) => offer.id).sort())) return `${said}, before the agreed offers last changed`;
  const count = agreement.offerIds.length;
  return `${said} (${count === 1 ? '1 agreed offer' : `${count} agreed offers`})`;
}

/** The agreements with the young person's first: theirs is the one the plan rests on. */
export function youngPersonFirst<T extends { role: string }>(agreements: readonly T[]): T[] {
  return [...agreements.filter((a) => a.role === 'youngPerson'), ...agreements.filter((a) => a.role !== 'youngPerson')];
}
