// The results: one markdown table (ours, baseline, ratio, target, pass/fail) and a JSON file.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from './servers.ts';

export type Value = number | string | null;

/** A target: ours/baseline at most `max`, ours exactly `equals`, or ours below `max`. */
export type RowTarget =
  | { kind: 'ratio'; max: number }
  | { kind: 'equals'; equals: number; text: string }
  | { kind: 'below'; max: number; text: string };

export interface Row {
  workload: string;
  measure: string;
  unit: string;
  ours: Value;
  baseline: Value;
  /** What the baseline column holds when it is not the reference relay (e.g. "ours, 1 instance, SQLite"). */
  baselineName?: string;
  target?: RowTarget;
  /** Decimal places for numbers (default: 1). */
  digits?: number;
}

export interface Verdict {
  ratio: number | null;
  pass: boolean | null;
}

export function verdict(row: Row): Verdict {
  const ratio = typeof row.ours === 'number' && typeof row.baseline === 'number' && row.baseline > 0 ? row.ours / row.baseline : null;
  if (!row.target) return { ratio, pass: null };
  if (row.target.kind === 'ratio') return { ratio, pass: ratio === null ? null : ratio <= row.target.max };
  if (row.target.kind === 'below') return { ratio, pass: typeof row.ours === 'number' ? row.ours < row.target.max : false };
  return { ratio, pass: typeof row.ours === 'number' ? row.ours === row.target.equals : false };
}

function show(value: Value, unit: string, digits: number): string {
  if (value === null) return 'n/a';
  if (typeof value === 'string') return value;
  const text = value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === '' ? text : `${text} ${unit}`;
}

/** The markdown table. */
export function table(rows: readonly Row[], header: string): string {
  const lines = [
    `**${header}**`,
    '',
    '| Workload | Measure | Ours | Baseline (@y/websocket-server 0.1.1 + y-leveldb, unless named) | Ours / baseline | Target | Pass |',
    '|---|---|---:|---:|---:|---|:---:|',
  ];
  for (const row of rows) {
    const { ratio, pass } = verdict(row);
    const digits = row.digits ?? 1;
    const target =
      row.target === undefined ? '' : row.target.kind === 'ratio' ? `≤ ${row.target.max.toFixed(2)}×` : row.target.text;
    lines.push(
      `| ${row.workload} | ${row.measure} | ${show(row.ours, row.unit, digits)} | ` +
        `${show(row.baseline, row.unit, digits)}${row.baselineName === undefined ? '' : ` (${row.baselineName})`} | ` +
        `${ratio === null ? '' : `${ratio.toFixed(2)}×`} | ${target} | ${pass === null ? '' : pass ? 'pass' : '**FAIL**'} |`,
    );
  }
  return lines.join('\n');
}

/** Writes everything to bench/results/<timestamp>.json; returns the path. */
export function writeJson(data: Record<string, unknown>): string {
  const dir = path.join(ROOT_DIR, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
