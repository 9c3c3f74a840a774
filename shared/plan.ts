// The canonical plan: what an agreed version of the board says, as one JSON document with a fixed
// key order and sorted lists, so the same board always gives the same bytes (and SHA-256). It is
// what the care record receives and what a court may read; its JSON Schema is published.

import { z } from 'zod';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CIRCLES,
  CONNECTIONS,
  OBJECTIVE_STATUSES,
  OFFER_KINDS,
  SUPERVISIONS,
  connectionsNow,
  requiresApproval,
  type Board,
} from './board.ts';
import { ROLES } from './roles.ts';

/** The plan format's version: bumped when its shape changes. */
export const PLAN_SCHEMA_VERSION = 1;
/** What a person who is no longer on the board is called in a plan (their offers are kept). */
export const NO_LONGER_ON_BOARD = 'someone no longer on the board';


const nullableText = z.string().nullable();

/** The canonical plan's schema (also published as JSON Schema). */
export const planSchema = z.strictObject({
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION),
  conferenceId: z.string(),
  title: z.string(),
  youngPersonName: z.string(),
  version: z.int().min(1),
  lockedAt: z.iso.datetime(),
  reviewDate: nullableText,
  agreedWithoutYoungPerson: nullableText.describe('Why the plan was agreed without the young person saying so, if it was.'),
  wishesByCategory: z.array(
    z.strictObject({
      category: z.enum(CATEGORIES),
      label: z.string(),
      wishes: z.array(
        z.strictObject({
          id: z.string(),
          text: z.string(),
          status: z.enum(OBJECTIVE_STATUSES),
          offerIds: z.array(z.string()).describe('The agreed offers that answer this wish.'),
        }),
      ),
    }),
  ),
  offers: z.array(
    z.strictObject({
      id: z.string(),
      personId: z.string(),
      from: z.string().describe(`The person's name, or "${NO_LONGER_ON_BOARD}".`),
      kind: z.enum(OFFER_KINDS),
      what: z.string(),
      howOften: z.string(),
      startsOn: z.string(),
      supervision: z.enum(SUPERVISIONS),
      needsApproval: z.boolean(),
      approval: z.strictObject({ byId: z.string(), by: z.string(), at: z.string() }).nullable(),
      wishIds: z.array(z.string()),
    }),
  ),
  people: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      relationship: z.string(),
      circle: z.enum(CIRCLES),
      connection: z.enum(CONNECTIONS),
      atConference: z.boolean(),
    }),
  ),
  connections: z.strictObject({ atStart: z.int().min(0), now: z.int().min(0) }),
  agreements: z.array(z.strictObject({ participantId: z.string(), name: z.string(), role: z.enum(ROLES), agreedAt: z.string() })),
  contingency: z.string(),
});
export type Plan = z.infer<typeof planSchema>;

/** What besides the board a plan needs: its identity, version and time, and names for ids. */
export interface PlanContext {
  conferenceId: string;
  version: number;
  lockedAt: string;
  /** Names of the people who approved offers, by their id. */
  names: ReadonlyMap<string, string>;
  agreedWithoutYoungPerson: string | null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical plan of a board: its agreed offers and everything they answer. */
export function buildPlan(board: Board, ctx: PlanContext): Plan {
  const agreed = board.offers.filter((offer) => offer.column === 'agreed');
  const people = new Map(board.people.map((person) => [person.id, person]));
  const wishIds = new Set(board.objectives.map((wish) => wish.id));
  const plan: Plan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    conferenceId: ctx.conferenceId,
    title: board.meta.title,
    youngPersonName: board.meta.youngPersonName,
    version: ctx.version,
    lockedAt: ctx.lockedAt,
    reviewDate: board.meta.reviewDate,
    agreedWithoutYoungPerson: ctx.agreedWithoutYoungPerson,
    wishesByCategory: CATEGORIES.map((category) => ({
      category,
      label: CATEGORY_LABELS[category],
      wishes: board.objectives
        .filter((wish) => wish.category === category)
        .map((wish) => ({
          id: wish.id,
          text: wish.text,
          status: wish.status,
          offerIds: agreed.filter((offer) => offer.objectiveIds.includes(wish.id)).map((offer) => offer.id),
        })),
    })).filter((group) => group.wishes.length > 0),
    offers: agreed.map((offer) => ({
      id: offer.id,
      personId: offer.personId,
      from: people.get(offer.personId)?.displayName ?? NO_LONGER_ON_BOARD,
      kind: offer.kind,
      what: offer.text,
      howOften: offer.frequency,
      startsOn: offer.startsOn,
      supervision: offer.supervision,
      needsApproval: requiresApproval(offer),
      approval:
        offer.approvedBy !== null && offer.approvedAt !== null
          ? { byId: offer.approvedBy, by: ctx.names.get(offer.approvedBy) ?? 'a professional', at: offer.approvedAt }
          : null,
      wishIds: offer.objectiveIds.filter((id) => wishIds.has(id)),
    })),
    people: board.people.map((person) => ({
      id: person.id,
      name: person.displayName,
      relationship: person.relationship,
      circle: person.circle,
      connection: person.connection,
      atConference: person.atConference,
    })),
    connections: { atStart: board.meta.connectionsAtStart, now: connectionsNow(board) },
    agreements: board.agreements
      .filter((agreement) => (ROLES as readonly string[]).includes(agreement.role))
      .map((agreement) => ({
        participantId: agreement.participantId,
        name: agreement.displayName,
        role: agreement.role as (typeof ROLES)[number],
        agreedAt: agreement.agreedAt,
      }))
      .sort((a, b) => byText(a.agreedAt, b.agreedAt) || byText(a.participantId, b.participantId)),
    contingency: board.contingency,
  };
  return plan;
}

/** The plan's canonical text: keys in the schema's order, two-space indent, one final newline. */
export function planJson(plan: Plan): string {
  // Parsing through the schema puts every key in its declared order, whatever built the object.
  return `${JSON.stringify(planSchema.parse(plan), null, 2)}\n`;
}

/** The plan's JSON Schema. */
export function planJsonSchema(): Record<string, unknown> {
  return { $id: 'https://lifelong-links-board.example/schema/plan.json', title: 'An agreed Lifelong Links plan of support', ...z.toJSONSchema(planSchema) };
}
