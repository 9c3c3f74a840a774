// The conference's phases, in the order a conference moves through them.

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
