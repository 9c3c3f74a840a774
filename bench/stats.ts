// Small statistics helpers.

/** The p-th percentile (0–100, nearest rank) of `values`, or null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** p50/p95/p99/max and count of `values`. */
export function summary(values: readonly number[]): { n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null } {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: percentile(values, 100),
  };
}

export const MB = 1024 * 1024;
