// The orchestrator's side of the client workers: forks them (with tsx), sends commands, awaits replies
// with a time limit, and kills them at the end.

import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, Reply } from './protocol.ts';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const live = new Set<ChildProcess>();

/** Kills every worker still running. */
export function killAllWorkers(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  live.clear();
}

class Worker {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<void>;

  constructor(readonly index: number) {
    const child = fork(WORKER, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    live.add(child);
    this.child = child;
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => {
      markReady = resolve;
    });
    child.on('message', (raw: unknown) => {
      const reply = raw as Reply;
      if (reply.reqId === 0) {
        markReady();
        return;
      }
      const waiter = this.waiting.get(reply.reqId);
      if (!waiter) return;
      this.waiting.delete(reply.reqId);
      if (reply.ok) waiter.resolve(reply.result);
      else waiter.reject(new Error(`worker ${index}: ${reply.error}`));
    });
    child.once('exit', (code, signal) => {
      live.delete(child);
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`worker ${index} exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  private readonly child: ChildProcess;

  request<T>(command: Command, timeoutMs: number): Promise<T> {
    const reqId = this.nextId;
    this.nextId += 1;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(reqId);
        reject(new Error(`worker ${this.index}: ${command.cmd} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(reqId, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ reqId, command });
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A fixed set of worker processes; client `id` lives in worker `id % size`. */
export class Pool {
  readonly workers: Worker[];

  private constructor(size: number) {
    this.workers = Array.from({ length: size }, (_, i) => new Worker(i));
  }

  static async start(size: number): Promise<Pool> {
    const pool = new Pool(size);
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('workers did not start')), 60_000).unref());
    await Promise.race([Promise.all(pool.workers.map((w) => w.ready)), timeout]);
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** The worker holding client `id`. */
  of(id: number): Worker {
    return this.workers[id % this.workers.length]!;
  }

  /** Sends the same command to every worker. */
  all<T>(command: Command, timeoutMs: number): Promise<T[]> {
    return Promise.all(this.workers.map((w) => w.request<T>(command, timeoutMs)));
  }

  /** The worker processes' pids. */
  pids(): number[] {
    return this.workers.map((w) => w.pid);
  }

  /** Closes every client in every worker. */
  async closeClients(): Promise<void> {
    await this.all({ cmd: 'close' }, 30_000);
  }

  stop(): void {
    for (const w of this.workers) w.kill();
  }
}
