// Top self-time functions of V8 .cpuprofile files (written by `node --cpu-prof`).
// Usage: npx tsx bench/profile.ts <file-or-dir> [top]

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  fn: string;
  where: string;
  ms: number;
  share: number;
}

/** Self time per function (summed over every node of the same function), largest first. */
export function selfTimes(files: readonly string[]): { totalMs: number; top: SelfTime[] } {
  const byFn = new Map<string, { fn: string; where: string; ms: number }>();
  let totalMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    const msById = new Map<number, number>();
    for (let i = 0; i < samples.length; i += 1) {
      // timeDeltas[i] is the time before sample i; attribute the following delta to sample i.
      const ms = (deltas[i + 1] ?? 0) / 1000;
      msById.set(samples[i]!, (msById.get(samples[i]!) ?? 0) + ms);
    }
    for (const [id, ms] of msById) {
      const node = nodes.get(id);
      if (!node) continue;
      const { functionName, url, lineNumber } = node.callFrame;
      // Idle time is not work: shares are of the busy time.
      if (functionName === '(idle)') continue;
      const fn = functionName || '(anonymous)';
      const where = url ? `${url.replace(/^file:\/\/.*?\/node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared)\//, '$1/')}:${lineNumber + 1}` : '';
      const key = `${fn} ${where}`;
      const entry = byFn.get(key) ?? { fn, where, ms: 0 };
      entry.ms += ms;
      byFn.set(key, entry);
      totalMs += ms;
    }
  }
  const top = [...byFn.values()]
    .sort((a, b) => b.ms - a.ms)
    .map((e) => ({ ...e, share: totalMs === 0 ? 0 : e.ms / totalMs }));
  return { totalMs, top };
}

/** The .cpuprofile files at `target` (a file or a directory). */
export function profileFiles(target: string): string[] {
  if (!existsSync(target)) return [];
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target)
    .filter((n) => n.endsWith('.cpuprofile'))
    .map((n) => path.join(target, n));
}

/** A printable top-N list. */
export function formatTop(files: readonly string[], n = 25): string {
  const { totalMs, top } = selfTimes(files);
  const lines = [`${files.length} profile(s), ${(totalMs / 1000).toFixed(1)} s busy (idle excluded); top self time:`];
  for (const e of top.slice(0, n)) lines.push(`${(e.share * 100).toFixed(1).padStart(5)} %  ${e.ms.toFixed(0).padStart(7)} ms  ${e.fn}  ${e.where}`);
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const target = process.argv[2];
  if (target === undefined) {
    process.stderr.write('usage: npx tsx bench/profile.ts <file-or-dir> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatTop(profileFiles(target), Number(process.argv[3] ?? 25))}\n`);
}
