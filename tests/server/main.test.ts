// The listening server as an operator runs it (a child process on port 0): requests whose headers or
// body stop arriving are closed after a bounded time, and a client that goes away mid-request is
// one short line in the log, never an error with a stack trace.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../server/main.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const HALF_HEADERS = 'POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty';
const HALF_BODY = 'POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"email":"sam@';
/** How late after its limit the server may close a connection: it looks once a second, on a busy machine. */
const SLACK_MS = 4_000;

interface HalfSent {
  socket: net.Socket;
  sentAt: number;
  closedAt: number | null;
  answer: string;
}

/** Opens a connection that sends `text` and then nothing more, reading whatever comes back. */
function sendHalf(port: number, text: string): HalfSent {
  const socket = net.connect(port, '127.0.0.1');
  const half: HalfSent = { socket, sentAt: Date.now(), closedAt: null, answer: '' };
  socket.on('data', (chunk: Buffer) => (half.answer += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => (half.closedAt = Date.now()));
  socket.write(text);
  return half;
}

/** The server's access-log lines (JSON) for `path`. */
function requestLines(server: TestServer, path: string): Array<Record<string, unknown>> {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.path === path);
}

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('the listening server', () => {
  it(
    'closes fifty half-sent sign-ins with 408 within its time limits and stays up for everyone else',
    async () => {
      server = await startServer({ env: { LOG_LEVEL: 'info' } });
      const { port } = server;
      const halves = Array.from({ length: 50 }, (_, i) => ({ headersOnly: i % 2 === 0, half: sendHalf(port, i % 2 === 0 ? HALF_HEADERS : HALF_BODY) }));

      // Meanwhile the server answers everyone else as usual.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      await waitFor('every half-sent request to be closed', () => halves.every(({ half }) => half.closedAt !== null), REQUEST_TIMEOUT_MS + SLACK_MS + 2_000);
      for (const { headersOnly, half } of halves) {
        const limit = headersOnly ? HEADERS_TIMEOUT_MS : REQUEST_TIMEOUT_MS;
        const open = (half.closedAt ?? Infinity) - half.sentAt;
        expect(open).toBeGreaterThanOrEqual(limit - 1_000);
        expect(open).toBeLessThanOrEqual(limit + SLACK_MS);
        expect(half.answer).toMatch(/^HTTP\/1\.1 408 /);
      }
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      // The 25 whose body was cut off reached the app: one short line each, nothing logged as an error.
      const lines = await waitFor('a log line for each cut-off body', () => {
        const found = requestLines(server!, '/api/login');
        return found.length >= 25 ? found : null;
      });
      expect(lines).toHaveLength(25);
      expect(lines.every((line) => line.status === 499 && line.msg === 'request')).toBe(true);
      expect(server.output()).not.toMatch(/"level":50|stack|unhandled error/);
    },
    REQUEST_TIMEOUT_MS + 30_000,
  );

  it('logs a client that goes away in the middle of its request as one short line, without a stack trace', async () => {
    server = await startServer({ env: { LOG_LEVEL: 'info' } });
    const halves = Array.from({ length: 10 }, () => sendHalf(server!.port, HALF_BODY));
    // The body has begun to arrive when the handler is reading it; then every client leaves.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const half of halves) half.socket.destroy();

    const lines = await waitFor('a log line for each abandoned request', () => {
      const found = requestLines(server!, '/api/login');
      return found.length >= 10 ? found : null;
    });
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(line).toMatchObject({ level: 30, method: 'POST', status: 499, msg: 'request' });
    expect(server.output()).not.toMatch(/"level":50|stack|unhandled error|aborted/);
    // Nothing was signed in or recorded for them, and the server still answers.
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
