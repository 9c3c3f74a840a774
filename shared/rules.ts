// The rules table: for every place in the live documents, who may change it, in which phases, and
// what values are allowed. The server refuses any update that breaks a rule (sync/authority/), and
// the client reads the same table to offer a person only what they may do. AUTHORITY.md explains why.

import { isPastEverywhere } from './dates.ts';
import type { Phase } from './phases.ts';
import type { Actor, DocName } from './roles.ts';
import { OBJECTIVE_RECORD, OFFER_RECORD, PERSON_RECORD, RELATIONSHIP_RECORD, pathsOfRule } from './records/index.ts';

/** Who writes a change: a person in a role, or the server itself. */
export type Writer = Actor | 'server';

/**
 * What a change does at its path: `add` or `remove` an entry of a collection, `set` a field to a
 * value, `edit` shared text or a list in place, or `unset` a field (no rule allows that).
 */
export type ChangeOp = 'add' | 'remove' | 'set' | 'edit' | 'unset';

/** Everything a rule may depend on. */
export interface RuleContext {
  writer: Writer;
  /** The writer's own id (participant or coordinator id); '' for the server. */
  selfId: string;
  phase: Phase;
  locked: boolean;
  /** The server's clock (ms since the epoch). */
  now: number;
  /**
   * The server's knowledge of who writes under each Yjs client id: true when `clientId` is the
   * writer's own. Deleting an entry outright needs it (Deletion); the client's copy of the rules
   * does not have it.
   */
  ownClient?: (clientId: number) => boolean;
}

/** What the server read of an entry an update deletes outright (a `remove`), for its rule's check. */
export interface Deletion {
  /** Every part of the entry was written by the writer: undoing their own addition nobody else has changed. */
  ownUntouched: boolean;
  /** The entry was in "Removed" before this update. */
  wasRemoved: boolean;
}

/** One row of the table. */
export interface Rule {
  /** Stable name, sent with a refusal (`4422 <id>: <why>`). */
  readonly id: string;
  /** Paths it covers: root, then `*` for an entry id, then the field. */
  readonly paths: readonly string[];
  readonly ops: readonly ChangeOp[];
  /** Who may. */
  readonly who: readonly Writer[];
  /** Also allowed: the person whose id is stored in this field of the entry (objectives: `raisedBy`). */
  readonly owner?: string;
  /** The phases in which it may be done. */
  readonly phases: readonly Phase[];
  /**
   * Checks the value a change writes (a plain value, or a new entry as plain data); a sentence when
   * refused. `ownerId` is the entry's owner field, for rules with an owner; `previous` the value the
   * change replaced, when it replaced one that was there before it (undefined otherwise).
   */
  readonly check?: (value: unknown, ctx: RuleContext, ownerId?: unknown, previous?: unknown) => string | null;
  /** Plain words for a refusal because of who or when. */
  readonly refusal: string;
}

/** A refusal: the rule that refused, and why in plain words. */
export interface Refusal {
  rule: string;
  message: string;
}

/** Everyone who may write the board (observers watch only). */
export const BOARD_WRITERS: readonly Writer[] = ['coordinator', 'youngPerson', 'network', 'carer', 'professional'];
/** Those who may approve offers and write the professionals' notes. */
export const APPROVERS: readonly Writer[] = ['coordinator', 'professional'];
/** Who says yes to an offer: the young person themselves, or the coordinator recording it for them. */
export const YES_SAYERS: readonly Writer[] = ['youngPerson', 'coordinator'];
/** Phases in which the plan is a draft anyone may work on (not once agreed). */
export const DRAFT_PHASES: readonly Phase[] = ['preparing', 'sharing', 'private', 'planning', 'review'];
const ALL_PHASES: readonly Phase[] = [...DRAFT_PHASES, 'agreed'];

/** How far an approval's time may be from the server's clock. */
export const APPROVAL_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Rules that are not about one path. */
export const GENERAL_RULES = {
  locked: { rule: 'locked', message: 'The plan has been agreed, so it can no longer be changed.' },
  unknown: { rule: 'shape', message: 'The board does not have that part.' },
  pending: { rule: 'missing', message: 'The change depends on something the board does not have.' },
  identity: { rule: 'identity', message: 'The change was sent under someone else’s name.' },
  tooLong: { rule: 'length', message: 'The text is too long.' },
  boardFull: { rule: 'full', message: 'The board is full: remove something before adding more.' },
  tooLarge: { rule: 'size', message: 'The change is too large.' },
} as const satisfies Record<string, Refusal>;

/**
 * Why a value is refused, in words a person can act on. With its rule's id each fits a WebSocket
 * close reason (123 bytes), so the person reads all of it (tests/shared/rules.test.ts checks).
 */
export const VALUE_REFUSALS = {
  notApprover: 'Only a professional or the coordinator can approve an offer.',
  approvalNotYours: 'An approval must be in your own name.',
  approvalTime: 'Approvals need the right time: check this device’s clock, then approve again.',
  approvalNeeded: 'Only a professional or the coordinator can say an offer needs no approval.',
  wishNotYours: 'A new wish must be added in your own name.',
  wishNotOpen: 'A new wish starts as not reviewed yet.',
  offerNotYours: 'A new offer must be added in your own name.',
  approvalStale: 'This offer had just been approved: make your change again, and it will need approving again.',
  removalNotYours: 'Removing is recorded in your own name.',
  removalTime: 'Removing needs the right time: check this device’s clock, then try again.',
  wishRemoval: 'Only the young person, the coordinator and whoever added a wish can remove it.',
  deletedOutright: 'Use “Remove”, so it can be put back; only the coordinator deletes for good, from “Removed”.',
  yesNeeded: 'Only the young person says yes to an offer (or the coordinator records their yes): ask them first.',
  yesNotYours: 'A yes is recorded in your own name.',
  yesTime: 'A yes needs the right time: check this device’s clock, then try again.',
  yesOutside: 'A yes belongs to an offer in “Agreed”.',
  agreedChange: 'Only the young person and the coordinator change an agreed offer: move it back to “Suggested” first.',
  reviewDatePast: 'The review date must be today or later.',
} as const;

/** A new entry's field, read from the plain data of the entry. */
function field(entry: unknown, key: string): unknown {
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[key] : undefined;
}

const approvalBy = (value: unknown, ctx: RuleContext): string | null => {
  if (value === null) return null;
  if (!APPROVERS.includes(ctx.writer)) return VALUE_REFUSALS.notApprover;
  return value === ctx.selfId ? null : VALUE_REFUSALS.approvalNotYours;
};

const approvalAt = (value: unknown, ctx: RuleContext): string | null => {
  if (value === null) return null;
  if (!APPROVERS.includes(ctx.writer)) return VALUE_REFUSALS.notApprover;
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Math.abs(at - ctx.now) <= APPROVAL_CLOCK_SKEW_MS ? null : VALUE_REFUSALS.approvalTime;
};

/** A removal (`{by, at}`) is in the remover's own name at about the server's time; null puts it back. */
const removal = (value: unknown, ctx: RuleContext): string | null => {
  if (value === null) return null;
  if (field(value, 'by') !== ctx.selfId) return VALUE_REFUSALS.removalNotYours;
  const at = field(value, 'at');
  const time = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Math.abs(time - ctx.now) <= APPROVAL_CLOCK_SKEW_MS ? null : VALUE_REFUSALS.removalTime;
};

/** Anyone may put a wish back; only the young person, the coordinator and its author remove it. */
const wishRemoval = (value: unknown, ctx: RuleContext, ownerId?: unknown): string | null => {
  if (value !== null && ctx.writer !== 'youngPerson' && ctx.writer !== 'coordinator' && (typeof ownerId !== 'string' || ownerId !== ctx.selfId)) {
    return VALUE_REFUSALS.wishRemoval;
  }
  return removal(value, ctx);
};

/**
 * Deleting an entry for good: what is in "Removed", by the coordinator emptying it; or what the
 * writer added themselves and nobody else has changed (undoing their own addition). Anything else
 * comes off the board through `removed`, which anyone may put back.
 */
const deletion = (value: unknown, ctx: RuleContext): string | null => {
  if (field(value, 'ownUntouched') === true) return null;
  return field(value, 'wasRemoved') === true && ctx.writer === 'coordinator' ? null : VALUE_REFUSALS.deletedOutright;
};

/**
 * A new entry arrives on the board, or already in "Removed" only as its adder removed it: in their
 * own name at about the server's time (added and removed on a phone that was offline meanwhile).
 */
const addedRemoval = (entry: unknown, ctx: RuleContext): string | null => removal(field(entry, 'removed') ?? null, ctx);

/**
 * An offer's place. In "Agreed" it carries the young person's yes: their own (on their device), or
 * recorded by the coordinator, each in their own name at about the server's time; or the yes it
 * already had there, carried unchanged by anyone reordering "Agreed". Elsewhere it carries none.
 */
const offerPlace = (value: unknown, ctx: RuleContext, _owner?: unknown, previous?: unknown): string | null => {
  const yes = field(value, 'yes') ?? null;
  if (field(value, 'column') !== 'agreed') return yes === null ? null : VALUE_REFUSALS.yesOutside;
  if (field(previous, 'column') === 'agreed' && sameYes(field(previous, 'yes') ?? null, yes)) return null;
  if (yes === null || !YES_SAYERS.includes(ctx.writer)) return VALUE_REFUSALS.yesNeeded;
  if (field(yes, 'by') !== ctx.selfId || field(yes, 'recorded') !== (ctx.writer === 'coordinator')) return VALUE_REFUSALS.yesNotYours;
  const at = field(yes, 'at');
  const time = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  return Math.abs(time - ctx.now) <= APPROVAL_CLOCK_SKEW_MS ? null : VALUE_REFUSALS.yesTime;
};

function sameYes(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  return field(a, 'by') === field(b, 'by') && field(a, 'at') === field(b, 'at') && field(a, 'recorded') === field(b, 'recorded');
}

/** A review date is today or later somewhere on Earth (clearing it is allowed). */
const reviewDate = (value: unknown, ctx: RuleContext): string | null =>
  typeof value === 'string' && isPastEverywhere(value, ctx.now) ? VALUE_REFUSALS.reviewDatePast : null;

const needsApproval = (value: unknown, ctx: RuleContext): string | null =>
  value === false && !APPROVERS.includes(ctx.writer) ? VALUE_REFUSALS.approvalNeeded : null;

/** The board document's rules (AUTHORITY.md "The rules table"). */
export const BOARD_RULES: readonly Rule[] = [
  {
    id: 'meta.details',
    paths: ['meta.title', 'meta.youngPersonName', 'meta.scheduledFor', 'meta.place', 'meta.connectionsAtStart', 'meta.contingencyNotNeeded'],
    ops: ['set'],
    who: ['coordinator'],
    phases: DRAFT_PHASES,
    refusal: 'Only the coordinator can change the conference details.',
  },
  {
    id: 'meta.reviewDate',
    paths: ['meta.reviewDate'],
    ops: ['set'],
    who: ['coordinator'],
    phases: DRAFT_PHASES,
    check: reviewDate,
    refusal: 'Only the coordinator can change the conference details.',
  },
  {
    id: 'meta.server',
    paths: ['meta.phase', 'meta.locked', 'meta.version'],
    ops: ['set'],
    who: ['server'],
    phases: ALL_PHASES,
    refusal: 'Only the board itself changes the stage of the conference and the agreed plan.',
  },
  {
    id: 'objectives.add',
    paths: ['objectives.*'],
    ops: ['add'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: (entry, ctx) =>
      field(entry, 'raisedBy') !== ctx.selfId
        ? VALUE_REFUSALS.wishNotYours
        : field(entry, 'status') !== 'open'
          ? VALUE_REFUSALS.wishNotOpen
          : addedRemoval(entry, ctx),
    refusal: 'Watching only: you cannot add wishes.',
  },
  {
    id: 'objectives.change',
    paths: ['objectives.*', ...pathsOfRule(OBJECTIVE_RECORD, 'objectives.change')],
    ops: ['edit', 'set'],
    who: ['youngPerson', 'coordinator'],
    owner: 'raisedBy',
    phases: DRAFT_PHASES,
    refusal: 'Only the young person, the coordinator and whoever added a wish can change it.',
  },
  {
    id: 'objectives.status',
    paths: ['objectives.*.status'],
    ops: ['set'],
    who: ['coordinator'],
    phases: ['review'],
    refusal: 'Only the coordinator marks wishes as met, at the review.',
  },
  {
    id: 'objectives.raisedBy',
    paths: ['objectives.*.raisedBy'],
    ops: ['set'],
    who: [],
    phases: [],
    refusal: 'Who added a wish cannot be changed.',
  },
  {
    id: 'people',
    paths: ['people.*'],
    ops: ['add'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: addedRemoval,
    refusal: 'Watching only: you cannot change "My people".',
  },
  {
    id: 'people',
    paths: ['people.*', ...pathsOfRule(PERSON_RECORD, 'people')],
    ops: ['set'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    refusal: 'Watching only: you cannot change "My people".',
  },
  {
    id: 'relationships',
    paths: ['relationships.*'],
    ops: ['add'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: addedRemoval,
    refusal: 'Watching only: you cannot change the family map.',
  },
  {
    id: 'relationships',
    paths: ['relationships.*', ...pathsOfRule(RELATIONSHIP_RECORD, 'relationships')],
    ops: ['set'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    refusal: 'Watching only: you cannot change the family map.',
  },
  {
    id: 'relationships.ends',
    paths: pathsOfRule(RELATIONSHIP_RECORD, 'relationships.ends'),
    ops: ['set'],
    who: [],
    phases: [],
    refusal: 'Who a relationship joins cannot be changed: remove it and add another.',
  },
  {
    id: 'deleted',
    paths: ['objectives.*', 'people.*', 'offers.*', 'relationships.*'],
    ops: ['remove'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: deletion,
    refusal: 'Watching only: you cannot remove things or put them back.',
  },
  {
    id: 'removed',
    paths: [...pathsOfRule(PERSON_RECORD, 'removed'), ...pathsOfRule(OFFER_RECORD, 'removed'), ...pathsOfRule(RELATIONSHIP_RECORD, 'removed')],
    ops: ['set'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: removal,
    refusal: 'Watching only: you cannot remove things or put them back.',
  },
  {
    id: 'objectives.removed',
    paths: ['objectives.*.removed'],
    ops: ['set'],
    who: BOARD_WRITERS,
    owner: 'raisedBy',
    phases: DRAFT_PHASES,
    check: wishRemoval,
    refusal: 'Watching only: you cannot remove things or put them back.',
  },
  {
    id: 'offers.add',
    paths: ['offers.*'],
    ops: ['add'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: (entry, ctx) =>
      (field(entry, 'createdBy') === ctx.selfId ? null : VALUE_REFUSALS.offerNotYours) ??
      offerPlace(field(entry, 'position'), ctx) ??
      approvalBy(field(entry, 'approvedBy'), ctx) ??
      approvalAt(field(entry, 'approvedAt'), ctx) ??
      addedRemoval(entry, ctx),
    refusal: 'Watching only: you cannot add offers.',
  },
  {
    id: 'offers.change',
    // Every offer field declared with this row (shared/records/offer.ts): a new field joins by its declaration.
    paths: ['offers.*', ...pathsOfRule(OFFER_RECORD, 'offers.change')],
    ops: ['set', 'edit'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    refusal: 'Watching only: you cannot change offers.',
  },
  {
    id: 'offers.position',
    paths: ['offers.*.position'],
    ops: ['set'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: offerPlace,
    refusal: 'Watching only: you cannot change offers.',
  },
  {
    id: 'offers.needsApproval',
    paths: ['offers.*.needsApproval'],
    ops: ['set'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: needsApproval,
    refusal: 'Watching only: you cannot change offers.',
  },
  {
    id: 'offers.approval',
    paths: ['offers.*.approvedBy'],
    ops: ['set'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    // Anyone may clear an approval (editing an approved offer does); only approvers give one.
    check: approvalBy,
    refusal: 'Only a professional or the coordinator can approve an offer.',
  },
  {
    id: 'offers.approval',
    paths: ['offers.*.approvedAt'],
    ops: ['set'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    check: approvalAt,
    refusal: 'Only a professional or the coordinator can approve an offer.',
  },
  {
    id: 'offers.createdBy',
    paths: ['offers.*.createdBy'],
    ops: ['set'],
    who: [],
    phases: [],
    refusal: 'Who added an offer cannot be changed.',
  },
  {
    id: 'agreements',
    paths: ['agreements.*', 'agreements.*.displayName', 'agreements.*.role', 'agreements.*.agreedAt'],
    ops: ['add', 'remove', 'set'],
    who: ['server'],
    phases: ALL_PHASES,
    refusal: 'Agreeing is done with the "I agree" button, each person for themselves.',
  },
  {
    id: 'contingency',
    paths: ['contingency'],
    ops: ['edit'],
    who: BOARD_WRITERS,
    phases: DRAFT_PHASES,
    refusal: 'Watching only: you cannot change the plan.',
  },
];

/** The private document's rules: the professionals' notes are theirs and the coordinator's. */
export const PRIVATE_RULES: readonly Rule[] = [
  {
    id: 'notes',
    paths: ['notes.*', 'notes.*.safety', 'notes.*.restrictions', 'notes.*.contactDetails', 'notes.*.mustNotBeTold'],
    ops: ['add', 'remove', 'edit'],
    who: APPROVERS,
    phases: ALL_PHASES,
    refusal: 'Only professionals and the coordinator can write the professionals’ notes.',
  },
  {
    id: 'notes',
    paths: ['notes.*.notNamedToFamily'],
    ops: ['set'],
    who: APPROVERS,
    phases: ALL_PHASES,
    refusal: 'Only professionals and the coordinator can write the professionals’ notes.',
  },
];

/** A path pattern for a concrete path: entry ids become `*`. */
export function pathPattern(path: readonly string[]): string {
  return path.map((part, i) => (i === 1 && isCollectionPath(path) ? '*' : part)).join('.');
}

function isCollectionPath(path: readonly string[]): boolean {
  return path[0] !== 'meta' && path.length > 1;
}

function index(rules: readonly Rule[]): Map<string, Rule> {
  const byKey = new Map<string, Rule>();
  for (const rule of rules) {
    for (const path of rule.paths) {
      for (const op of rule.ops) {
        // One rule per (op, path): a second would silently shadow the first.
        if (byKey.has(`${op} ${path}`)) throw new Error(`Two rules for ${op} ${path}`);
        byKey.set(`${op} ${path}`, rule);
      }
    }
  }
  return byKey;
}

const TABLES: Readonly<Record<DocName, Map<string, Rule>>> = {
  board: index(BOARD_RULES),
  private: index(PRIVATE_RULES),
};

/** The rule for doing `op` at `pattern` (e.g. `set`, `offers.*.kind`) in a document, if there is one. */
export function ruleFor(doc: DocName, op: ChangeOp, pattern: string): Rule | undefined {
  return TABLES[doc].get(`${op} ${pattern}`);
}

/**
 * Whether `ctx.writer` may do `op` at `pattern` now, not counting the value written: null when
 * allowed, else the refusal. `ownerId` is the entry's owner field (for rules with an owner).
 */
export function permits(doc: DocName, op: ChangeOp, pattern: string, ctx: RuleContext, ownerId?: unknown): Refusal | null {
  if (ctx.locked && ctx.writer !== 'server' && doc === 'board') return GENERAL_RULES.locked;
  const rule = ruleFor(doc, op, pattern);
  if (rule === undefined) return GENERAL_RULES.unknown;
  const byOwner = rule.owner !== undefined && typeof ownerId === 'string' && ownerId === ctx.selfId && ctx.writer !== 'observer';
  if (!rule.who.includes(ctx.writer) && !byOwner) return { rule: rule.id, message: rule.refusal };
  if (!rule.phases.includes(ctx.phase)) {
    return { rule: rule.id, message: ctx.phase === 'agreed' ? GENERAL_RULES.locked.message : rule.refusal };
  }
  return null;
}

/** Whether a change's value passes its rule's own check: null when it does, else the refusal. */
export function checkValue(doc: DocName, op: ChangeOp, pattern: string, value: unknown, ctx: RuleContext, ownerId?: unknown, previous?: unknown): Refusal | null {
  const rule = ruleFor(doc, op, pattern);
  const message = rule?.check?.(value, ctx, ownerId, previous) ?? null;
  return rule !== undefined && message !== null ? { rule: rule.id, message } : null;
}

/** For the client: may this person do `op` at `pattern` now (e.g. show the "Edit" button)? */
export function mayWrite(doc: DocName, op: ChangeOp, pattern: string, ctx: RuleContext, ownerId?: unknown): boolean {
  return permits(doc, op, pattern, ctx, ownerId) === null;
}

/** For the client: may this person put offers in "Agreed" now (the young person's yes, or recording it)? */
export function maySayYes(ctx: RuleContext): boolean {
  return YES_SAYERS.includes(ctx.writer) && mayWrite('board', 'set', 'offers.*.position', ctx);
}

/** For the client: may this person approve offers now (a professional or the coordinator, on a draft)? */
export function mayApprove(ctx: RuleContext): boolean {
  return APPROVERS.includes(ctx.writer) && mayWrite('board', 'set', 'offers.*.approvedBy', ctx);
}

/** The text of a 4422 close reason: the rule's id and why (a WebSocket reason holds at most 123 bytes). */
export function refusalReason(refusal: Refusal): string {
  const text = `${refusal.rule}: ${refusal.message}`;
  const encoder = new TextEncoder();
  if (encoder.encode(text).byteLength <= 123) return text;
  let cut = text;
  while (encoder.encode(`${cut}…`).byteLength > 123) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Reads a 4422 reason back into the rule id and the sentence to show. */
export function parseRefusalReason(reason: string): Refusal {
  const at = reason.indexOf(': ');
  return at > 0 ? { rule: reason.slice(0, at), message: reason.slice(at + 2) } : { rule: '', message: reason };
}
