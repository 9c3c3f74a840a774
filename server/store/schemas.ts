// Each record the stores keep, declared once as a zod schema: its type (z.output), its table's row
// (z.input: ids and closed sets as text, yes/no as SQLite's 0/1 or PostgreSQL's boolean) and the
// parse of a row of either database back into the record. Parsed, not cast, so a corrupt or
// hand-edited row fails loudly here instead of leaking a bad id or phase into the app.

import { z } from 'zod';
import { conferenceId, coordinatorId, inviteId, participantId } from '../../shared/ids.ts';
import { PHASES } from '../../shared/phases.ts';
import { ROLES } from '../../shared/roles.ts';

const text = z.string();
const time = z.number();
const timeOrNull = z.number().nullable();
/** A yes/no column: 0 or 1 in SQLite, a boolean in PostgreSQL (written through Records.flag). */
const flag = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((value) => value === true || value === 1);
export type Flag = z.input<typeof flag>;
const id = <T>(parse: (value: string) => T) => z.string().transform(parse);

/** A plain Uint8Array copy, so callers never hold a Node Buffer (the drivers differ here too). */
export function bytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer);
}
const blob = z.custom<Uint8Array>((value) => value instanceof Uint8Array).transform(bytes);

/** A coordinator account. `passwordHash` is the full encoded KDF output, never the password. */
export const coordinatorRecord = z.object({ id: id(coordinatorId), name: text, email: text, passwordHash: text, createdAt: time });
export type CoordinatorRecord = z.output<typeof coordinatorRecord>;

/** A server-side session; the cookie holds the secret, the store only its SHA-256 (`idHash`). */
export const sessionRecord = z.discriminatedUnion('kind', [
  z.object({ idHash: text, kind: z.literal('coordinator'), coordinatorId: id(coordinatorId), createdAt: time, expiresAt: time }),
  z.object({
    idHash: text,
    kind: z.literal('participant'),
    participantId: id(participantId),
    conferenceId: id(conferenceId),
    createdAt: time,
    expiresAt: time,
  }),
]);
export type SessionRecord = z.output<typeof sessionRecord>;

/**
 * The board's headline facts as the conference record keeps them. The board's `meta` is the source
 * of truth; the record is derived from it in the same transaction that stores the update changing it.
 */
export const boardSummary = z.object({
  title: text,
  youngPersonName: text,
  /** The day of the conference (YYYY-MM-DD), if set. */
  scheduledFor: text.nullable(),
  /** Where it takes place ('' when not said). */
  place: text,
  connectionsAtStart: z.number(),
  /** The (next) review meeting's date (YYYY-MM-DD), if set. */
  reviewDate: text.nullable(),
  phase: z.enum(PHASES),
  locked: flag,
});
export type BoardSummary = z.output<typeof boardSummary>;
/** The summary fields, in one place for every store's statements and every comparison. */
export const SUMMARY_FIELDS = boardSummary.keyof().options;

/** A conference (family group conference) and its board's headline facts. */
export const conferenceRecord = boardSummary.extend({ id: id(conferenceId), createdBy: id(coordinatorId), createdAt: time });
export type ConferenceRecord = z.output<typeof conferenceRecord>;

/**
 * An invite link and the participant it admits (one row: the participant's id is the invite's).
 * The secret is stored only as `tokenHash` (SHA-256, hex).
 */
export const inviteRecord = z.object({
  id: id(inviteId),
  participantId: id(participantId),
  conferenceId: id(conferenceId),
  displayName: text,
  role: z.enum(ROLES),
  tokenHash: text,
  createdAt: time,
  expiresAt: time,
  usedAt: timeOrNull,
  revokedAt: timeOrNull,
  /** When the participant last had the board open (their last socket closed, or one opened). */
  lastSeenAt: timeOrNull,
  /**
   * The room's screen on the family's side: an observer invite that stays on the board during
   * private family time (the room is the family's then). False for everyone else.
   */
  familySide: flag,
  /** Their relationship to the young person ("Aunt", "Social worker"), as the coordinator wrote it; '' when not given. */
  relationship: text,
});
export type InviteRecord = z.output<typeof inviteRecord>;

/**
 * A read-only link to the family copy of an agreed version, kept by one participant. The secret is
 * stored only as `tokenHash`; the link works while its version is the latest agreed one, the
 * participant's invite is not withdrawn and the conference exists.
 */
export const planLinkRecord = z.object({ tokenHash: text, conferenceId: id(conferenceId), participantId: id(participantId), version: z.number(), createdAt: time });
export type PlanLinkRecord = z.output<typeof planLinkRecord>;

/**
 * An agreed version of a plan, kept forever as it was locked: the board's Yjs state, the canonical
 * plan JSON, and the SHA-256 of exactly those bytes (UTF-8), which is what GET …/plans/:v.json serves.
 */
export const planVersionRecord = z.object({
  conferenceId: id(conferenceId),
  version: z.number(),
  lockedAt: time,
  lockedBy: id(coordinatorId),
  state: blob,
  planJson: text,
  sha256: text,
  /** Why the plan was agreed without the young person saying so, if it was. */
  overrideReason: text.nullable(),
  /**
   * The professionals' notes about the people on the plan at the lock (JSON array of
   * server/export/types.ts ProfessionalNotes), for the full copy of its exports; null if none.
   */
  professionalJson: text.nullable(),
});
export type PlanVersionRecord = z.output<typeof planVersionRecord>;

declare const deliveryBrand: unique symbol;
/** A delivery's id: its idempotency key, sent as `webhook-id` on every attempt. */
export type DeliveryId = string & { readonly [deliveryBrand]: 'DeliveryId' };

const DELIVERY_ID_PATTERN = /^msg_[A-Za-z0-9]{16,64}$/;

/** Parses a delivery id (throws TypeError on a malformed one). */
export function deliveryId(value: string): DeliveryId {
  if (!DELIVERY_ID_PATTERN.test(value)) throw new TypeError('Not a valid delivery id');
  return value as DeliveryId;
}

/** A new random delivery id: `msg_` and 128 random bits in hex (Web Crypto, so any runtime has it). */
export function newDeliveryId(): DeliveryId {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return deliveryId(`msg_${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`);
}

/** Which copy of an agreed plan a delivery carries (the family copy leaves out professional-only parts). */
export const DELIVERY_COPIES = ['full', 'family'] as const;
export type DeliveryCopy = (typeof DELIVERY_COPIES)[number];

/** Where a delivery is: waiting for (another) attempt, accepted by the receiver, or given up. */
export const DELIVERY_STATUSES = ['queued', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One agreed plan version pushed to the care-record endpoint. `body` is the exact JSON text sent on
 * every attempt, stored once and never changed; the rest tells how sending it went.
 */
export const deliveryRecord = z.object({
  id: id(deliveryId),
  conferenceId: id(conferenceId),
  version: z.number(),
  copy: z.enum(DELIVERY_COPIES),
  body: text,
  createdAt: time,
  status: z.enum(DELIVERY_STATUSES),
  /** Attempts started so far (an attempt counts once claimed, whether or not an answer came). */
  attempts: z.number(),
  /** When the next attempt may start (only meaningful while queued). */
  nextAttemptAt: time,
  /** Until when a worker holds the attempt it has started; null when nobody does. */
  leaseUntil: timeOrNull,
  lastAttemptAt: timeOrNull,
  /** Why the last attempt failed, in plain words ("The receiver answered 503."); null once delivered. */
  lastError: text.nullable(),
  deliveredAt: timeOrNull,
  /** The HTTP status of the last answer, if one came. */
  responseStatus: z.number().nullable(),
  /** The first ≤ 1 KB of the last answer's body, as text. */
  responseExcerpt: text.nullable(),
  /** After this time a failed attempt is the last one. */
  giveUpAt: time,
});
export type DeliveryRecord = z.output<typeof deliveryRecord>;
