// One real y-websocket client inside a worker: a Y.Doc, a WebsocketProvider whose socket carries the
// session cookie, presence, the board's named mutations, and receive-side latency bookkeeping.

import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { addOffer, addPerson, editOffer, moveOffer } from '../shared/board.ts';
import type { Column } from '../shared/board.ts';
import type { OfferId, PersonId } from '../shared/ids.ts';
import { now } from './protocol.ts';
import type { ClientSpec, Expect, OpenedClient } from './protocol.ts';

const STAMP = /^(\d+):(\d+):(\d+(?:\.\d+)?)$/;
const COLORS = ['#d1495b', '#edae49', '#00798c', '#30638e', '#003d5b'];

/** A `ws` WebSocket that sends the session cookie with its upgrade request. */
function socketClass(cookie: string | null, onStep2: (at: number) => void): typeof globalThis.WebSocket {
  class CookieSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, cookie === null ? {} : { headers: { cookie } });
      // Registered before y-websocket's handler: the time the server's sync step 2 arrived, before it is applied.
      this.on('message', (data: Buffer | ArrayBuffer) => {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data, 0, Math.min(2, data.byteLength)) : data;
        if (bytes[0] === 0 && bytes[1] === 1) onStep2(now());
      });
    }
  }
  return CookieSocket as unknown as typeof globalThis.WebSocket;
}

/** Where every receiver in this worker puts its propagation latencies (ms). */
export const latencySink = { values: [] as number[], sentAt: [] as number[], between: [] as Array<[sender: number, receiver: number]>, skipped: 0 };

export class BenchClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly offers: Y.Map<unknown>;
  /** Highest edit seq seen from each sender. */
  readonly maxSeq = new Map<number, number>();
  person: PersonId | null = null;
  ownOffers: OfferId[] = [];
  seq = 0;
  private column: Column = 'suggested';
  private createdAt = now();
  private openedAt: number | null = null;
  private syncedAt: number | null = null;
  private firstMessageAt: number | null = null;
  private step2At: number | null = null;
  private completeAt: number | null = null;
  private expectClockAtSync: number | null = null;
  private closeError: string | null = null;
  private destroyed = false;

  constructor(
    readonly spec: ClientSpec,
    private readonly expect: Expect | undefined,
  ) {
    this.offers = this.doc.getMap('offers');
    this.provider = new WebsocketProvider(spec.serverUrl, spec.room, this.doc, {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: socketClass(spec.cookie, (at) => {
        this.step2At ??= at;
      }),
      maxBackoffTime: 1_000,
    });
    // Presence, as the board client shows it: who is here and what they are looking at.
    this.provider.awareness.setLocalState({
      user: { name: `Participant ${spec.id}`, color: COLORS[spec.id % COLORS.length] },
      focus: null,
    });
    this.provider.on('status', ({ status }) => {
      if (status === 'connected' && this.openedAt === null) {
        this.openedAt = now();
        this.provider.ws?.addEventListener('message', () => {
          this.firstMessageAt ??= now();
        });
      }
    });
    this.provider.on('sync', (synced: boolean) => {
      if (!synced || this.syncedAt !== null) return;
      this.syncedAt = now();
      if (this.expect) this.expectClockAtSync = this.clockOf(this.expect.client);
      this.checkComplete();
    });
    this.provider.on('closed', ({ code, reason }) => {
      this.closeError = `closed ${code} ${reason}`;
    });
    if (this.expect) this.doc.on('update', () => this.checkComplete());
    this.offers.observeDeep((events, tr) => {
      if (!tr.local) this.onRemoteOfferChanges(events);
    });
  }

  /** Connects and waits (at most `timeoutMs`) until synced, and complete when `expect` was given. */
  async open(timeoutMs: number): Promise<OpenedClient> {
    this.createdAt = now();
    this.provider.connect();
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && this.closeError === null) {
      const done = this.syncedAt !== null && (this.expect === undefined || this.completeAt !== null);
      if (done) break;
      await sleep(this.syncedAt === null ? 2 : 5);
    }
    const ok = this.syncedAt !== null && (this.expect === undefined || this.completeAt !== null);
    const since = (t: number | null) => (t === null || this.openedAt === null ? null : t - this.openedAt);
    return {
      id: this.spec.id,
      ok,
      ...(ok ? {} : { error: this.closeError ?? (this.syncedAt === null ? 'not synced in time' : 'not complete in time') }),
      openToSyncedMs: since(this.syncedAt),
      openToFirstMessageMs: since(this.firstMessageAt),
      openToStep2Ms: since(this.step2At),
      createToOpenMs: this.openedAt === null ? null : this.openedAt - this.createdAt,
      openToCompleteMs: since(this.completeAt),
      expectClockAtSync: this.expectClockAtSync,
    };
  }

  /** Adds this participant as a person with one offer of their own, in one transaction. */
  addOwnOffers(count: number): void {
    this.doc.transact(() => {
      this.person = addPerson(this.doc, {
        displayName: `Participant ${this.spec.id}`,
        relationship: 'aunt',
        circle: 'family',
        connection: 'direct',
        atConference: true,
      });
      for (let i = 0; i < count; i += 1) {
        this.ownOffers.push(
          addOffer(this.doc, { personId: this.person, kind: 'visit', text: `offer ${i} of ${this.spec.id}`, createdBy: this.spec.selfId }),
        );
      }
    });
  }

  /** One stamped edit of an own offer's text (with a move in the same transaction when `move`). */
  edit(move: boolean): void {
    const offer = this.ownOffers[this.seq % this.ownOffers.length];
    if (offer === undefined) throw new Error('the client has no offer to edit');
    this.seq += 1;
    const stamp = `${this.spec.id}:${this.seq}:${now().toFixed(3)}`;
    this.doc.transact(() => {
      if (move) {
        // Family members move offers between "Suggested" and "Not now"; only the young person's yes puts one in "Agreed".
        this.column = this.column === 'suggested' ? 'notNow' : 'suggested';
        moveOffer(this.doc, offer, { column: this.column, beforeId: null });
      }
      editOffer(this.doc, offer, { text: stamp });
    });
  }

  /** Adds one more offer of this client's person (the writer's plan grows this way). */
  addOffer(text: string): void {
    if (this.person === null) this.addOwnOffers(0);
    this.ownOffers.push(addOffer(this.doc, { personId: this.person!, kind: 'call', text, createdBy: this.spec.selfId }));
  }

  /** Moves presence focus to the offer being edited. */
  setFocus(): void {
    this.provider.awareness.setLocalStateField('focus', { offer: this.ownOffers[0] ?? null, seq: this.seq });
  }

  /** Operations of Yjs client `client` this document holds. */
  clockOf(client: number): number {
    return Y.getState(this.doc.store, client);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.provider.destroy();
    this.doc.destroy();
  }

  private checkComplete(): void {
    if (this.completeAt !== null || this.syncedAt === null || this.expect === undefined) return;
    if (this.clockOf(this.expect.client) >= this.expect.clock) this.completeAt = now();
  }

  private onRemoteOfferChanges(events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void {
    const at = now();
    const touched = new Set<Y.Map<unknown>>();
    for (const event of events) {
      const target = event.target;
      if (target === this.offers) {
        for (const [key, change] of (event as Y.YMapEvent<unknown>).keys) {
          if (change.action === 'delete') continue;
          const entry = this.offers.get(key);
          if (entry instanceof Y.Map) touched.add(entry);
        }
      } else if (target instanceof Y.Map) {
        touched.add(target);
      } else if (target.parent instanceof Y.Map) {
        touched.add(target.parent);
      }
    }
    for (const entry of touched) {
      const text = entry.get('text');
      if (!(text instanceof Y.Text)) continue;
      const match = STAMP.exec(text.toString());
      if (!match) continue;
      const sender = Number(match[1]);
      const seq = Number(match[2]);
      const prev = this.maxSeq.get(sender) ?? 0;
      if (seq <= prev || sender === this.spec.id) continue;
      latencySink.skipped += seq - prev - 1;
      this.maxSeq.set(sender, seq);
      latencySink.values.push(at - Number(match[3]));
      latencySink.sentAt.push(Number(match[3]));
      latencySink.between.push([sender, this.spec.id]);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
