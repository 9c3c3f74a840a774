// The care-record push: queues agreed plans in the store's outbox and delivers each one at least
// once, signed per Standard Webhooks, retrying with backoff until the receiver accepts it or its time
// runs out. The store holds every pending delivery, so a restart (or another instance) carries on.

import type { ConferenceId } from '../../shared/ids.ts';
import type { CareRecordConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { newDeliveryId } from '../store/types.ts';
import type { DeliveryCopy, DeliveryId, DeliveryRecord, OutboxStore } from '../store/types.ts';
import { DEFAULT_BACKOFF, nextAttemptAt } from './backoff.ts';
import type { Backoff } from './backoff.ts';
import { describeOutcome, postSigned } from './post.ts';
import { webhookSigner } from './sign.ts';
import type { Signer } from './sign.ts';

/** The worker's clockwork; tests shrink it. */
export interface DeliveryTimings {
  /** How often the outbox is looked at for due deliveries (also at once after a send). */
  pollIntervalMs: number;
  backoff: Backoff;
  /**
   * How long a claim outlives its attempt's own deadline, so a busy event loop never lets another
   * worker start the same attempt while this one may still be sending it.
   */
  leaseMarginMs: number;
  /** Attempts one worker has in flight at once. */
  concurrency: number;
}

export const DEFAULT_DELIVERY_TIMINGS: DeliveryTimings = {
  pollIntervalMs: 1_000,
  backoff: DEFAULT_BACKOFF,
  leaseMarginMs: 5_000,
  concurrency: 4,
};

/** What a route asks to send: one copy of one agreed version, as the exact JSON text to deliver. */
export interface SendRequest {
  conferenceId: ConferenceId;
  version: number;
  copy: DeliveryCopy;
  body: string;
}

/** A delivery as a route shows it: everything but the body (it holds personal data) and the lease. */
export type DeliveryView = Omit<DeliveryRecord, 'body' | 'leaseUntil'>;

/** What routes need: queue a send, and see how sending went. */
export interface Deliveries {
  /**
   * Queues the body for delivery and starts on it at once. While a delivery of the same conference,
   * version and copy is queued or delivered, returns that one instead (`created` false). Rejects with
   * TypeError when the body is not JSON, and with a StoreError `notFound` for an unknown conference.
   */
  send(request: SendRequest): Promise<{ delivery: DeliveryView; created: boolean }>;
  /** A conference's deliveries (of one version, if given), oldest first. */
  status(conferenceId: ConferenceId, version?: number): Promise<DeliveryView[]>;
}

/** What a worker is built from. */
export interface DeliveryWorkerOptions {
  outbox: OutboxStore;
  log: Logger;
  target: CareRecordConfig;
  timings?: Partial<DeliveryTimings>;
  now?: () => number;
  /** In [0, 1), for the backoff's jitter. */
  random?: () => number;
}

/** Drops the body and lease from a record. */
export function deliveryView(record: DeliveryRecord): DeliveryView {
  const { body: _body, leaseUntil: _leaseUntil, ...view } = record;
  return view;
}

/** Polls the outbox, claims due deliveries and makes their attempts; one per server process. */
export class DeliveryWorker implements Deliveries {
  private readonly outbox: OutboxStore;
  private readonly log: Logger;
  private readonly target: CareRecordConfig;
  private readonly timings: DeliveryTimings;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sign: Signer;
  private readonly stopping = new AbortController();
  private readonly inFlight = new Map<DeliveryId, Promise<void>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private scanning: Promise<void> | null = null;
  private rescan = false;

  constructor(options: DeliveryWorkerOptions) {
    this.outbox = options.outbox;
    this.log = options.log;
    this.target = options.target;
    this.timings = { ...DEFAULT_DELIVERY_TIMINGS, ...options.timings };
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sign = webhookSigner(options.target.secret);
  }

  /** Starts polling, beginning with whatever earlier runs left pending. */
  start(): void {
    if (this.timer !== null || this.stopping.signal.aborted) return;
    this.timer = setInterval(() => this.poke(), this.timings.pollIntervalMs);
    this.timer.unref();
    this.log.info({ host: new URL(this.target.url).host }, 'care-record delivery started');
    this.poke();
  }

  /**
   * Stops polling and cuts short the attempts in flight; each is put back in the queue, due at
   * once, for the next start. Resolves when the store has been told, so it may be closed then.
   */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.stopping.abort();
    await this.scanning;
    await Promise.all(this.inFlight.values());
  }

  async send(request: SendRequest): Promise<{ delivery: DeliveryView; created: boolean }> {
    try {
      JSON.parse(request.body);
    } catch (error) {
      throw new TypeError('A delivery body must be JSON text', { cause: error });
    }
    const at = this.now();
    const { delivery, created } = await this.outbox.enqueue({
      id: newDeliveryId(),
      conferenceId: request.conferenceId,
      version: request.version,
      copy: request.copy,
      body: request.body,
      createdAt: at,
      giveUpAt: at + this.target.giveUpAfterMs,
    });
    if (created) {
      this.log.info({ delivery: delivery.id, conferenceId: delivery.conferenceId, version: delivery.version, copy: delivery.copy }, 'care-record delivery queued');
      this.poke();
    }
    return { delivery: deliveryView(delivery), created };
  }

  async status(conferenceId: ConferenceId, version?: number): Promise<DeliveryView[]> {
    const all = await this.outbox.listForConference(conferenceId);
    return all.filter((d) => version === undefined || d.version === version).map(deliveryView);
  }

  /** Looks for due deliveries now (scans never overlap; a poke during one runs another after it). */
  private poke(): void {
    if (this.stopping.signal.aborted) return;
    if (this.scanning !== null) {
      this.rescan = true;
      return;
    }
    this.scanning = this.scan()
      .catch((err: unknown) => this.log.error({ err: String(err) }, 'care-record outbox scan failed'))
      .finally(() => {
        this.scanning = null;
        if (this.rescan) {
          this.rescan = false;
          this.poke();
        }
      });
  }

  private async scan(): Promise<void> {
    const free = this.timings.concurrency - this.inFlight.size;
    if (free <= 0) return;
    for (const due of await this.outbox.due(this.now(), free)) {
      if (this.stopping.signal.aborted) return;
      if (this.inFlight.has(due.id)) continue;
      const at = this.now();
      const claimed = await this.outbox.claim(due.id, at, at + this.target.timeoutMs + this.timings.leaseMarginMs);
      // Another worker claimed it between the look and the claim: it is theirs to send.
      if (claimed === null) continue;
      const attempt = this.attempt(claimed)
        .catch((err: unknown) =>
          // The lease runs out and the next scan (here or elsewhere) tries again.
          this.log.error({ delivery: claimed.id, attempt: claimed.attempts, err: String(err) }, 'care-record attempt not recorded'),
        )
        .finally(() => {
          this.inFlight.delete(claimed.id);
          this.poke();
        });
      this.inFlight.set(claimed.id, attempt);
    }
  }

  /** Makes one claimed attempt and records how it went. */
  private async attempt(delivery: DeliveryRecord): Promise<void> {
    const { id, attempts: attempt } = delivery;
    const headers = this.sign(id, delivery.body, delivery.lastAttemptAt ?? this.now());
    const outcome = await postSigned({
      url: this.target.url,
      headers,
      body: delivery.body,
      timeoutMs: this.target.timeoutMs,
      stop: this.stopping.signal,
    });
    const at = this.now();
    const status = outcome.kind === 'answered' ? outcome.status : null;
    if (outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300) {
      await this.outbox.recordAttempt(id, attempt, { kind: 'delivered', at, responseStatus: outcome.status, responseExcerpt: outcome.excerpt });
      this.log.info({ delivery: id, attempt, status }, 'care-record delivery accepted');
      return;
    }
    const error = describeOutcome(outcome, this.target.timeoutMs);
    const excerpt = outcome.kind === 'answered' ? outcome.excerpt : null;
    // An attempt this server cut short says nothing about the receiver: it is due again at once.
    const next = outcome.kind === 'stopped' ? at : nextAttemptAt(at, attempt, delivery.giveUpAt, this.timings.backoff, this.random);
    if (next === null) {
      await this.outbox.recordAttempt(id, attempt, { kind: 'failed', error, responseStatus: status, responseExcerpt: excerpt });
      this.log.error({ delivery: id, attempt, status, outcome: outcome.kind }, 'care-record delivery given up');
      return;
    }
    await this.outbox.recordAttempt(id, attempt, { kind: 'retry', error, responseStatus: status, responseExcerpt: excerpt, nextAttemptAt: next });
    this.log.warn({ delivery: id, attempt, status, outcome: outcome.kind, retryInMs: next - at }, 'care-record delivery attempt failed');
  }
}
