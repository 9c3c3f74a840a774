// The canonical plan: what an agreed version of the board says, as one JSON document with a fixed
// key order and sorted lists, so the same board always gives the same bytes (and SHA-256). It is
// what the care record receives and what a court may read; its JSON Schema is published.

import { z } from 'zod';
import { CATEGORIES, CATEGORY_LABELS, connectionsNow, requiresApproval, type Board, type Offer } from './board.ts';
import { OBJECTIVE_RECORD, OFFER_RECORD, PERSON_RECORD, RELATIONSHIP_RECORD } from './records/index.ts';
import { planShapeOf, planValuesOf, type PlanValues } from './records/plan.ts';
import { ROLES, type Actor, type Role } from './roles.ts';

/**
 * The plan format's version: bumped when its shape changes. Version 2 added who coordinated, the
 * date and place of the conference, who took part, the young person's yes on each offer, what each
 * agreement was to, and whether a backup plan was needed; plans agreed as version 1 keep their bytes.
 * Version 3 added each person's facts for the family map (gender, born, died, closeness, sector);
 * version 4 whether each person is new since the work began, and the relationships between people.
 */
export const PLAN_SCHEMA_VERSION = 4;
/** What a person who is no longer on the board is called in a plan (their offers are kept). */
export const NO_LONGER_ON_BOARD = 'someone no longer on the board';


const nullableText = z.string().nullable();
const since2 = (what: string) => `${what} (from schema version 2; absent in version 1).`;

/** An offer's declared plan fields (shared/records/offer.ts); its person's id comes first, then their name. */
const offerPlanShape = planShapeOf(OFFER_RECORD);
const { personId: _personId, ...offerDetails } = offerPlanShape;

/** An offer's declared plan values other than its person's id (what, how often…), in declared order. */
function offerDetailsOf(offer: Offer): Omit<PlanValues<typeof OFFER_RECORD.fields>, 'personId'> {
  const { personId: _id, ...details } = planValuesOf(OFFER_RECORD, offer);
  return details;
}

/** Everyone who can take part: the coordinator and the participant roles. */
const ACTORS = ['coordinator', ...ROLES] as const satisfies readonly Actor[];

/** The canonical plan's schema (also published as JSON Schema). */
export const planSchema = z.strictObject({
  schemaVersion: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  conferenceId: z.string(),
  title: z.string(),
  youngPersonName: z.string(),
  conferenceDate: nullableText.optional().describe(since2('The day of the conference, YYYY-MM-DD')),
  place: z.string().optional().describe(since2('Where the conference took place')),
  coordinator: z.strictObject({ id: z.string(), name: z.string() }).optional().describe(since2('The coordinator who ran the conference and locked the plan')),
  participants: z
    .array(z.strictObject({ id: nullableText, name: z.string(), role: z.enum(ACTORS).nullable(), relationship: z.string() }))
    .optional()
    .describe(since2('Who took part: the coordinator, everyone who joined the board (not the room’s screen), and people marked as at the conference; each with their relationship to the young person, or else their role')),
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
          ...planShapeOf(OBJECTIVE_RECORD),
          offerIds: z.array(z.string()).describe('The agreed offers that answer this wish.'),
        }),
      ),
    }),
  ),
  offers: z.array(
    z.strictObject({
      id: z.string(),
      personId: offerPlanShape.personId,
      from: z.string().describe(`The person's name, or "${NO_LONGER_ON_BOARD}".`),
      ...offerDetails,
      needsApproval: z.boolean(),
      approval: z.strictObject({ byId: z.string(), by: z.string(), at: z.string() }).nullable(),
      youngPersonYes: z
        .strictObject({ byId: z.string(), by: z.string(), at: z.string(), recorded: z.boolean() })
        .nullable()
        .optional()
        .describe(since2('The young person’s yes that put the offer in the plan: said by them (recorded false), or recorded for them by `by`')),
      wishIds: z.array(z.string()),
    }),
  ),
  people: z.array(
    z.strictObject({
      id: z.string(),
      ...planShapeOf(PERSON_RECORD),
    }),
  ),
  relationships: z
    .array(z.strictObject({ id: z.string(), ...planShapeOf(RELATIONSHIP_RECORD) }))
    .optional()
    .describe('The family map: relationships between the people above, or between one of them and the young person ("youngPerson") (from schema version 4; absent before it).'),
  connections: z.strictObject({ atStart: z.int().min(0), now: z.int().min(0) }),
  agreements: z.array(
    z.strictObject({
      participantId: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      agreedAt: z.string(),
      offerIds: z.array(z.string()).nullable().optional().describe(since2('The agreed offers they agreed to (null: not kept when they agreed)')),
    }),
  ),
  contingency: z.string(),
  contingencyNotNeeded: z.boolean().optional().describe(since2('The coordinator said no backup plan was needed')),
});
export type Plan = z.infer<typeof planSchema>;

/** Someone who took part through the board: the coordinator or a participant who joined. */
export interface Taker {
  id: string;
  name: string;
  role: Actor;
  /** Their relationship to the young person, in the coordinator's words ('' when not given). */
  relationship: string;
}

/** What besides the board a plan needs: its identity, version and time, names for ids, and who took part. */
export interface PlanContext {
  conferenceId: string;
  version: number;
  lockedAt: string;
  /** Names of the people who approved offers or recorded a yes, by their id. */
  names: ReadonlyMap<string, string>;
  agreedWithoutYoungPerson: string | null;
  /** The coordinator, and the participants who joined the board (the room's screen left out). */
  takingPart: { coordinator: { id: string; name: string }; participants: readonly Taker[] };
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
    conferenceDate: board.meta.scheduledFor,
    place: board.meta.place,
    coordinator: { ...ctx.takingPart.coordinator },
    participants: whoTookPart(board, ctx),
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
          ...planValuesOf(OBJECTIVE_RECORD, wish),
          offerIds: agreed.filter((offer) => offer.objectiveIds.includes(wish.id)).map((offer) => offer.id),
        })),
    })).filter((group) => group.wishes.length > 0),
    offers: agreed.map((offer) => ({
      id: offer.id,
      personId: offer.personId,
      from: people.get(offer.personId)?.displayName ?? NO_LONGER_ON_BOARD,
      ...offerDetailsOf(offer),
      needsApproval: requiresApproval(offer),
      approval:
        offer.approvedBy !== null && offer.approvedAt !== null
          ? { byId: offer.approvedBy, by: ctx.names.get(offer.approvedBy) ?? 'a professional', at: offer.approvedAt }
          : null,
      youngPersonYes:
        offer.yes === null
          ? null
          : { byId: offer.yes.by, by: ctx.names.get(offer.yes.by) ?? (offer.yes.recorded ? 'the coordinator' : board.meta.youngPersonName), at: offer.yes.at, recorded: offer.yes.recorded },
      wishIds: offer.objectiveIds.filter((id) => wishIds.has(id)),
    })),
    people: board.people.map((person) => ({ id: person.id, ...planValuesOf(PERSON_RECORD, person) })),
    relationships: board.relationships.map((relationship) => ({ id: relationship.id, ...planValuesOf(RELATIONSHIP_RECORD, relationship) })),
    connections: { atStart: board.meta.connectionsAtStart, now: connectionsNow(board) },
    agreements: board.agreements
      .filter((agreement) => (ROLES as readonly string[]).includes(agreement.role))
      .map((agreement) => ({
        participantId: agreement.participantId,
        name: agreement.displayName,
        role: agreement.role as Role,
        agreedAt: agreement.agreedAt,
        offerIds: agreement.offerIds === null ? null : [...agreement.offerIds].sort(),
      }))
      .sort((a, b) => byText(a.agreedAt, b.agreedAt) || byText(a.participantId, b.participantId)),
    contingency: board.contingency,
    contingencyNotNeeded: board.meta.contingencyNotNeeded && board.contingency.trim() === '',
  };
  return plan;
}

/**
 * Who took part, each the same way: the coordinator first, then everyone who joined the board (by
 * name), then anyone on "My people" marked as at the conference who did not join it on a device.
 */
function whoTookPart(board: Board, ctx: PlanContext): NonNullable<Plan['participants']> {
  const { coordinator, participants } = ctx.takingPart;
  const joined = [...participants].sort((a, b) => byText(a.name.toLowerCase(), b.name.toLowerCase()) || byText(a.id, b.id));
  const named = new Set([coordinator.name, ...joined.map((p) => p.name)].map((name) => name.trim().toLowerCase()));
  return [
    { id: coordinator.id, name: coordinator.name, role: 'coordinator' as const, relationship: '' },
    ...joined.map((p) => ({ id: p.id, name: p.name, role: p.role, relationship: p.relationship })),
    ...board.people
      .filter((person) => person.atConference && !named.has(person.displayName.trim().toLowerCase()))
      .map((person) => ({ id: null, name: person.displayName, role: null, relationship: person.relationship })),
  ];
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
