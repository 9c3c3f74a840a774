// /metrics in Prometheus text format (prom-client): the process, the live rooms and their write
// path. Counts and durations only: no label carries an id, a name or anything else personal.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RoomMetrics } from './sync/roomMetrics.ts';

/** Histogram buckets for the write path, in seconds: half a millisecond to five seconds. */
export const WRITE_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** What the rooms and connections gauges read at each scrape (the Rooms registry has both). */
export interface LiveCounts {
  readonly size: number;
  readonly connectionCount: number;
}

/** One server's metrics: its own registry, the hooks its parts report to, and the text. */
export interface Metrics {
  readonly registry: Registry;
  /** What the rooms report as they work (given to `new Rooms`). */
  readonly rooms: RoomMetrics;
  /** Lets the gauges read the live rooms and connections (the Rooms exists after its hooks). */
  watch(live: LiveCounts): void;
  /** Everything, as Prometheus text, with its content type. */
  render(): Promise<{ text: string; contentType: string }>;
}

/**
 * Makes a server's metrics on a registry of its own, not prom-client's global one, so several
 * servers in one process (tests) never share or clash. Each part of the server gets a group of
 * hooks made by one function below; a new part (news between instances) adds its own the same way.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process CPU, memory, file descriptors, event-loop lag, garbage collection.
  collectDefaultMetrics({ register: registry });
  let live: LiveCounts = { size: 0, connectionCount: 0 };
  liveGauges(registry, () => live);
  return {
    registry,
    rooms: roomMetrics(registry),
    watch(counts) {
      live = counts;
    },
    async render() {
      return { text: await registry.metrics(), contentType: registry.contentType };
    },
  };
}

/** Gauges read when scraped: documents in memory and sockets open. */
function liveGauges(registry: Registry, read: () => LiveCounts): void {
  const registers = [registry];
  new Gauge({
    name: 'llb_rooms_open',
    help: 'Live documents held in memory.',
    registers,
    collect() {
      this.set(read().size);
    },
  });
  new Gauge({
    name: 'llb_connections_open',
    help: 'Open WebSocket connections.',
    registers,
    collect() {
      this.set(read().connectionCount);
    },
  });
}

/** The rooms' write path: updates applied and stored, compactions, refusals and rebuilds. */
function roomMetrics(registry: Registry): RoomMetrics {
  const registers = [registry];
  const applied = new Histogram({
    name: 'llb_update_apply_seconds',
    help: "From a client's update arriving to it being applied to the live document (waiting behind the document's load and earlier writes included).",
    buckets: WRITE_BUCKETS_SECONDS,
    registers,
  });
  const committed = new Histogram({
    name: 'llb_update_commit_seconds',
    help: 'How long the store took to commit one update durably (before it is relayed to anyone).',
    buckets: WRITE_BUCKETS_SECONDS,
    registers,
  });
  const stored = new Counter({ name: 'llb_updates_stored_total', help: 'Document updates stored durably.', registers });
  const compactions = new Counter({ name: 'llb_compactions_total', help: 'Update logs folded into snapshots.', registers });
  const refused = new Counter({
    name: 'llb_updates_refused_total',
    help: "Clients' updates refused by a rule (an update waiting for its sender's sync answer counts once per check).",
    registers,
  });
  const rebuilds = new Counter({
    name: 'llb_document_rebuilds_total',
    help: 'Live documents rebuilt from the store after a refused update had changed them.',
    registers,
  });
  const fanOut = new Histogram({
    name: 'llb_fanout_lag_seconds',
    help: "From another instance publishing news of an update it stored to this instance applying it (several instances only).",
    buckets: WRITE_BUCKETS_SECONDS,
    registers,
  });
  const gaps = new Counter({
    name: 'llb_gaps_filled_total',
    help: 'Times a room caught up from the database because news from another instance was missing or late (several instances only).',
    registers,
  });
  const conflicts = new Counter({
    name: 'llb_write_conflicts_total',
    help: "Writes decided again because another instance appended to the same document first (several instances only).",
    registers,
  });
  const heldHead = new Counter({
    name: 'llb_writes_holding_head_total',
    help: "Writes decided holding the document's head after losing twice to other instances, so that no busy writer elsewhere can starve them.",
    registers,
  });
  return {
    conflicted: (holdingHead) => {
      conflicts.inc();
      if (holdingHead) heldHead.inc();
    },
    fannedOut: (seconds) => fanOut.observe(seconds),
    gapFilled: () => gaps.inc(),
    updateApplied: (seconds) => applied.observe(seconds),
    updateStored: (seconds) => {
      committed.observe(seconds);
      stored.inc();
    },
    compacted: () => compactions.inc(),
    refused: () => refused.inc(),
    rebuilt: () => rebuilds.inc(),
  };
}
