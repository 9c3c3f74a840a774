// Our server's own account of its write path, read from GET /metrics (Prometheus text): the counters
// and histogram means that explain a run's figures (e.g. why several instances are slower).

/** Counters, and histograms as `<name>_mean_ms`, of the llb_ write-path metrics (no labels: ours have none). */
export type ServerMetrics = Record<string, number>;

const COUNTERS = ['llb_updates_stored_total', 'llb_write_conflicts_total', 'llb_writes_holding_head_total', 'llb_gaps_filled_total', 'llb_updates_refused_total'];
const HISTOGRAMS = ['llb_update_apply_seconds', 'llb_update_commit_seconds', 'llb_fanout_lag_seconds'];

/** Reads the write path's metrics from our server on `port`; null when it does not answer. */
export async function serverMetrics(port: number): Promise<ServerMetrics | null> {
  let text: string;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) return null;
    text = await res.text();
  } catch {
    return null; // reason: a server without metrics (or stopped) leaves the figures out, nothing more
  }
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(llb_[a-z_]+) (\S+)$/.exec(line);
    if (match) values.set(match[1]!, Number(match[2]));
  }
  const out: ServerMetrics = {};
  for (const name of COUNTERS) {
    const value = values.get(name);
    if (value !== undefined) out[name] = value;
  }
  for (const name of HISTOGRAMS) {
    const sum = values.get(`${name}_sum`);
    const count = values.get(`${name}_count`);
    if (sum !== undefined && count !== undefined && count > 0) out[`${name.replace(/_seconds$/, '')}_mean_ms`] = (sum / count) * 1000;
  }
  return out;
}

/** One line for a note: `updates stored 1500, write conflicts 12, update commit mean 3.1 ms, …`. */
export function describeMetrics(m: ServerMetrics): string {
  const label = (name: string) => name.replace(/^llb_/, '').replace(/_total$|_ms$/, '').replace(/_/g, ' ');
  return Object.entries(m)
    .map(([name, value]) => `${label(name)} ${name.endsWith('_ms') ? `${value.toFixed(1)} ms` : value.toFixed(0)}`)
    .join(', ');
}
