// The record of who did what, in plain words: the audit events of a conference and its coordinator,
// and what each stored update changed (read by the server when it took the update), merged in time
// order, with runs of the same small change (typing) folded into one line.

import { isLockCheck, LOCK_CHECK_LABELS } from '../shared/lock.ts';
import {
  CATEGORY_LABELS,
  CIRCLE_LABELS,
  COLUMN_LABELS,
  CONNECTION_LABELS,
  OBJECTIVE_STATUS_LABELS,
  OFFER_KIND_LABELS,
  RELATIONSHIP_LABELS,
  type RelationshipKind,
  SUPERVISION_LABELS,
} from '../shared/board.ts';
import { PHASE_LABELS, isPhase } from '../shared/phases.ts';
import { ROLE_LABELS, type Actor } from '../shared/roles.ts';
import { BOARD_RULES, GENERAL_RULES, PRIVATE_RULES } from '../shared/rules.ts';
import type { AuditEvent, Author, ChangeNote, ConferenceRecord, Store } from './store/types.ts';

/** One line of the history. */
export interface HistoryLine {
  /** ISO time of the (last) thing the line tells. */
  at: string;
  who: string;
  /** The person's role in plain words ('' for the board itself). */
  role: string;
  what: string;
  /** How many changes the line folds together (typing sends one per keystroke). */
  count: number;
}

/** Changes of the same kind to the same thing by the same person this close together make one line. */
export const FOLD_WITHIN_MS = 10 * 60_000;

interface Person {
  name: string;
  role: Actor | null;
}

interface Happened {
  at: number;
  author: Author | null;
  what: string;
  /** Same key, same person, close in time: the lines fold together. */
  foldKey: string | null;
}

/** The history of a conference, oldest first. */
export async function conferenceHistory(store: Store, conference: Pick<ConferenceRecord, 'id' | 'createdBy' | 'phase'>): Promise<HistoryLine[]> {
  const { id: conferenceId, createdBy: coordinatorId } = conference;
  const people = new Map<string, Person>();
  const coordinator = await store.accounts.getCoordinator(coordinatorId);
  if (coordinator) people.set(`coordinator:${coordinator.id}`, { name: coordinator.name, role: 'coordinator' });
  const invites = await store.conferences.listInvites(conferenceId);
  const inviteNames = new Map<string, string>();
  for (const invite of invites) {
    people.set(`participant:${invite.participantId}`, { name: invite.displayName, role: invite.role });
    inviteNames.set(invite.id, invite.displayName);
  }

  const happened: Happened[] = [];
  const events = await store.audit.list(conferenceId, coordinatorId);
  for (const event of events) {
    const what = describeEvent(event, inviteNames);
    if (what !== null) happened.push({ at: event.at, author: event.actor, what, foldKey: event.action === 'board.opened' || event.action === 'board.left' ? event.action : null });
  }
  // While private family time goes on, what the family writes is theirs: those out of the room
  // (who read this history) learn only that the board changed, until it ends.
  const privateSince = conference.phase === 'private' ? privateTimeStarted(events) : null;
  for (const doc of ['board', 'private'] as const) {
    for (const entry of await store.docs.log(conferenceId, doc)) {
      if (entry.author.kind === 'server') continue; // the server's own changes are events above
      if (doc === 'board' && privateSince !== null && entry.at >= privateSince) {
        happened.push({ at: entry.at, author: entry.author, what: PRIVATE_TIME_CHANGE, foldKey: PRIVATE_TIME_CHANGE });
        continue;
      }
      for (const note of entry.changes) {
        happened.push({ at: entry.at, author: entry.author, what: describeChange(note), foldKey: foldKeyOf(note) });
      }
    }
  }
  happened.sort((a, b) => a.at - b.at);
  return fold(happened, people);
}

/** How a change made during private family time reads until it ends. */
export const PRIVATE_TIME_CHANGE = 'changed the board during private family time';

/** When the private family time going on now began: the last move to it (its start, if none is recorded). */
export function privateTimeStarted(events: readonly AuditEvent[]): number {
  const moves = events.filter((event) => event.action === 'phase.changed' && event.detail.to === 'private');
  return moves.at(-1)?.at ?? 0;
}

function nameOf(author: Author | null, people: Map<string, Person>): Person {
  if (author === null) return { name: 'Someone', role: null };
  if (author.kind === 'server') return { name: 'The board', role: null };
  return people.get(`${author.kind}:${author.id}`) ?? { name: 'Someone no longer invited', role: null };
}

function fold(happened: readonly Happened[], people: Map<string, Person>): HistoryLine[] {
  const lines: HistoryLine[] = [];
  /** Per person, the line their last change went into and its fold key. */
  const open = new Map<string, { index: number; key: string | null; at: number }>();
  for (const h of happened) {
    const person = nameOf(h.author, people);
    const whoKey = h.author === null ? 'nobody' : h.author.kind === 'server' ? 'server' : `${h.author.kind}:${h.author.id}`;
    const last = open.get(whoKey);
    if (h.foldKey !== null && last && last.key === h.foldKey && h.at - last.at <= FOLD_WITHIN_MS) {
      const line = lines[last.index]!;
      line.count += 1;
      line.at = new Date(h.at).toISOString();
      // The last words of the thing are the ones to show.
      line.what = h.what;
      last.at = h.at;
      continue;
    }
    lines.push({ at: new Date(h.at).toISOString(), who: person.name, role: person.role ? ROLE_LABELS[person.role] : '', what: h.what, count: 1 });
    open.set(whoKey, { index: lines.length - 1, key: h.foldKey, at: h.at });
  }
  return lines;
}

function foldKeyOf(note: ChangeNote): string | null {
  // Typing and nudging fold; adding or removing something is always its own line.
  if (note.op === 'add' || note.op === 'remove') return null;
  return `${note.op}|${note.root}|${note.id ?? ''}|${note.field ?? ''}|${note.to ?? ''}`;
}

const NOTE_WORDS: Readonly<Record<string, string>> = {
  safety: 'safety notes',
  restrictions: 'contact restrictions',
  contactDetails: 'contact details',
  mustNotBeTold: '“must not be told”',
};

const quoted = (label: string | undefined) => (label ? `“${label}”` : 'an entry');

const FIELD_WORDS: Readonly<Record<string, string>> = {
  title: 'title',
  youngPersonName: 'young person’s name',
  reviewDate: 'review date',
  scheduledFor: 'date of the conference',
  place: 'place',
  contingencyNotNeeded: 'whether a backup plan is needed',
  connectionsAtStart: 'number of connections at the start',
  personId: 'who it is from',
  kind: 'kind',
  frequency: 'how often',
  startsOn: 'when it starts',
  supervision: 'who else is there',
  needsApproval: 'whether it needs approval',
  approvedAt: 'approval time',
  displayName: 'name',
  relationship: 'relationship',
  circle: 'circle',
  connection: 'contact now',
  atConference: 'being at the conference',
  category: 'what it is about',
  status: 'whether it happened',
  order: 'place in the list',
};

/** The plain word for a new value from a closed set. */
function wordFor(field: string | undefined, to: string | undefined): string | null {
  if (to === undefined || field === undefined) return null;
  const sets: Record<string, Readonly<Record<string, string>>> = {
    kind: OFFER_KIND_LABELS,
    supervision: SUPERVISION_LABELS,
    circle: CIRCLE_LABELS,
    connection: CONNECTION_LABELS,
    category: CATEGORY_LABELS,
    status: OBJECTIVE_STATUS_LABELS,
  };
  return sets[field]?.[to] ?? null;
}

/** A stored change in plain words, without the person ("added an offer: “Tea on Sundays”"). */
export function describeChange(note: ChangeNote): string {
  const label = quoted(note.label);
  const field = note.field ? (FIELD_WORDS[note.field] ?? note.field) : '';
  const to = wordFor(note.field, note.to);
  switch (note.root) {
    case 'offers':
      if (note.op === 'add') return `added an offer: ${label}`;
      if (note.op === 'remove') return `deleted the offer ${label} for good`;
      if (note.field === 'removed') return note.to === 'putBack' ? `put back the offer ${label}` : `removed the offer ${label}`;
      if (note.field === 'position' && note.to === 'saidYes') return `said yes to ${label} (moved to Agreed)`;
      if (note.field === 'position' && note.to === 'recordedYes') return `recorded the young person’s yes to ${label} (moved to Agreed)`;
      if (note.field === 'position') return `moved ${label} to ${COLUMN_LABELS[note.to as keyof typeof COLUMN_LABELS] ?? 'another column'}`;
      if (note.field === 'approvedBy') return note.to === 'cleared' ? `cleared the approval of ${label}` : `approved ${label}`;
      if (note.field === 'text') return `changed the words of ${label}`;
      if (note.field === 'objectiveIds') return `changed which wishes ${label} helps with`;
      return `changed ${field} of ${label}${to ? ` to ${to}` : ''}`;
    case 'people':
      if (note.op === 'add') return `added ${note.label ?? 'someone'} to My people`;
      if (note.op === 'remove') return `deleted ${note.label ?? 'someone'} from My people for good`;
      if (note.field === 'removed') return note.to === 'putBack' ? `put ${note.label ?? 'someone'} back in My people` : `removed ${note.label ?? 'someone'} from My people`;
      return `changed ${field} of ${note.label ?? 'someone'} in My people${to ? ` to ${to}` : ''}`;
    case 'relationships': {
      const kind = RELATIONSHIP_LABELS[note.to as RelationshipKind] as string | undefined;
      const between = note.label ?? 'two people';
      if (note.op === 'add') return `added to the family map: ${between}${kind ? ` (${kind.toLowerCase()})` : ''}`;
      if (note.op === 'remove') return `deleted the relationship between ${between} from the family map for good`;
      if (note.field === 'removed') return note.to === 'putBack' ? `put back the relationship between ${between} on the family map` : `removed the relationship between ${between} from the family map`;
      return `changed the relationship between ${between}${kind ? ` to ${kind.toLowerCase()}` : ''}`;
    }
    case 'objectives':
      if (note.op === 'add') return `added a wish: ${label}`;
      if (note.op === 'remove') return `deleted the wish ${label} for good`;
      if (note.field === 'removed') return note.to === 'putBack' ? `put back the wish ${label}` : `removed the wish ${label}`;
      if (note.field === 'status' && to) return `marked the wish ${label} as “${to}”`;
      return `changed the wish ${label}`;
    case 'meta':
      return `changed the ${field}`;
    case 'contingency':
      return 'changed what happens if part of the plan breaks down';
    case 'notes': {
      if (note.op === 'add') return 'started the professionals’ notes about someone on the board';
      if (note.op === 'remove') return 'removed the professionals’ notes about someone';
      const which = note.field ? NOTE_WORDS[note.field] : undefined;
      return which ? `changed the ${which} in the professionals’ notes` : 'changed the professionals’ notes';
    }
    default:
      return `changed the ${note.root}`;
  }
}

/** Why a rule refused something, in plain words. */
function ruleWords(rule: unknown): string {
  const all = [...BOARD_RULES, ...PRIVATE_RULES];
  const found = all.find((r) => r.id === rule)?.refusal ?? Object.values(GENERAL_RULES).find((g) => g.rule === rule)?.message;
  return found ?? 'it broke a rule of the board';
}

/** An audit event in plain words, without the person; null for events not worth a line. */
function describeEvent(event: AuditEvent, inviteNames: Map<string, string>): string | null {
  const d = event.detail;
  const invitee = typeof d.inviteId === 'string' ? (inviteNames.get(d.inviteId) ?? 'someone') : 'someone';
  const roleWord = (role: unknown) => (typeof role === 'string' && role in ROLE_LABELS ? ROLE_LABELS[role as Actor] : 'a participant');
  const phaseWord = (phase: unknown) => (isPhase(phase) ? PHASE_LABELS[phase] : 'another stage');
  switch (event.action) {
    case 'conference.created':
      return 'created the conference';
    case 'conference.deleted':
      return 'deleted a conference and everything in it';
    case 'conference.detailsChanged':
      return `changed the conference’s details (${typeof d.fields === 'string' ? detailWords(d.fields) : 'details'})`;
    case 'invite.sent':
      return `sent ${invitee} their link by ${d.channel === 'text' ? 'text message' : 'email'}`;
    case 'invite.created':
      return `invited ${invitee} (${roleWord(d.role)})`;
    case 'invite.withdrawn':
      return `withdrew ${invitee}’s invite`;
    case 'invite.roleChanged':
      return `changed ${invitee}’s role from ${roleWord(d.from)} to ${roleWord(d.to)}`;
    case 'invite.relationshipChanged':
      return `changed how ${invitee}’s relationship to the young person is written`;
    case 'invite.replaced':
      return `gave ${invitee} a new link in place of a lost one`;
    case 'participant.joined':
      return 'joined with their invite link';
    case 'participant.movedDevice':
      return 'opened their link on another device (the first one was signed out)';
    case 'board.opened':
      return 'opened the board';
    case 'board.left':
      return 'left the board';
    case 'notes.opened':
      return 'opened the professionals’ notes';
    case 'phase.changed':
      return `moved the conference to “${phaseWord(d.to)}”`;
    case 'family.ready':
      return 'told those outside the room that the family is ready for them';
    case 'change.refused':
      return `made a change the board did not accept: ${ruleWords(d.rule)}`;
    case 'agreement.recorded':
      return 'agreed with the plan';
    case 'agreement.withdrawn':
      return 'withdrew their agreement';
    case 'plan.locked':
      return typeof d.overrideReason === 'string'
        ? `locked the agreed plan as version ${String(d.version)}, without the young person saying so: ${d.overrideReason}`
        : `locked the agreed plan as version ${String(d.version)}`;
    case 'plan.unlocked':
      return `opened version ${String(d.draftVersion)} for the review: ${typeof d.reason === 'string' ? d.reason : ''}`;
    case 'plan.lockRefused':
      return `tried to lock the plan before it was ready (${typeof d.checks === 'string' ? lockCheckWords(d.checks) : 'checks not met'})`;
    case 'plan.exported':
      if (d.format === 'ged') {
        return d.draft === true ? 'downloaded the family map as a family tree file (GEDCOM)' : `downloaded the family map of version ${String(d.version)} as a family tree file (GEDCOM)`;
      }
      return d.draft === true
        ? `previewed the draft plan (${String(d.copy)} copy)`
        : `downloaded version ${String(d.version)} of the plan as ${String(d.format).toUpperCase()} (${d.copy === 'family' ? 'family copy' : 'full copy'})`;
    case 'plan.sent':
      return `sent version ${String(d.version)} of the plan to the care record (${d.copy === 'family' ? 'family copy' : 'full copy'})`;
    case 'plan.linkCreated':
      return `made a link to keep, to read version ${String(d.version)} of the plan (family copy)`;
    case 'signIn.succeeded':
      return 'signed in';
    case 'signIn.failed':
      return 'had a sign-in refused (wrong password)';
    case 'signedOut':
      return 'signed out';
    default:
      return event.action satisfies never;
  }
}

/** The conference details changed (comma-separated keys) in plain words. */
function detailWords(fields: string): string {
  return fields
    .split(',')
    .map((key) => FIELD_WORDS[key] ?? 'a detail')
    .join(', ');
}

/** The names of failed lock checks (comma-separated) in plain words. */
function lockCheckWords(checks: string): string {
  return checks
    .split(',')
    .map((check) => (isLockCheck(check) ? LOCK_CHECK_LABELS[check] : 'another check'))
    .join('; ');
}

/** The history as CSV (RFC 4180), with cells that could be read as formulas made harmless. */
export function historyCsv(lines: readonly HistoryLine[]): string {
  const cell = (value: string | number) => {
    let text = String(value);
    // A spreadsheet would run a cell starting with = + - @ (or a tab or return) as a formula.
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const rows = [['time', 'who', 'role', 'what', 'times'], ...lines.map((l) => [l.at, l.who, l.role, l.what, l.count])];
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
