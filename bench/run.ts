// `npm run bench [-- --quick] [-- --only=conference,burst] [-- --profile]`: runs every workload against
// our server and the reference relay, one server at a time, prints one table and writes a JSON file.
// `--only=cluster` runs the conference on two of our instances (PostgreSQL + Redis), one, and the relay.
// `--only=export` times the plan exports alone, with no server or client workers started;
// `--only=familyMap` the family map's layout (here and on a throttled phone) and its PDF.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool, killAllWorkers } from './pool.ts';
import { formatTop, profileFiles } from './profile.ts';
import { table, verdict, writeJson } from './report.ts';
import type { Row } from './report.ts';
import { describe, FULL, QUICK, type Scale } from './scale.ts';
import { killAllServers, ROOT_DIR } from './servers.ts';
import type { Ctx, WorkloadResult } from './workloads/common.ts';
import { burst } from './workloads/burst.ts';
import { cluster } from './workloads/cluster.ts';
import { cold } from './workloads/cold.ts';
import { conference } from './workloads/conference.ts';
import { durability } from './workloads/durability.ts';
import { exportWorkload } from './workloads/export.ts';
import { familyMapWorkload } from './workloads/familyMap.ts';
import { many } from './workloads/many.ts';
import { phone } from './workloads/phone.ts';
import { warmup } from './workloads/warmup.ts';

const WORKLOADS = { conference, cluster, many, cold, burst, durability } as const;
/** What runs in the bench process itself, with no server or client workers. */
const LOCAL = ['export', 'familyMap', 'phone'] as const;
type WorkloadName = keyof typeof WORKLOADS | (typeof LOCAL)[number];
const NAMES: readonly WorkloadName[] = [...(Object.keys(WORKLOADS) as WorkloadName[]), ...LOCAL];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const keep = args.includes('--keep');
const noNpm = args.includes('--no-npm');
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? (onlyArg.slice('--only='.length).split(',') as WorkloadName[]) : NAMES;
for (const name of only) if (!NAMES.includes(name)) throw new Error(`unknown workload ${name}; known: ${NAMES.join(', ')}`);
const serverWorkloads = only.filter((name): name is keyof typeof WORKLOADS => !(LOCAL as readonly string[]).includes(name));

/** A hard limit on the whole run, after which everything is killed. */
const HARD_LIMIT_MS = (quick ? 6 : 20) * 60_000;
const started = Date.now();
const runDir = mkdtempSync(path.join(os.tmpdir(), 'llb-bench-'));

function cleanup(): void {
  killAllWorkers();
  killAllServers();
  if (!keep) rmSync(runDir, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping every server and worker\n`);
    process.exit(130);
  });
}
const hardLimit = setTimeout(() => {
  process.stderr.write(`\nThe run took longer than ${HARD_LIMIT_MS / 60_000} min; stopping.\n`);
  process.exit(1);
}, HARD_LIMIT_MS);
hardLimit.unref();

function log(message: string): void {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
}

/** The workloads that run our server and the relay, with the client workers warmed up first. */
async function runServerWorkloads(
  scale: Scale,
  profDir: string | null,
  startNotes: string[],
  results: WorkloadResult[],
  errors: Array<{ workload: string; error: string }>,
): Promise<void> {
  const pool = await Pool.start(scale.workers);
  const ctx: Ctx = { quick, scale, pool, runDir, npmStartUsed: noNpm, profDir, startNotes, log };
  try {
    const t0 = Date.now();
    await warmup(ctx);
    log(`workers warmed up in ${((Date.now() - t0) / 1000).toFixed(0)} s (throwaway relay, not reported)`);
    for (const name of serverWorkloads) {
      const t0 = Date.now();
      log(`${name}…`);
      try {
        results.push(await WORKLOADS[name](ctx));
      } catch (err) {
        // One workload failing still leaves the others' figures worth reporting.
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        errors.push({ workload: name, error: message });
        log(`${name} FAILED: ${message}`);
        await pool.closeClients().catch(() => undefined);
        killAllServers();
      }
      log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    pool.stop();
  }
}

async function main(): Promise<void> {
  const scale = quick ? QUICK : FULL;
  const profDir = profile ? path.join(ROOT_DIR, 'bench/results', `prof-${new Date().toISOString().replace(/[:.]/g, '-')}`) : null;
  if (profDir) mkdirSync(profDir, { recursive: true });
  log(`${describe(scale, quick)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${os.cpus().length} CPUs`);
  if (os.loadavg()[0]! > os.cpus().length / 2) {
    log('WARNING: the machine is busy with other work; latency and CPU figures will be noisy');
  }
  const results: WorkloadResult[] = [];
  const errors: Array<{ workload: string; error: string }> = [];
  const startNotes: string[] = [];
  if (serverWorkloads.length > 0) await runServerWorkloads(scale, profDir, startNotes, results, errors);
  if (only.includes('export')) {
    log('export…');
    try {
      results.push(await exportWorkload(log));
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      errors.push({ workload: 'export', error: message });
      log(`export FAILED: ${message}`);
    }
  }

  if (only.includes('familyMap')) {
    log('family map…');
    try {
      results.push(await familyMapWorkload(log));
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      errors.push({ workload: 'familyMap', error: message });
      log(`family map FAILED: ${message}`);
    }
  }

  if (only.includes('phone')) {
    log('phone…');
    try {
      results.push(await phone(runDir, log));
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      errors.push({ workload: 'phone', error: message });
      log(`phone FAILED: ${message}`);
    }
  }

  const rows: Row[] = results.flatMap((r) => r.rows);
  const elapsed = (Date.now() - started) / 1000;
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const described = serverWorkloads.length > 0 ? describe(scale, quick) : 'Plan exports, the family map and the phone’s first load only';
  const header = `${described} — ${elapsed.toFixed(0)} s, ${os.cpus().length} CPUs, load average at the end ${load}, ${new Date().toISOString()}`;
  const notes = [
    ...startNotes.filter((n, i, all) => all.indexOf(n) === i),
    ...(serverWorkloads.length > 0
      ? [
          'later starts of ours: node dist/server.js, what npm start runs once built; baseline: node node_modules/@y/websocket-server/src/server.js with YPERSISTENCE',
          'server CPU and RSS are read from /proc for the server process tree (sampled every 100 ms), not from inside the server',
        ]
      : []),
    ...results.flatMap((r) => r.notes),
    ...errors.map((e) => `${e.workload} FAILED: ${e.error.split('\n')[0]}`),
  ];
  const text = `${table(rows, header)}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
  process.stdout.write(`\n${text}`);
  const file = writeJson({
    startedAt: new Date(started).toISOString(),
    elapsedSeconds: elapsed,
    quick,
    scale,
    machine: { cpus: os.cpus().length, loadavgAtEnd: os.loadavg(), node: process.version },
    rows: rows.map((r) => ({ ...r, ...verdict(r) })),
    workloads: Object.fromEntries(results.map((r) => [r.name, r.details])),
    notes,
    errors,
  });
  log(`results: ${path.relative(ROOT_DIR, file)}`);
  if (profDir) {
    log(`CPU profiles: ${path.relative(ROOT_DIR, profDir)}/{ours,baseline}`);
    for (const kind of ['ours', 'baseline']) {
      const files = profileFiles(path.join(profDir, kind));
      if (files.length > 0) process.stdout.write(`\n${kind}: ${formatTop(files)}\n`);
    }
  }
  process.exitCode = errors.length > 0 ? 1 : 0;
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(hardLimit);
    cleanup();
  });
