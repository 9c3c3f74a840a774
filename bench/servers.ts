// Starting, stopping, killing and measuring the two servers: ours (as users start it) and the
// reference relay (@y/websocket-server with y-leveldb persistence), each in its own process group.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cmdline, processTree, TreeSampler } from './proc.ts';

export const ROOT_DIR = fileURLToPath(new URL('..', import.meta.url));
const RELAY_BIN = path.join(ROOT_DIR, 'node_modules/@y/websocket-server/src/server.js');
export const SETUP_TOKEN = 'bench-setup-token-0123456789abcdef';

export type ServerKind = 'ours' | 'baseline';

/** A running server. */
export interface ServerHandle {
  kind: ServerKind;
  port: number;
  /** How it was started, as a command line. */
  startedVia: string;
  /** The process we spawned (npm, or the server itself). */
  rootPid: number;
  /** The node process that listens. */
  serverPid: number;
  /** Where to measure from: the tree under `measureRoot` (with the root itself when `measureIncludesRoot`). */
  measureRoot: number;
  measureIncludesRoot: boolean;
  /** Graceful stop (SIGTERM to the process group), SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** SIGKILL the listening process only (the durability test); resolves when it is gone. */
  crash(): Promise<void>;
  /** Starts sampling the measured tree. */
  sampler(): TreeSampler;
  /** The last lines of the server's output (for error messages). */
  tail(): string;
}

const live = new Set<ChildProcess>();

/** Kills every server process group still running (on exit, error or signal). */
export function killAllServers(): void {
  for (const child of live) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // reason: the group is already gone
      }
    }
  }
  live.clear();
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface SpawnSpec {
  kind: ServerKind;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  ready: RegExp;
  timeoutMs: number;
  port: number;
  startedVia: string;
  /** Picks the listening process from the tree under the spawned one. */
  findServer: (rootPid: number) => number;
  measureFromChildren: boolean;
}

async function launch(spec: SpawnSpec): Promise<ServerHandle> {
  const child = spawn(spec.command, spec.args, {
    cwd: ROOT_DIR,
    env: spec.env,
    detached: true, // its own process group, so stop() reaches npm, sh and node alike
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(line);
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => live.delete(child), () => undefined);
  const tail = () => lines.join('\n');

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      fail(new Error(`${spec.kind} server did not start within ${spec.timeoutMs} ms:\n${tail()}`));
    }, spec.timeoutMs);
    const onData = (chunk: Buffer) => {
      keep(chunk);
      if (spec.ready.test(lines.join('\n'))) done();
    };
    const onExit = (code: number | null) => fail(new Error(`${spec.kind} server exited (${code}) before listening:\n${tail()}`));
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.stdout?.on('data', keep);
    }
    function done() {
      cleanup();
      resolve();
    }
    function fail(err: Error) {
      cleanup();
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // reason: already gone
        }
      }
      reject(err);
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });

  const rootPid = child.pid!;
  const serverPid = spec.findServer(rootPid);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-rootPid, 'SIGTERM');
    } catch {
      return;
    }
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
    if ((await Promise.race([exited.then(() => 'exited' as const), timeout])) === 'timeout') {
      try {
        process.kill(-rootPid, 'SIGKILL');
      } catch {
        // reason: gone meanwhile
      }
      await exited;
    }
  };
  const crash = async (): Promise<void> => {
    try {
      process.kill(serverPid, 'SIGKILL');
    } catch {
      // reason: already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    // Anything left in the group (npm, sh) goes too.
    try {
      process.kill(-rootPid, 'SIGKILL');
    } catch {
      // reason: the group is empty
    }
  };
  const measureRoot = spec.measureFromChildren ? rootPid : serverPid;
  return {
    kind: spec.kind,
    port: spec.port,
    startedVia: spec.startedVia,
    rootPid,
    serverPid,
    measureRoot,
    measureIncludesRoot: !spec.measureFromChildren,
    stop,
    crash,
    sampler: () => new TreeSampler(measureRoot, !spec.measureFromChildren),
    tail,
  };
}

function deepestMatching(rootPid: number, needle: string): number {
  const tree = processTree(rootPid, true);
  const matching = tree.filter((pid) => cmdline(pid).includes(needle));
  // processTree lists breadth-first, so the last match is the deepest (the node under npm and sh).
  return matching[matching.length - 1] ?? rootPid;
}

/** The bundled server `npm start` builds and runs. */
const SERVER_ENTRY = 'dist/server.js';

/** How our server is started. */
export type OursVia = 'npm' | 'node';

/**
 * Starts our server with a fresh or existing DATA_DIR. The shell's DATABASE_URL and REDIS_URL are
 * never passed on; `env` sets them (or anything else) for this start only.
 */
export async function startOurs(opts: {
  dataDir: string;
  port?: number;
  via: OursVia;
  cpuProfDir?: string;
  env?: Readonly<Record<string, string>>;
}): Promise<ServerHandle> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: opts.dataDir,
    SETUP_TOKEN,
    LOG_LEVEL: 'warn',
  };
  for (const name of ['PUBLIC_URL', 'DATABASE_URL', 'REDIS_URL', 'NODE_OPTIONS']) delete env[name];
  Object.assign(env, opts.env);
  const ready = new RegExp(`listening on http://127\\.0\\.0\\.1:${port}\\b`);
  if (opts.via === 'npm') {
    return launch({
      kind: 'ours',
      command: 'npm',
      args: ['start', '--silent'],
      env,
      ready,
      timeoutMs: 180_000,
      port,
      startedVia: 'npm start',
      findServer: (root) => deepestMatching(root, SERVER_ENTRY),
      measureFromChildren: true,
    });
  }
  const prof = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  // What `npm start` runs once it has built: the bundled server (the build happens on the first start).
  if (!fs.existsSync(path.join(ROOT_DIR, SERVER_ENTRY))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT_DIR, stdio: 'ignore' });
  return launch({
    kind: 'ours',
    command: process.execPath,
    args: [...prof, '--enable-source-maps', path.join(ROOT_DIR, SERVER_ENTRY)],
    env,
    ready,
    timeoutMs: 60_000,
    port,
    startedVia: `node ${prof.length > 0 ? '--cpu-prof ' : ''}--enable-source-maps ${SERVER_ENTRY}`,
    findServer: (root) => root,
    measureFromChildren: false,
  });
}

/** Starts the reference relay with y-leveldb persistence in `dir`. */
export async function startBaseline(opts: { dir: string; port?: number; cpuProfDir?: string }): Promise<ServerHandle> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: opts.dir };
  delete env.NODE_OPTIONS;
  // The relay has no SIGTERM handler, and a profile is only written on a normal exit: add one when profiling.
  const prof = opts.cpuProfDir
    ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`, '--import', 'data:text/javascript,process.on("SIGTERM",()=>process.exit(0))']
    : [];
  return launch({
    kind: 'baseline',
    command: process.execPath,
    args: [...prof, RELAY_BIN],
    env,
    ready: new RegExp(`on port ${port}\\b`),
    timeoutMs: 30_000,
    port,
    startedVia: 'node node_modules/@y/websocket-server/src/server.js (YPERSISTENCE=<dir>)',
    findServer: (root) => root,
    measureFromChildren: false,
  });
}
