// /metrics in Prometheus text format: counts only, nothing personal.

import type { Rooms } from './sync/rooms.ts';

/** Renders the server's gauges and counters. */
export function metricsText(rooms: Rooms): string {
  const lines = [
    '# HELP llb_rooms_open Live documents held in memory.',
    '# TYPE llb_rooms_open gauge',
    `llb_rooms_open ${rooms.size}`,
    '# HELP llb_connections_open Open WebSocket connections.',
    '# TYPE llb_connections_open gauge',
    `llb_connections_open ${rooms.connectionCount}`,
    '# HELP llb_updates_stored_total Document updates stored durably.',
    '# TYPE llb_updates_stored_total counter',
    `llb_updates_stored_total ${rooms.stats.updatesStored}`,
    '# HELP llb_compactions_total Update logs folded into snapshots.',
    '# TYPE llb_compactions_total counter',
    `llb_compactions_total ${rooms.stats.compactions}`,
  ];
  return `${lines.join('\n')}\n`;
}
