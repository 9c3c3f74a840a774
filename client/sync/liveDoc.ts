// One live document as a person experiences it, without React: the Y.Doc and its y-websocket
// provider, the connection state, and what to do when the server closes the connection — drop
// refused changes and load the board afresh (4422), load the agreed plan afresh and say whether
// anything typed here was left out of it (4423), wait and carry on (4429), wait out private family
// time (4409), or stop and say why (other 44xx). The React hook and the tests both use it.

import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { keepPresenceAcrossReconnects } from '../../shared/presence.ts';
import { CLOSE } from '../../shared/protocol.ts';
import { parseRefusalReason } from '../../shared/rules.ts';
import { hasChangesLeftOut } from './leftOut.ts';
import type { PresenceUser } from './presence.ts';

/** What the connection indicator shows. */
export type LinkState = 'connecting' | 'live' | 'offline';

/** A final close from the server, as the provider reports it. */
export interface ClosedBy {
  code: number;
  reason: string;
}

/** Something to tell the person about their connection, in plain words. */
export interface LiveNotice {
  kind: 'refused' | 'tooFast' | 'roleChanged' | 'locked' | 'lockedLeftOut';
  text: string;
  /** The rule that refused a change (4422), for tests and logs. */
  rule?: string;
}

/** A snapshot of the live document, replaced whenever something about it changes. */
export interface LiveState {
  doc: Y.Doc | null;
  provider: WebsocketProvider | null;
  link: LinkState;
  /** True once the first full sync has arrived (until then the board is not shown). */
  loaded: boolean;
  /** Set when the server closed the connection for good. */
  closed: ClosedBy | null;
  /** True during private family time for someone who is out of the room (4409). */
  waiting: boolean;
  notice: LiveNotice | null;
  /** Counts fresh loads: a new document after a refusal or after waiting. */
  generation: number;
  /**
   * True when this page holds changes made while the connection was down that have not gone out
   * yet: they live only in this page until it reconnects (closing it loses them).
   */
  unsent: boolean;
}

/** How a LiveDoc connects. */
export interface LiveDocOptions {
  /** ws(s)://origin/sync/<conferenceId> */
  url: string;
  docName: 'board' | 'private';
  user: PresenceUser | null;
  /** Resolves true once the person may come back (private family time has ended). */
  mayReturn?: () => Promise<boolean>;
  /** For Node tests: a WebSocket class that sends the session cookie. */
  WebSocketPolyfill?: typeof WebSocket;
}

const LOCKED_TEXT = 'The plan has been agreed and locked. It can no longer be changed.';
const LEFT_OUT_TEXT =
  'The plan was agreed and locked before your last changes reached it, so they are not in the agreed plan. If something important is missing, tell the coordinator.';

/** After "too many changes too fast" (4429), wait this long before reconnecting. */
export const TOO_FAST_RETRY_MS = 5_000;
/** While waiting out private family time, ask this often whether it has ended. */
export const WAITING_POLL_MS = 5_000;

/** A live document that reloads itself after a refusal and waits where the server says to. */
export class LiveDoc {
  private current: LiveState = { doc: null, provider: null, link: 'connecting', loaded: false, closed: null, waiting: false, notice: null, generation: 0, unsent: false };
  private readonly listeners = new Set<() => void>();
  private teardown: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor(private readonly options: LiveDocOptions) {
    this.open(null);
  }

  /** The current snapshot (a new object after every change). */
  get state(): LiveState {
    return this.current;
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hides the notice once the person has read it. */
  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Closes the connection and frees the document. */
  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    this.teardown?.();
    this.teardown = null;
    this.listeners.clear();
  }

  private set(patch: Partial<LiveState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  /** Opens a fresh document (dropping any previous one and everything unsent in it). */
  private open(notice: LiveNotice | null): void {
    if (this.destroyed) return;
    this.teardown?.();
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(this.options.url, this.options.docName, doc, {
      disableBc: true,
      ...(this.options.WebSocketPolyfill ? { WebSocketPolyfill: this.options.WebSocketPolyfill } : {}),
    });
    if (this.options.user) provider.awareness.setLocalStateField('user', this.options.user);
    const stopPresenceFix = keepPresenceAcrossReconnects(provider);

    let connected = false;
    let synced = false;
    let loaded = false;
    let unsent = false;
    const publish = () => {
      const link: LinkState = connected && synced ? 'live' : loaded ? 'offline' : 'connecting';
      // Syncing again sends what was made meanwhile (y-websocket answers the server's sync request).
      if (link === 'live') unsent = false;
      this.set({ link, loaded, unsent });
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || (connected && synced) || unsent) return;
      unsent = true;
      publish();
    };
    doc.on('update', onUpdate);
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      connected = status === 'connected';
      if (!connected) synced = false;
      publish();
    };
    const onSync = (isSynced: boolean) => {
      synced = isSynced;
      if (isSynced) loaded = true;
      publish();
    };
    const onClosed = (event: ClosedBy) => this.onClosed(provider, event);
    const onConnectionClose = (event: CloseEvent | null) => {
      // Reconnecting by itself: the server will give this person the rights of their new role.
      if (event?.code === CLOSE.roleChanged.code) {
        this.set({ notice: { kind: 'roleChanged', text: 'Your role in the conference has changed. The board now shows what you can do.' } });
      }
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    provider.on('connection-close', onConnectionClose);

    this.teardown = () => {
      doc.off('update', onUpdate);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
      provider.off('connection-close', onConnectionClose);
      stopPresenceFix();
      provider.destroy();
      doc.destroy();
    };
    this.set({ doc, provider, link: 'connecting', loaded: false, closed: null, waiting: false, notice, generation: this.current.generation + 1, unsent: false });
  }

  private onClosed(provider: WebsocketProvider, event: ClosedBy): void {
    if (this.destroyed || provider !== this.current.provider) return;
    switch (event.code) {
      case CLOSE.refused.code: {
        // The server refused a change: everything not yet on the server is thrown away and the
        // board loaded afresh, so this screen shows exactly what everyone else sees.
        const refusal = parseRefusalReason(event.reason);
        this.open({ kind: 'refused', rule: refusal.rule, text: `Your last change was not saved. ${refusal.message}` });
        return;
      }
      case CLOSE.locked.code: {
        // The plan was agreed: load it as the server keeps it; once it has arrived, compare it with
        // this screen's copy, so nobody's unsent changes disappear without them being told.
        const mine = this.current.doc ? Y.encodeStateAsUpdate(this.current.doc) : null;
        this.open({ kind: 'locked', text: LOCKED_TEXT });
        const fresh = this.current;
        const check = (synced: boolean) => {
          if (!synced || this.current.doc !== fresh.doc || fresh.doc === null) return;
          fresh.provider?.off('sync', check);
          if (mine !== null && hasChangesLeftOut(mine, fresh.doc) && this.current.notice?.kind === 'locked') {
            this.set({ notice: { kind: 'lockedLeftOut', text: LEFT_OUT_TEXT } });
          }
        };
        fresh.provider?.on('sync', check);
        return;
      }
      case CLOSE.tooFast.code:
        this.set({ notice: { kind: 'tooFast', text: 'Lots of changes at once: the board is waiting a moment before it carries on.' } });
        this.timer = setTimeout(() => {
          this.timer = null;
          if (!this.destroyed && provider === this.current.provider) provider.connect();
        }, TOO_FAST_RETRY_MS);
        return;
      case CLOSE.privateTime.code:
        // Out of the room: drop the document (nothing typed now would be kept) and wait.
        this.teardown?.();
        this.teardown = null;
        this.set({ doc: null, provider: null, waiting: true, loaded: false, link: 'connecting', unsent: false });
        this.pollReturn();
        return;
      default:
        this.set({ closed: { code: event.code, reason: event.reason } });
    }
  }

  private pollReturn(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.destroyed) return;
      const ask = this.options.mayReturn ?? (() => Promise.resolve(true));
      ask().then(
        (back) => (back ? this.open(null) : this.pollReturn()),
        () => this.pollReturn(),
      );
    }, WAITING_POLL_MS);
  }
}
