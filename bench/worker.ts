// A client worker process (forked by bench/pool.ts): holds many real y-websocket clients and runs
// the commands of bench/protocol.ts. It exits when the orchestrator goes away.

import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { BenchClient, latencySink, sleep } from './client.ts';
import { now } from './protocol.ts';
import type {
  ApplyResult,
  Command,
  DrainResult,
  EditResult,
  OpenedClient,
  OpenResult,
  Reply,
  Request,
  StateResult,
  WaitOffersResult,
  WriteResult,
} from './protocol.ts';
import { decodeUpdates } from './updates.ts';

// Every WebsocketProvider adds a process 'exit' listener; hundreds per worker are expected here.
process.setMaxListeners(0);

const clients = new Map<number, BenchClient>();

function client(id: number): BenchClient {
  const found = clients.get(id);
  if (!found) throw new Error(`no client ${id} in this worker`);
  return found;
}

async function open(command: Extract<Command, { cmd: 'open' }>): Promise<OpenResult> {
  const out: OpenedClient[] = [];
  let next = 0;
  const lane = async () => {
    while (next < command.clients.length) {
      const spec = command.clients[next]!;
      next += 1;
      const c = new BenchClient(spec, command.expect);
      clients.set(spec.id, c);
      const opened = await c.open(command.timeoutMs);
      if (opened.ok && command.ownOffer) c.addOwnOffers(1);
      out.push(opened);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, lane));
  return { clients: out };
}

/** Every client here edits `count` times, `intervalMs` apart, each starting at a random phase. */
async function edit(command: Extract<Command, { cmd: 'edit' }>): Promise<EditResult> {
  latencySink.values = [];
  latencySink.sentAt = [];
  latencySink.between = [];
  latencySink.skipped = 0;
  const sent: Record<number, number> = {};
  let firstAt = Infinity;
  let lastAt = 0;
  const runOne = async (c: BenchClient) => {
    const phase = Math.random() * command.intervalMs;
    let lastPresence = 0;
    sent[c.spec.id] = 0;
    for (let k = 0; k < command.count; k += 1) {
      const due = command.startAt + phase + k * command.intervalMs;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const at = now();
      firstAt = Math.min(firstAt, at);
      lastAt = Math.max(lastAt, at);
      c.edit(command.moveEvery > 0 && (k + 1) % command.moveEvery === 0);
      sent[c.spec.id] = k + 1;
      if (command.presenceEveryMs > 0 && at - lastPresence >= command.presenceEveryMs) {
        c.setFocus();
        lastPresence = at;
      }
    }
  };
  await Promise.all([...clients.values()].filter((c) => c.ownOffers.length > 0).map(runOne));
  return { sent, firstAt, lastAt };
}

/** Waits until every client here has seen every expected edit of its board, then hands over the latencies. */
async function drain(command: Extract<Command, { cmd: 'drain' }>): Promise<DrainResult> {
  const deadline = Date.now() + command.timeoutMs;
  const pending = () => {
    for (const c of clients.values()) {
      for (const [sender, group, count] of command.expected) {
        if (group === c.spec.group && sender !== c.spec.id && (c.maxSeq.get(sender) ?? 0) < count) return true;
      }
    }
    return false;
  };
  let timedOut = false;
  while (pending()) {
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    await sleep(50);
  }
  const pairs: Array<[number, number, number]> = [];
  for (const c of clients.values()) {
    for (const [sender, group] of command.expected) {
      if (group === c.spec.group && sender !== c.spec.id) pairs.push([c.spec.id, sender, c.maxSeq.get(sender) ?? 0]);
    }
  }
  const result = { latencies: latencySink.values, sentAt: latencySink.sentAt, between: latencySink.between, pairs, skipped: latencySink.skipped, timedOut };
  latencySink.values = [];
  latencySink.sentAt = [];
  latencySink.between = [];
  latencySink.skipped = 0;
  return result;
}

/** One client writes a plan: `offers` new offers, then stamped edits (every 20th with a move). */
async function write(command: Extract<Command, { cmd: 'write' }>): Promise<WriteResult> {
  const c = client(command.id);
  const clocks: number[] = [];
  const start = now();
  let firstSentAt = 0;
  let lastSentAt = 0;
  for (let i = 0; i < command.count; i += 1) {
    if (command.paceMs > 0) {
      const wait = start + i * command.paceMs - now();
      if (wait > 0) await sleep(wait);
    } else if (i % 20 === 19) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    lastSentAt = now();
    if (i === 0) firstSentAt = lastSentAt;
    if (i < command.offers) c.addOffer(`plan offer ${i}`);
    else c.edit(i % 20 === 0);
    clocks.push(c.clockOf(c.doc.clientID));
  }
  return { clientID: c.doc.clientID, clocks, firstSentAt, lastSentAt };
}

/** Applies a prepared update (made with the board's named mutations) as one local transaction, so it is sent as one message. */
function apply(command: Extract<Command, { cmd: 'apply' }>): ApplyResult {
  const c = client(command.id);
  const update = decodeUpdates(readFileSync(command.file))[command.index];
  if (update === undefined) throw new Error(`no update ${command.index} in ${command.file}`);
  const startedAt = now();
  Y.applyUpdate(c.doc, update, 'bench-local');
  return { startedAt, sentAt: now() };
}

async function waitOffers(command: Extract<Command, { cmd: 'waitOffers' }>): Promise<WaitOffersResult> {
  const at: Record<number, number | null> = {};
  await Promise.all(
    command.ids.map(async (id) => {
      const c = client(id);
      const deadline = Date.now() + command.timeoutMs;
      at[id] = null;
      await new Promise<void>((resolve) => {
        const check = () => {
          if (c.offers.size >= command.count) {
            at[id] = now();
            finish();
          } else if (Date.now() > deadline) finish();
        };
        const timer = setInterval(check, 100);
        const finish = () => {
          clearInterval(timer);
          c.offers.unobserve(check);
          resolve();
        };
        c.offers.observe(check);
        check();
      });
    }),
  );
  return { at };
}

function state(command: Extract<Command, { cmd: 'state' }>): StateResult {
  const clocks: Record<number, number> = {};
  const offers: Record<number, number> = {};
  for (const id of command.ids) {
    const c = client(id);
    clocks[id] = c.clockOf(command.client);
    offers[id] = c.offers.size;
  }
  return { clocks, offers };
}

function close(command: Extract<Command, { cmd: 'close' }>): Record<string, never> {
  const ids = command.ids ?? [...clients.keys()];
  for (const id of ids) {
    clients.get(id)?.destroy();
    clients.delete(id);
  }
  return {};
}

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'open':
      return open(command);
    case 'edit':
      return edit(command);
    case 'drain':
      return drain(command);
    case 'write':
      return write(command);
    case 'apply':
      return apply(command);
    case 'waitOffers':
      return waitOffers(command);
    case 'state':
      return state(command);
    case 'close':
      return close(command);
  }
}

process.on('message', (raw: unknown) => {
  const { reqId, command } = raw as Request;
  run(command).then(
    (result) => process.send?.({ reqId, ok: true, result } satisfies Reply),
    (err: unknown) => process.send?.({ reqId, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies Reply),
  );
});

// The orchestrator went away (finished, failed or was killed): close everything and leave.
process.on('disconnect', () => {
  for (const c of clients.values()) c.destroy();
  process.exit(0);
});
process.send?.({ reqId: 0, ok: true, result: 'ready' } satisfies Reply);
