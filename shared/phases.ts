// The conference's phases, in the order a conference moves through them.

import type { Actor } from './roles.ts';

/** preparing → sharing → private (family time) → planning → agreed (locked) → review. */
export const PHASES = ['preparing', 'sharing', 'private', 'planning', 'agreed', 'review'] as const;
export type Phase = (typeof PHASES)[number];

/** Plain words for each phase. */
export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  preparing: 'Getting ready',
  sharing: 'Sharing information',
  private: 'Private family time',
  planning: 'Making the plan',
  agreed: 'Plan agreed',
  review: 'Reviewing the plan',
};

/** Narrows an unknown value to a Phase. */
export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** The phases the coordinator moves between with POST …/phase (agreeing and review come with the lock). */
export const MEETING_PHASES = ['preparing', 'sharing', 'private', 'planning'] as const satisfies readonly Phase[];
export type MeetingPhase = (typeof MEETING_PHASES)[number];

/** Who leaves the room during private family time (family group conference practice). */
export const AWAY_DURING_PRIVATE: readonly Actor[] = ['coordinator', 'professional', 'carer', 'observer'];

/**
 * True when `actor` is out of the room in `phase`: their board sockets close and new ones are
 * refused (4409). The room's screen the coordinator put on the family's side (an observer invite
 * with `familySide`) stays: the room is the family's then.
 */
export function isAway(actor: Actor, phase: Phase, familySide = false): boolean {
  return phase === 'private' && AWAY_DURING_PRIVATE.includes(actor) && !(familySide && actor === 'observer');
}
