// One attempt against a real receiver on loopback: what each way of answering (or not) comes to.

import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { describeOutcome, EXCERPT_MAX_BYTES, postSigned } from '../../../server/delivery/post.ts';
import type { PostRequest } from '../../../server/delivery/post.ts';
import { webhookSigner } from '../../../server/delivery/sign.ts';
import { answerDrop, answerNever, answerStatus, freePort, startCareReceiver } from '../../helpers/careReceiver.ts';
import type { Answer, CareReceiver } from '../../helpers/careReceiver.ts';

const SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const BODY = '{"plan":{"version":1}}';
const TIMEOUT_MS = 200;

const receivers: CareReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(answer: Answer): Promise<CareReceiver> {
  const started = await startCareReceiver(SECRET, answer);
  receivers.push(started);
  return started;
}

function request(url: string, overrides: Partial<PostRequest> = {}): PostRequest {
  return { url, headers: webhookSigner(SECRET)('msg_0123456789abcdef', BODY, Date.now()), body: BODY, timeoutMs: TIMEOUT_MS, ...overrides };
}

describe('one delivery attempt', () => {
  it('sends the body as JSON with the three signature headers, and keeps the answer’s status and text', async () => {
    const r = await receiver(answerStatus(202, '{"received":true}'));
    expect(await postSigned(request(r.url))).toEqual({ kind: 'answered', status: 202, excerpt: '{"received":true}' });
    expect(r.requests).toEqual([
      { id: 'msg_0123456789abcdef', timestamp: expect.stringMatching(/^\d+$/), signature: expect.stringMatching(/^v1,/), contentType: 'application/json', body: BODY, verifyError: null },
    ]);
  });

  it('keeps at most 1 KB of a long answer, cut at a whole character', async () => {
    const r = await receiver(answerStatus(500, `${'x'.repeat(EXCERPT_MAX_BYTES - 1)}é and a great deal more`));
    const outcome = await postSigned(request(r.url));
    expect(outcome).toEqual({ kind: 'answered', status: 500, excerpt: 'x'.repeat(EXCERPT_MAX_BYTES - 1) });
    expect(describeOutcome(outcome, TIMEOUT_MS)).toBe('The receiver answered 500.');
  });

  it('gives up waiting at the deadline when no answer comes', async () => {
    const r = await receiver(answerNever);
    const started = Date.now();
    const outcome = await postSigned(request(r.url));
    expect(outcome).toEqual({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    expect(describeOutcome(outcome, TIMEOUT_MS)).toBe('No answer within 0.2 s.');
    expect(describeOutcome(outcome, 10_000)).toBe('No answer within 10 s.');
  });

  it('counts a 2xx whose answer trickles on past the deadline, keeping what arrived', async () => {
    const r = await receiver((_i, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('accepted; ');
      // The rest never comes: the deadline cuts the reading, not the status.
    });
    expect(await postSigned(request(r.url))).toEqual({ kind: 'answered', status: 200, excerpt: 'accepted; ' });
  });

  it('names a dropped connection', async () => {
    const r = await receiver(answerDrop);
    const outcome = await postSigned(request(r.url));
    expect(outcome).toEqual({ kind: 'dropped' });
    expect(describeOutcome(outcome, TIMEOUT_MS)).toBe('The connection was dropped.');
  });

  it('names a refused connection when nothing listens', async () => {
    const outcome = await postSigned(request(`http://127.0.0.1:${await freePort()}/`));
    expect(outcome).toEqual({ kind: 'refused' });
    expect(describeOutcome(outcome, TIMEOUT_MS)).toBe('The receiver refused the connection.');
  });

  it('does not follow a redirect: the plan goes only to the configured address', async () => {
    const elsewhere = await receiver(answerStatus(200));
    const r = await receiver((_i, res) => {
      res.writeHead(307, { location: elsewhere.url });
      res.end();
    });
    expect(await postSigned(request(r.url))).toMatchObject({ kind: 'answered', status: 307 });
    expect(elsewhere.requests).toEqual([]);
  });

  it('stops at once when the server stops', async () => {
    const r = await receiver(answerNever);
    const stop = new AbortController();
    const pending = postSigned(request(r.url, { timeoutMs: 10_000, stop: stop.signal }));
    setTimeout(() => stop.abort(), 50);
    const started = Date.now();
    const outcome = await pending;
    expect(outcome).toEqual({ kind: 'stopped' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(describeOutcome(outcome, TIMEOUT_MS)).toBe('The server stopped during the attempt.');
  });
});
