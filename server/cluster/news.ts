// News between server instances. PostgreSQL is the log and the truth; this only tells the other
// instances that something is already in it, so they can apply it to their open rooms and relay it
// to their own clients. News may be late, lost or duplicated (Redis pub/sub promises nothing): the
// rooms apply updates in sequence order and fill any gap from the store, so a lost message only
// delays an update. The same channel carries presence, and a control channel carries the closing
// of sockets (withdrawn, signed out, conference deleted) to every instance.

import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { ConferenceId, ParticipantId } from '../../shared/ids.ts';
import type { DocName } from '../../shared/roles.ts';
import type { Author } from '../store/types.ts';

/** A committed update, as news: which document, its seq, and what a room needs to keep in step. */
export interface UpdateNews {
  kind: 'update';
  /** The instance that stored it (an instance ignores its own news). */
  instance: string;
  seq: number;
  update: Uint8Array;
  author: Author;
  /** Yjs client ids this update gave to its author. */
  claims: number[];
  /** True when it changed the board's meta (phase, lock…): the conference record changed with it. */
  metaTouched: boolean;
  /** When it was published (ms since the epoch), for the fan-out lag. */
  at: number;
}

/** A presence (awareness) update from an instance's own clients. */
export interface PresenceNews {
  kind: 'presence';
  instance: string;
  update: Uint8Array;
}

export type DocNews = UpdateNews | PresenceNews;

/** Sockets to close on every instance (the instance that decided closes its own at once). */
export type ControlNews =
  | { kind: 'closeParticipant'; participantId: ParticipantId; code: number; reason: string; exceptSession?: string }
  | { kind: 'closeSession'; sessionHash: string; code: number; reason: string }
  | { kind: 'closeConference'; conferenceId: ConferenceId; code: number; reason: string };

/** What the rooms need from the news between instances. */
export interface NewsBus {
  /** This instance's random id. */
  readonly instance: string;
  /** Tells the others about a committed update (never waits; a failure is logged and the others catch up from the store). */
  publishUpdate(conferenceId: ConferenceId, docName: DocName, news: Omit<UpdateNews, 'kind' | 'instance' | 'at'>): void;
  publishPresence(conferenceId: ConferenceId, docName: DocName, update: Uint8Array): void;
  publishControl(news: ControlNews): void;
  /**
   * Starts hearing one document's news (others' only); resolves once subscribed, so whatever is
   * committed after that reaches `listener`. Resolves the function that stops it.
   */
  follow(conferenceId: ConferenceId, docName: DocName, listener: (news: DocNews) => void): Promise<() => Promise<void>>;
  /** Hears every control message from the other instances. */
  onControl(listener: (news: ControlNews) => void): void;
  /** Called each time the connection to the news comes back after a break (news may have been lost meanwhile). */
  onResumed(listener: () => void): void;
  /** Resolves when Redis answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A node-redis client as this module uses it (the subset of createClient's type it needs). */
export interface RedisLike {
  isReady: boolean;
  connect(): Promise<unknown>;
  duplicate(): RedisLike;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  unsubscribe(channel: string, listener?: (message: string) => void): Promise<void>;
  ping(): Promise<string>;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
  close(): Promise<void>;
}

const CONTROL_CHANNEL = 'llb:control';
/** Longest a room's load waits for its subscription before loading anyway. */
const FOLLOW_WAIT_MS = 1_000;

function docChannel(conferenceId: ConferenceId, docName: DocName): string {
  return `llb:doc:${conferenceId}:${docName}`;
}

/** News as it travels: JSON, with the Yjs bytes in base64. */
type Wire =
  | { k: 'u'; i: string; s: number; u: string; a: Author; c: number[]; m: boolean; t: number }
  | { k: 'p'; i: string; u: string }
  | ({ k: 'c'; i: string } & ControlNews);

function encode(wire: Wire): string {
  return JSON.stringify(wire);
}

function decodeDocNews(text: string): DocNews | null {
  const wire = JSON.parse(text) as Wire;
  if (wire.k === 'u') {
    return { kind: 'update', instance: wire.i, seq: wire.s, update: Buffer.from(wire.u, 'base64'), author: wire.a, claims: wire.c, metaTouched: wire.m, at: wire.t };
  }
  if (wire.k === 'p') return { kind: 'presence', instance: wire.i, update: Buffer.from(wire.u, 'base64') };
  return null;
}

/**
 * The news over Redis pub/sub: one client publishes, a second (subscribed) listens. Publishing
 * fails fast while Redis is away instead of queueing without bound; the rooms catch up from the
 * store when it is back (onResumed) and every few seconds regardless.
 */
export async function redisNews(makeClient: () => RedisLike, log: Logger): Promise<NewsBus> {
  const instance = randomBytes(8).toString('hex');
  const pub = makeClient();
  const sub = pub.duplicate();
  let warned = false;
  const onError = (err: Error) => {
    // node-redis reconnects by itself; one line per break, not one per retry.
    if (!warned) log.warn({ err: err.message }, 'news between instances: Redis is unreachable; catching up from the database meanwhile');
    warned = true;
  };
  pub.on('error', onError);
  sub.on('error', onError);
  const resumed: (() => void)[] = [];
  let subReadyOnce = false;
  sub.on('ready', () => {
    if (!subReadyOnce) {
      subReadyOnce = true;
      return;
    }
    warned = false;
    log.info('news between instances: Redis is back');
    for (const listener of resumed) listener();
  });
  await Promise.all([pub.connect(), sub.connect()]);

  const send = (channel: string, wire: Wire) => {
    if (!pub.isReady) return;
    pub.publish(channel, encode(wire)).catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
  };
  const controlListeners: ((news: ControlNews) => void)[] = [];
  await sub.subscribe(CONTROL_CHANNEL, (message) => {
    try {
      const wire = JSON.parse(message) as Wire;
      if (wire.k !== 'c' || wire.i === instance) return;
      const { k: _k, i: _i, ...news } = wire;
      for (const listener of controlListeners) listener(news as ControlNews);
    } catch (err) {
      log.error({ err: String(err) }, 'news between instances: an unreadable control message was ignored');
    }
  });

  return {
    instance,
    publishUpdate(conferenceId, docName, news) {
      send(docChannel(conferenceId, docName), {
        k: 'u',
        i: instance,
        s: news.seq,
        u: Buffer.from(news.update).toString('base64'),
        a: news.author,
        c: news.claims,
        m: news.metaTouched,
        t: Date.now(),
      });
    },
    publishPresence(conferenceId, docName, update) {
      send(docChannel(conferenceId, docName), { k: 'p', i: instance, u: Buffer.from(update).toString('base64') });
    },
    publishControl(news) {
      send(CONTROL_CHANNEL, { k: 'c', i: instance, ...news });
    },
    async follow(conferenceId, docName, listener) {
      const channel = docChannel(conferenceId, docName);
      const onMessage = (message: string) => {
        let news: DocNews | null;
        try {
          news = decodeDocNews(message);
        } catch (err) {
          log.error({ err: String(err) }, 'news between instances: an unreadable message was ignored');
          return;
        }
        if (news !== null && news.instance !== instance) listener(news);
      };
      // While Redis is away the subscription waits in node-redis's queue and is made when it is
      // back; the room does not wait for it (it catches up from the store meanwhile).
      const subscribed = sub.subscribe(channel, onMessage).catch((err: unknown) => onError(err instanceof Error ? err : new Error(String(err))));
      await Promise.race([subscribed, new Promise((resolve) => setTimeout(resolve, FOLLOW_WAIT_MS).unref())]);
      return async () => {
        await sub.unsubscribe(channel, onMessage).catch(() => undefined);
      };
    },
    onControl(listener) {
      controlListeners.push(listener);
    },
    onResumed(listener) {
      resumed.push(listener);
    },
    async ping() {
      await pub.ping();
    },
    async close() {
      await Promise.allSettled([sub.close(), pub.close()]);
    },
  };
}
