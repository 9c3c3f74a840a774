// A care-record receiver on loopback (node:http, port 0 unless given): it checks every request's
// Standard Webhooks signature with the reference library and answers as the test tells it to.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as the receiver saw it. */
export interface ReceivedRequest {
  id: string;
  timestamp: string;
  signature: string;
  contentType: string | undefined;
  body: string;
  /** Null when `Webhook.verify` accepted it; else the library's reason. */
  verifyError: string | null;
}

/** How to answer request number `index` (0-based); it may end the response, hold it, or drop the socket. */
export type Answer = (index: number, res: ServerResponse, req: IncomingMessage) => void;

/** A running receiver. */
export interface CareReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Changes how the following requests are answered. */
  answerWith(answer: Answer): void;
  close(): Promise<void>;
}

/** Answers every request with `status` and `body`. */
export function answerStatus(status: number, body = ''): Answer {
  return (_index, res) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(body);
  };
}

/** Answers each request with the next of `answers`, and the rest with the last one. */
export function answerInTurn(...answers: Answer[]): Answer {
  return (index, res, req) => {
    const answer = answers[Math.min(index, answers.length - 1)];
    if (answer === undefined) throw new Error('answerInTurn needs at least one answer');
    answer(index, res, req);
  };
}

/** Never answers (the test's close() ends the connection). */
export const answerNever: Answer = () => {};

/** Drops the connection once the request has arrived, without answering. */
export const answerDrop: Answer = (_index, _res, req) => {
  req.socket.destroy();
};

/** Starts a receiver that checks signatures with `secret` (whsec_ form). */
export async function startCareReceiver(secret: string, answer: Answer = answerStatus(200), port = 0): Promise<CareReceiver> {
  const webhook = new Webhook(secret);
  const requests: ReceivedRequest[] = [];
  let current = answer;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = (name: string) => {
        const value = req.headers[name];
        return typeof value === 'string' ? value : '';
      };
      const headers = { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') };
      let verifyError: string | null = null;
      try {
        webhook.verify(body, headers);
      } catch (error) {
        verifyError = error instanceof Error ? error.message : String(error);
      }
      const index = requests.length;
      requests.push({
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        contentType: req.headers['content-type'],
        body,
        verifyError,
      });
      current(index, res, req);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/care-record/plans`,
    port: actual,
    requests,
    answerWith(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port that nothing listens on (taken and given back at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
