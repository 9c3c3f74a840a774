// The input of an export, from an agreed version as it was sealed (its plan, SHA-256 and the
// professionals' notes kept with it) or from the live draft (for the coordinator's preview).

import { z } from 'zod';
import { readBoard } from '../../shared/board.ts';
import { readNotes, type PersonNotes } from '../../shared/notes.ts';
import { buildPlan, NO_LONGER_ON_BOARD, planSchema, type Plan, type PlanContext } from '../../shared/plan.ts';
import type { Deps } from '../deps.ts';
import type { ConferenceRecord, PlanVersionRecord } from '../store/types.ts';
import { familyCopy, type Copy, type ExportInput, type ProfessionalNotes } from './types.ts';

const professionalSchema = z.array(
  z.strictObject({
    personId: z.string(),
    name: z.string(),
    safety: z.string(),
    restrictions: z.string(),
    contactDetails: z.string(),
    mustNotBeTold: z.string(),
    notNamedToFamily: z.boolean().optional(),
  }),
);

/** An agreed version's export input, for the copy asked for. */
export function versionInput(found: PlanVersionRecord, copy: Copy): ExportInput {
  const plan: Plan = planSchema.parse(JSON.parse(found.planJson));
  const professional = found.professionalJson === null ? null : professionalSchema.parse(JSON.parse(found.professionalJson));
  const full: ExportInput = { plan, copy: 'full', draft: false, sha256: found.sha256, professional };
  return copy === 'full' ? full : familyCopy(full);
}

/**
 * The live draft's export input: the board and the professionals' notes as they stand now, as the
 * plan would be if it were locked (its agreed offers), marked as a draft.
 */
export async function draftInput(
  deps: Pick<Deps, 'rooms' | 'store'>,
  conference: ConferenceRecord,
  copy: Copy,
  people: Pick<PlanContext, 'names' | 'takingPart'>,
): Promise<ExportInput> {
  const plan = await draftPlan(deps, conference, people);
  // The family's copy reads them too: it leaves out anyone they say must not be named to the family.
  const notes = await deps.rooms.read(conference.id, 'private', readNotes);
  const professional = professionalNotesFor(plan, notes);
  const full: ExportInput = { plan, copy: 'full', draft: true, sha256: null, professional: professional.length > 0 ? professional : null };
  return copy === 'full' ? full : familyCopy(full);
}

/** The plan the live board would be if it were locked now (the full one: its agreed offers, its family). */
export async function draftPlan(deps: Pick<Deps, 'rooms'>, conference: ConferenceRecord, people: Pick<PlanContext, 'names' | 'takingPart'>): Promise<Plan> {
  const board = await deps.rooms.read(conference.id, 'board', readBoard);
  // No reason for agreeing without the young person exists before the lock.
  return buildPlan(board, { conferenceId: conference.id, version: Math.max(1, board.meta.version), lockedAt: new Date().toISOString(), ...people, agreedWithoutYoungPerson: null });
}

/**
 * Names for the ids a plan shows (who approved an offer, who said or recorded a yes: the coordinator
 * and everyone ever invited), and who took part: the coordinator and every participant who joined
 * the board, but not the room's screen and not anyone whose invite was withdrawn.
 */
export async function planPeople(deps: Pick<Deps, 'store'>, conference: ConferenceRecord): Promise<Pick<PlanContext, 'names' | 'takingPart'>> {
  const names = new Map<string, string>();
  const coordinator = await deps.store.accounts.getCoordinator(conference.createdBy);
  const coordinatorName = coordinator?.name ?? 'The coordinator';
  names.set(conference.createdBy, coordinatorName);
  const invites = await deps.store.conferences.listInvites(conference.id);
  for (const invite of invites) names.set(invite.participantId, invite.displayName);
  const participants = invites
    .filter((invite) => invite.usedAt !== null && invite.revokedAt === null && !(invite.role === 'observer' && invite.familySide))
    .map((invite) => ({ id: invite.participantId, name: invite.displayName, role: invite.role, relationship: invite.relationship }));
  return { names, takingPart: { coordinator: { id: conference.createdBy, name: coordinatorName }, participants } };
}

/** The professionals' notes about the people on a plan (and whoever its offers are from), non-empty ones only, by name. */
export function professionalNotesFor(plan: Plan, notes: readonly PersonNotes[]): ProfessionalNotes[] {
  const names = new Map(plan.people.map((person) => [person.id, person.name]));
  for (const offer of plan.offers) if (!names.has(offer.personId)) names.set(offer.personId, offer.from);
  return notes
    .filter((note) => names.has(note.personId) && (note.notNamedToFamily || [note.safety, note.restrictions, note.contactDetails, note.mustNotBeTold].some((text) => text.trim() !== '')))
    .map((note) => ({
      personId: note.personId,
      name: names.get(note.personId) ?? NO_LONGER_ON_BOARD,
      safety: note.safety,
      restrictions: note.restrictions,
      contactDetails: note.contactDetails,
      mustNotBeTold: note.mustNotBeTold,
      ...(note.notNamedToFamily ? { notNamedToFamily: true } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.personId < b.personId ? -1 : 1));
}
