// The messages between the orchestrator (bench/run.ts) and its client worker processes.

/** One y-websocket client a worker should open. */
export interface ClientSpec {
  /** Global client number; also the sender id in edit stamps. */
  id: number;
  /** The board (conference or relay room) it is on: receivers expect edits from their own group. */
  group: string;
  /** y-websocket server URL: the document name is appended as `/<room>`. */
  serverUrl: string;
  room: string;
  /** The Cookie header for the upgrade request (null: none). */
  cookie: string | null;
  /** The id this client writes as (`createdBy`): its participant id on ours, any id on the relay. */
  selfId: string;
}

/** "Complete" means the client's document holds `clock` operations of Yjs client `client`. */
export interface Expect {
  client: number;
  clock: number;
}

export type Command =
  | {
      cmd: 'open';
      clients: ClientSpec[];
      concurrency: number;
      timeoutMs: number;
      /** After syncing, add a person and one offer of the client's own (the offer it will edit). */
      ownOffer: boolean;
      expect?: Expect;
    }
  | { cmd: 'edit'; count: number; intervalMs: number; startAt: number; moveEvery: number; presenceEveryMs: number }
  | { cmd: 'drain'; expected: Array<[sender: number, group: string, count: number]>; timeoutMs: number }
  | { cmd: 'write'; id: number; count: number; paceMs: number; offers: number }
  | { cmd: 'apply'; id: number; file: string; index: number }
  | { cmd: 'waitOffers'; ids: number[]; count: number; timeoutMs: number }
  | { cmd: 'state'; ids: number[]; client: number }
  | { cmd: 'close'; ids?: number[] };

export interface Request {
  reqId: number;
  command: Command;
}

export interface OpenedClient {
  id: number;
  ok: boolean;
  error?: string;
  /** Socket open → first 'sync' (the server's sync step 2 received). */
  openToSyncedMs: number | null;
  /** Socket open → the first message from the server. */
  openToFirstMessageMs: number | null;
  /** Socket open → the server's sync step 2 arrived (before the client applied it). */
  openToStep2Ms: number | null;
  /** Provider created → socket open. */
  createToOpenMs: number | null;
  /** Socket open → the document holds `expect` (only with `expect`). */
  openToCompleteMs: number | null;
  /** Operations of `expect.client` the document held when it first synced. */
  expectClockAtSync: number | null;
}

export interface OpenResult {
  clients: OpenedClient[];
}
export interface EditResult {
  sent: Record<number, number>;
  /** Stamp send times are taken just before each edit's transaction. */
  firstAt: number;
  lastAt: number;
}
export interface DrainResult {
  latencies: number[];
  /** When each of `latencies`' edits was sent (same order). */
  sentAt: number[];
  /** Who sent each of `latencies`' edits and who received it (same order). */
  between: Array<[sender: number, receiver: number]>;
  /** [receiver, sender, highest seq seen]. */
  pairs: Array<[number, number, number]>;
  /** Edits a receiver never saw on their own (a later one of the same sender arrived first or instead). */
  skipped: number;
  timedOut: boolean;
}
export interface WriteResult {
  clientID: number;
  /** The writer's Yjs clock after each edit (edit i survived if a document holds clocks[i] ops of clientID). */
  clocks: number[];
  firstSentAt: number;
  lastSentAt: number;
}
export interface ApplyResult {
  startedAt: number;
  sentAt: number;
}
export interface WaitOffersResult {
  at: Record<number, number | null>;
}
export interface StateResult {
  clocks: Record<number, number>;
  offers: Record<number, number>;
}

export type Reply = { reqId: number; ok: true; result: unknown } | { reqId: number; ok: false; error: string };

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}
