// Reads a process tree's CPU time and resident memory from /proc (Linux), from outside the process,
// and samples the peak every 100 ms.

import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Clock ticks per second for utime/stime (almost always 100). */
const CLK_TCK = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

/** One process's fields of interest from /proc/<pid>/stat. */
interface StatLine {
  pid: number;
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): StatLine | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // reason: the process exited between listing and reading
  }
  // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); ppid is field 4, utime 14, stime 15.
  const ppid = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  return { pid, ppid, cpuTicks: utime + stime };
}

function readRssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // reason: the process exited
  }
}

/** Every live pid whose ancestry includes `root` (root itself first when `includeRoot`). */
export function processTree(root: number, includeRoot = true): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat === null) continue;
    const list = children.get(stat.ppid);
    if (list) list.push(stat.pid);
    else children.set(stat.ppid, [stat.pid]);
  }
  const out: number[] = includeRoot ? [root] : [];
  const queue = [...(children.get(root) ?? [])];
  for (let i = 0; i < queue.length && i < 10_000; i += 1) {
    const pid = queue[i]!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The command line of a process, or '' when it is gone. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** CPU seconds (user + system) used so far by these processes. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.cpuTicks ?? 0;
  return ticks / CLK_TCK;
}

/** Resident memory of these processes together, in bytes. */
export function rssBytes(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) kb += readRssKb(pid);
  return kb * 1024;
}

/** Each process of a tree with its resident memory and command line (for the JSON details). */
export function describeTree(pids: readonly number[]): Array<{ pid: number; rssMB: number; cmd: string }> {
  return pids.map((pid) => ({ pid, rssMB: readRssKb(pid) / 1024, cmd: cmdline(pid).slice(0, 160) }));
}

/** A sample of a process tree. */
export interface TreeSample {
  at: number;
  cpuSeconds: number;
  rssBytes: number;
  pids: number[];
}

/**
 * Samples the tree under `root` every `intervalMs` (the tree itself is re-listed every second, as
 * scanning /proc costs more than reading a few files), keeping the peak RSS. Stops by itself after
 * `maxMs` even if nobody calls stop().
 */
export class TreeSampler {
  peakRssBytes = 0;
  private pids: number[];
  private timer: NodeJS.Timeout | null;
  private ticks = 0;
  private readonly startedAt = Date.now();

  constructor(
    private readonly root: number,
    private readonly includeRoot: boolean,
    intervalMs = 100,
    private readonly maxMs = 15 * 60_000,
  ) {
    this.pids = processTree(root, includeRoot);
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
    this.tick();
  }

  /** Reads the tree now (also updates the peak). */
  sample(): TreeSample {
    const rss = rssBytes(this.pids);
    if (rss > this.peakRssBytes) this.peakRssBytes = rss;
    return { at: Date.now(), cpuSeconds: cpuSeconds(this.pids), rssBytes: rss, pids: [...this.pids] };
  }

  /** Stops sampling; returns the last sample. */
  stop(): TreeSample {
    const last = this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return last;
  }

  private tick(): void {
    this.ticks += 1;
    if (Date.now() - this.startedAt > this.maxMs) {
      this.stop();
      return;
    }
    if (this.ticks % 10 === 0) this.pids = processTree(this.root, this.includeRoot);
    this.sample();
  }
}
