// One live document as a person experiences it, without React: the Y.Doc and its y-websocket
// provider, the connection state, and what to do when the server closes the connection — drop
// refused changes and load the board afresh (4422), load the agreed plan afresh and say whether
// anything typed here was left out of it (4423), wait and carry on (4429), wait out private family
// time (4409), or stop and say why (other 44xx). The React hook and the tests both use it.

import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { deleteDatabase, deviceStorageWorks } from '../offline/deviceCopy.ts';
import { keepPresenceAcrossReconnects } from '../../shared/presence.ts';
import { CLOSE, MESSAGE } from '../../shared/protocol.ts';
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
  /**
   * True when this board is also kept in the browser's storage (the coordinator's own device):
   * changes made with no connection survive a reload, and the board opens from it with none.
   */
  keptOnDevice: boolean;
  /**
   * True when the server has confirmed it stored every change made on this page (nothing made
   * here is waiting): the status says "Saved"; otherwise "Saving…" while live.
   */
  saved: boolean;
}

/** How a LiveDoc connects. */
export interface LiveDocOptions {
  /** ws(s)://origin/sync/<conferenceId> */
  url: string;
  docName: 'board' | 'private';
  user: PresenceUser | null;
  /** Resolves true once the person may come back (private family time has ended). */
  mayReturn?: () => Promise<boolean>;
  /**
   * The IndexedDB name to keep this board under on this device (the coordinator's signed-in device
   * only); unset, nothing is kept once the page closes.
   */
  keepOnDevice?: string;
  /** For Node tests: a WebSocket class that sends the session cookie. */
  WebSocketPolyfill?: typeof WebSocket;
}

const LOCKED_TEXT = 'The plan has been agreed and locked. It can no longer be changed.';
const LEFT_OUT_TEXT =
  'The plan was agreed and locked before your last changes reached it, so they are not in the agreed plan. If something important is missing, tell the coordinator.';

/**
 * After a change, how long the page waits (gathering more) before asking the server to confirm
 * what it has stored. The server answers a sync request only after storing every change sent
 * before it on the socket, so the answer means "saved".
 */
export const CONFIRM_AFTER_MS = 250;
/** Longest the board waits for its copy on this device before connecting anyway. */
export const DEVICE_COPY_WAIT_MS = 3_000;
/** After "too many changes too fast" (4429), wait this long before reconnecting. */
export const TOO_FAST_RETRY_MS = 5_000;
/** While waiting out private family time, ask this often whether it has ended. */
export const WAITING_POLL_MS = 5_000;

/** Closes that end a board for good on this device: its kept copy goes with it. */
const FORGET_ON: readonly number[] = [CLOSE.notFound.code, CLOSE.forbidden.code, CLOSE.revoked.code];

/** A live document that reloads itself after a refusal and waits where the server says to. */
export class LiveDoc {
  private current: LiveState = {
    doc: null,
    provider: null,
    link: 'connecting',
    loaded: false,
    closed: null,
    waiting: false,
    notice: null,
    generation: 0,
    unsent: false,
    keptOnDevice: false,
    saved: true,
  };
  private readonly listeners = new Set<() => void>();
  /** Closes the current document; resolves once its copy on this device (if any) is closed. */
  private teardown: (() => Promise<void>) | null = null;
  /** Resolves once the last copy on this device has been closed (and deleted, when it had to be). */
  private deviceCopyReady: Promise<void> = Promise.resolve();
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

  /** Closes the connection and frees the document (a copy on this device stays for next time). */
  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    void this.teardown?.();
    this.teardown = null;
    this.listeners.clear();
  }

  private set(patch: Partial<LiveState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  /**
   * Opens a fresh document (dropping any previous one and everything unsent in it). With
   * `forgetDeviceCopy`, the copy on this device is deleted first, so what the server refused or
   * left out is not loaded (and sent) again from it.
   */
  private open(notice: LiveNotice | null, forgetDeviceCopy = false): void {
    if (this.destroyed) return;
    const closed = this.teardown?.() ?? Promise.resolve();
    this.teardown = null;
    const name = this.options.keepOnDevice;
    if (name !== undefined) {
      this.deviceCopyReady = closed.then(() => (forgetDeviceCopy ? deleteDatabase(name) : undefined));
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(this.options.url, this.options.docName, doc, {
      disableBc: true,
      // With a copy on this device, the socket opens once the copy is read: what it adds is then
      // sent by the sync (only what the server lacks), never forwarded as an edit of this person's
      // own (it holds everyone's, and the server refuses edits under others' names).
      connect: name === undefined,
      ...(this.options.WebSocketPolyfill ? { WebSocketPolyfill: this.options.WebSocketPolyfill } : {}),
    });
    if (this.options.user) provider.awareness.setLocalStateField('user', this.options.user);
    const stopPresenceFix = keepPresenceAcrossReconnects(provider);

    let connected = false;
    let synced = false;
    let loaded = false;
    let unsent = false;
    let kept: IndexeddbPersistence | null = null;
    /** Changes made on this page, counted; and the last of them the server confirmed storing. */
    let made = 0;
    let confirmed = 0;
    /** The count at each confirmation asked for and not answered yet, oldest first. */
    const asked: number[] = [];
    let askTimer: ReturnType<typeof setTimeout> | null = null;
    /** Ends the wait for the copy's first read (when the document is dropped before it came). */
    let stopWaiting: (() => void) | null = null;
    let gone = false;
    const publish = () => {
      if (gone) return;
      const link: LinkState = connected && synced ? 'live' : loaded ? 'offline' : 'connecting';
      // Syncing again sends what was made meanwhile (y-websocket answers the server's sync request).
      if (link === 'live') unsent = false;
      this.set({ link, loaded, unsent, keptOnDevice: kept !== null, saved: made === confirmed });
    };
    /** Asks the server which changes it holds: a sync step 1 it answers once everything sent before is stored. */
    const ask = () => {
      askTimer = null;
      const ws = provider.ws;
      if (gone || made === confirmed || !connected || !synced || ws === null || ws.readyState !== ws.OPEN) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.sync);
      syncProtocol.writeSyncStep1(encoder, doc);
      ws.send(encoding.toUint8Array(encoder));
      asked.push(made);
    };
    const askSoon = () => {
      askTimer ??= setTimeout(ask, CONFIRM_AFTER_MS);
    };
    // The server's answers arrive in order: each sync step 2 after a request confirms the changes
    // made before that request. (The first step 2 of a connection answers the provider's own
    // request, made before any of ours on that socket.)
    const handleSync = provider.messageHandlers[MESSAGE.sync];
    if (handleSync) {
      provider.messageHandlers[MESSAGE.sync] = (encoder, decoder, p, emitSynced, messageType) => {
        const step = decoding.peekVarUint(decoder);
        handleSync(encoder, decoder, p, emitSynced, messageType);
        if (step === syncProtocol.messageYjsSyncStep2 && synced && asked.length > 0) {
          confirmed = Math.max(confirmed, asked.shift() ?? 0);
          publish();
          if (made !== confirmed) askSoon();
        }
      };
    }
    if (name !== undefined) {
      // The copy on this device: loaded as soon as it is read, so with no connection the board
      // opens from it; every later change is written to it as it happens.
      const ready = this.deviceCopyReady;
      // Connects at the latest after DEVICE_COPY_WAIT_MS, should the browser's storage not answer.
      const connectNow = () => {
        if (!gone && !provider.shouldConnect) provider.connect();
      };
      const fallback = setTimeout(connectNow, DEVICE_COPY_WAIT_MS);
      this.deviceCopyReady = ready
        .then(() => deviceStorageWorks())
        .then(
          (works) =>
            new Promise<void>((resolve) => {
              if (!works || gone) return resolve();
              stopWaiting = resolve;
              kept = new IndexeddbPersistence(name, doc);
              kept.once('synced', () => {
                if (doc.store.clients.size > 0) loaded = true;
                publish();
                resolve();
              });
            }),
        )
        .finally(() => {
          clearTimeout(fallback);
          connectNow();
        });
    }
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || (kept !== null && origin === kept)) return;
      made += 1;
      askSoon();
      if (!(connected && synced)) unsent = true;
      publish();
    };
    doc.on('update', onUpdate);
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      connected = status === 'connected';
      if (!connected) {
        synced = false;
        // Requests on the old socket will not be answered: ask again once synced.
        asked.length = 0;
      }
      publish();
    };
    const onSync = (isSynced: boolean) => {
      synced = isSynced;
      if (isSynced) loaded = true;
      // Back online: what was made meanwhile went out with the sync; ask for its confirmation.
      if (isSynced && made !== confirmed) askSoon();
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
      gone = true;
      if (askTimer !== null) clearTimeout(askTimer);
      doc.off('update', onUpdate);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
      provider.off('connection-close', onConnectionClose);
      stopPresenceFix();
      provider.destroy();
      const closing = kept?.destroy() ?? Promise.resolve();
      stopWaiting?.();
      doc.destroy();
      // Waits for the copy's first read too, so it is never deleted while still being opened.
      return this.deviceCopyReady.then(() => closing);
    };
    this.set({
      doc,
      provider,
      link: 'connecting',
      loaded: false,
      closed: null,
      waiting: false,
      notice,
      generation: this.current.generation + 1,
      unsent: false,
      keptOnDevice: false,
      saved: true,
    });
  }

  private onClosed(provider: WebsocketProvider, event: ClosedBy): void {
    if (this.destroyed || provider !== this.current.provider) return;
    switch (event.code) {
      case CLOSE.refused.code: {
        // The server refused a change: everything not yet on the server is thrown away and the
        // board loaded afresh, so this screen shows exactly what everyone else sees.
        const refusal = parseRefusalReason(event.reason);
        this.open({ kind: 'refused', rule: refusal.rule, text: `Your last change was not saved. ${refusal.message}` }, true);
        return;
      }
      case CLOSE.locked.code: {
        // The plan was agreed: load it as the server keeps it; once it has arrived, compare it with
        // this screen's copy, so nobody's unsent changes disappear without them being told.
        const mine = this.current.doc ? Y.encodeStateAsUpdate(this.current.doc) : null;
        this.open({ kind: 'locked', text: LOCKED_TEXT }, true);
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
        void this.teardown?.();
        this.teardown = null;
        this.set({ doc: null, provider: null, waiting: true, loaded: false, link: 'connecting', unsent: false });
        this.pollReturn();
        return;
      default:
        if (FORGET_ON.includes(event.code) && this.options.keepOnDevice !== undefined) {
          // Deleted, withdrawn or not this person's: nothing of it stays on the device.
          const name = this.options.keepOnDevice;
          const closing = this.teardown?.() ?? Promise.resolve();
          this.teardown = null;
          this.deviceCopyReady = closing.then(() => deleteDatabase(name));
        }
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
