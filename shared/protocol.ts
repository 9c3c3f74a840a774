// The wire protocol of /sync/:conferenceId/:doc: y-websocket's message types and our close codes.

/** y-websocket message types (first varUint of every frame). */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;
export type MessageType = (typeof MESSAGE)[keyof typeof MESSAGE];

/**
 * Close codes. 4400–4499 mean "do not retry" to the y-websocket client (it stops reconnecting);
 * 4500–4599 mean "try again later"; 1001 is a normal server restart (the client reconnects).
 */
export const CLOSE = {
  goingAway: { code: 1001, reason: 'The server is restarting' },
  badFrame: { code: 4400, reason: 'Malformed message' },
  unauthenticated: { code: 4401, reason: 'Not signed in' },
  signedOut: { code: 4401, reason: 'You have been signed out on this device' },
  sessionExpired: { code: 4401, reason: 'Your sign-in has expired' },
  movedDevice: { code: 4401, reason: 'You opened your link on another device' },
  forbidden: { code: 4403, reason: 'Not allowed to open this document' },
  notFound: { code: 4404, reason: 'No such conference or document' },
  deleted: { code: 4404, reason: 'This conference has been deleted' },
  privateTime: { code: 4409, reason: 'Private family time: the family is talking on their own' },
  revoked: { code: 4410, reason: 'This invite has been withdrawn' },
  tooLarge: { code: 4413, reason: 'Message too large' },
  textFrame: { code: 4415, reason: 'Only binary messages are accepted' },
  /** The reason of a refusal names the rule: `<rule>: <why>` (see shared/rules.ts refusalReason). */
  refused: { code: 4422, reason: 'shape: The change was not accepted' },
  /** The plan was agreed and locked: the client loads it afresh, read-only, and says if changes were left out. */
  locked: { code: 4423, reason: 'The plan has been agreed and locked' },
  tooFast: { code: 4429, reason: 'Too many changes too fast; reconnecting shortly' },
  tooManySockets: { code: 4429, reason: 'This device has too many boards open' },
  unavailable: { code: 4503, reason: 'The document could not be loaded, try again' },
  /** Not 44xx: the client reconnects at once, and the server gives it the rights of its new role. */
  roleChanged: { code: 4512, reason: 'Your role in the conference has changed; reconnecting with your new rights' },
  tooSlow: { code: 4508, reason: 'The connection fell too far behind; reconnecting' },
} as const;
export type CloseName = keyof typeof CLOSE;

/** Largest WebSocket frame the server accepts (ws `maxPayload`); bigger frames close with 1009. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** The server sends a message at least this often so the client's 30 s watchdog never fires. */
export const KEEPALIVE_INTERVAL_MS = 10_000;

/** Reason text in the auth message sent to read-only connections. */
export const READ_ONLY_REASON = 'read-only: your changes are not saved';
