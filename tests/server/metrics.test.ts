// GET /metrics through prom-client: the process's own metrics, the live rooms and connections, and
// the write path's counters and latencies while real clients edit; nothing personal in any of it.

import { describe, expect, it } from 'vitest';
import { addPerson } from '../../shared/board.ts';
import { createMetrics } from '../../server/metrics.ts';
import { createConference } from '../helpers/api.ts';
import { joinBoard, metric, serverPerFile, waitConverged } from '../helpers/sync.ts';
import { waitFor } from '../helpers/wait.ts';

const EDITS = 12;

const live = serverPerFile();

describe('GET /metrics', () => {
  it('counts rooms, connections and stored updates, and times every applied and committed update, while clients edit', async () => {
    const before = {
      stored: await metric(live.server, 'llb_updates_stored_total'),
      committed: await metric(live.server, 'llb_update_commit_seconds_count'),
      applied: await metric(live.server, 'llb_update_apply_seconds_count'),
    };
    const conferenceId = await createConference(live.coordinator, 'Plan for Robin');
    const writer = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Writer' });
    const watcher = await joinBoard(live.server, live.coordinator, conferenceId, { role: 'carer', name: 'Watcher' });
    live.open.push(writer, watcher);
    for (let i = 0; i < EDITS; i += 1) addPerson(writer.doc, { displayName: `Person ${i}`, relationship: '', circle: 'family', connection: 'none', atConference: false });
    await waitConverged([writer, watcher], 'the watcher to hold every edit');

    expect(await metric(live.server, 'llb_rooms_open')).toBeGreaterThanOrEqual(1);
    expect(await metric(live.server, 'llb_connections_open')).toBeGreaterThanOrEqual(2);
    const stored = (await metric(live.server, 'llb_updates_stored_total')) - before.stored;
    const committed = (await metric(live.server, 'llb_update_commit_seconds_count')) - before.committed;
    const applied = (await metric(live.server, 'llb_update_apply_seconds_count')) - before.applied;
    // Every edit was one frame; each was applied and committed (the board's first details too, by the server).
    expect(applied).toBeGreaterThanOrEqual(EDITS);
    expect(stored).toBeGreaterThan(applied);
    expect(committed).toBe(stored);
    expect(await metric(live.server, 'llb_update_commit_seconds_sum')).toBeGreaterThan(0);
    expect(await metric(live.server, 'llb_update_apply_seconds_bucket{le="+Inf"}')).toBe(await metric(live.server, 'llb_update_apply_seconds_count'));

    writer.destroy();
    watcher.destroy();
    live.open.splice(0);
    await waitFor('the connections to close', async () => (await metric(live.server, 'llb_connections_open')) === 0);
  });

  it('serves the process metrics and event-loop lag as Prometheus text, with no ids, names or titles', async () => {
    const conferenceId = await createConference(live.coordinator, 'Plan for Robin');
    const person = await joinBoard(live.server, live.coordinator, conferenceId, { name: 'Invented Person' });
    live.open.push(person);
    const res = await fetch(`${live.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(text).toMatch(new RegExp(`^${name} [\\d.e+-]+$`, 'm'));
    }
    expect(text).not.toContain(conferenceId);
    expect(text).not.toContain(person.participantId);
    expect(text).not.toMatch(/Robin|Invented|casey/i);
    // The server's own metrics carry no labels but a histogram's bucket bound.
    const labelled = text.split('\n').filter((line) => line.startsWith('llb_') && line.includes('{'));
    expect(labelled.length).toBeGreaterThan(0);
    for (const line of labelled) expect(line).toMatch(/^llb_\w+_bucket\{le="[^"]+"\} /);
  });

  it('gives every server its own registry, so two servers in one process never clash', async () => {
    const one = createMetrics();
    const two = createMetrics();
    one.rooms.updateStored(0.002);
    one.watch({ size: 3, connectionCount: 5 });
    const first = (await one.render()).text;
    const second = (await two.render()).text;
    expect(first).toMatch(/^llb_updates_stored_total 1$/m);
    expect(first).toMatch(/^llb_rooms_open 3$/m);
    expect(first).toMatch(/^llb_connections_open 5$/m);
    expect(second).toMatch(/^llb_updates_stored_total 0$/m);
    expect(second).toMatch(/^llb_rooms_open 0$/m);
  });
});
