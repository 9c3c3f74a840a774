// The news between instances over a real Redis: updates and presence reach the instances that
// follow the document and no one else, never the instance that sent them; control messages reach
// every other instance; after Redis comes back, each instance is told (so rooms catch up) and news
// flows again; while Redis is away, publishing neither throws nor waits.

import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createClient } from 'redis';
import { conferenceId, newId, participantId } from '../../../shared/ids.ts';
import { redisNews, type ControlNews, type DocNews, type NewsBus, type RedisLike } from '../../../server/cluster/news.ts';
import { ownRedis, TEST_REDIS_URL, type OwnRedis } from '../../helpers/redis.ts';
import { waitFor } from '../../helpers/wait.ts';

const log = pino({ level: 'silent' });
const buses: NewsBus[] = [];
const redises: OwnRedis[] = [];

afterEach(async () => {
  for (const bus of buses.splice(0)) await bus.close();
  for (const redis of redises.splice(0)) await redis.kill();
});

async function bus(url = TEST_REDIS_URL): Promise<NewsBus> {
  const made = await redisNews(
    () => createClient({ url, socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 500) } }) as unknown as RedisLike,
    log,
  );
  buses.push(made);
  return made;
}

describe('news between instances', () => {
  it('brings an update and presence to the instances following that document only, never back to their sender', async () => {
    const [a, b, c] = [await bus(), await bus(), await bus()];
    const board = conferenceId(newId());
    const other = conferenceId(newId());
    const heardB: DocNews[] = [];
    const heardC: DocNews[] = [];
    const heardA: DocNews[] = [];
    await a.follow(board, 'board', (news) => heardA.push(news));
    await b.follow(board, 'board', (news) => heardB.push(news));
    await c.follow(other, 'board', (news) => heardC.push(news));

    a.publishUpdate(board, 'board', { seq: 7, update: new Uint8Array([1, 2, 3]), author: { kind: 'server' }, claims: [42], metaTouched: true });
    a.publishPresence(board, 'board', new Uint8Array([9]));
    await waitFor('b to hear both', () => heardB.length === 2);
    expect(heardB[0]).toMatchObject({ kind: 'update', instance: a.instance, seq: 7, author: { kind: 'server' }, claims: [42], metaTouched: true });
    expect([...(heardB[0] as { update: Uint8Array }).update]).toEqual([1, 2, 3]);
    expect(heardB[1]).toMatchObject({ kind: 'presence', instance: a.instance });
    // Give stray deliveries a moment to show themselves.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heardA).toEqual([]);
    expect(heardC).toEqual([]);
  });

  it('stops hearing a document once unfollowed', async () => {
    const [a, b] = [await bus(), await bus()];
    const board = conferenceId(newId());
    const heard: DocNews[] = [];
    const stop = await b.follow(board, 'private', (news) => heard.push(news));
    a.publishPresence(board, 'private', new Uint8Array([1]));
    await waitFor('the first message', () => heard.length === 1);
    await stop();
    a.publishPresence(board, 'private', new Uint8Array([2]));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(heard).toHaveLength(1);
  });

  it('tells every other instance to close sockets', async () => {
    const [a, b, c] = [await bus(), await bus(), await bus()];
    const heard: Record<string, ControlNews[]> = { a: [], b: [], c: [] };
    a.onControl((news) => heard.a!.push(news));
    b.onControl((news) => heard.b!.push(news));
    c.onControl((news) => heard.c!.push(news));
    const who = participantId(newId());
    a.publishControl({ kind: 'closeParticipant', participantId: who, code: 4410, reason: 'This invite has been withdrawn' });
    await waitFor('b and c to hear it', () => heard.b!.length === 1 && heard.c!.length === 1);
    expect(heard.b![0]).toEqual({ kind: 'closeParticipant', participantId: who, code: 4410, reason: 'This invite has been withdrawn' });
    expect(heard.a).toEqual([]);
  });

  it('publishes nothing and waits for nothing while Redis is away, then says it is back and carries news again', async () => {
    const redis = await ownRedis();
    redises.push(redis);
    const [a, b] = [await bus(redis.url), await bus(redis.url)];
    const board = conferenceId(newId());
    const heard: DocNews[] = [];
    await b.follow(board, 'board', (news) => heard.push(news));
    let resumed = 0;
    b.onResumed(() => (resumed += 1));

    await redis.kill();
    const started = Date.now();
    a.publishPresence(board, 'board', new Uint8Array([1]));
    expect(Date.now() - started).toBeLessThan(50);
    await expect(a.ping()).rejects.toThrow();

    await redis.start();
    await waitFor('b to say the news is back', () => resumed >= 1, 10_000);
    // The subscription is made again by the client itself.
    await waitFor('news to flow again', async () => {
      a.publishPresence(board, 'board', new Uint8Array([2]));
      await new Promise((resolve) => setTimeout(resolve, 50));
      return heard.some((news) => news.kind === 'presence' && news.update[0] === 2);
    }, 10_000);
    expect(heard.some((news) => news.kind === 'presence' && news.update[0] === 1)).toBe(false);
  });
});
