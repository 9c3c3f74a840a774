// One attempt at delivering a body: a POST with a deadline covering the whole answer, and what came
// of it, in a closed set of outcomes and in plain words for the coordinator.

import type { WebhookHeaders } from './sign.ts';

/** How much of the receiver's answer is kept. */
export const EXCERPT_MAX_BYTES = 1024;

/** What one attempt came to. Only an answer carries a status; everything else is a way of not getting one. */
export type PostOutcome =
  | { kind: 'answered'; status: number; excerpt: string }
  | { kind: 'timeout' }
  | { kind: 'refused' }
  | { kind: 'dropped' }
  | { kind: 'notFound' }
  | { kind: 'tls' }
  | { kind: 'unreachable'; code: string | null }
  | { kind: 'stopped' };

/** One signed POST. */
export interface PostRequest {
  url: string;
  headers: WebhookHeaders;
  body: string;
  timeoutMs: number;
  /** Aborts the attempt when the server stops. */
  stop?: AbortSignal;
}

const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const NOT_FOUND_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

/** Sends the body and reads up to EXCERPT_MAX_BYTES of the answer; never throws. */
export async function postSigned(request: PostRequest): Promise<PostOutcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const onStop = () => controller.abort();
  request.stop?.addEventListener('abort', onStop, { once: true });
  if (request.stop?.aborted) controller.abort();
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      headers: { ...request.headers, 'content-type': 'application/json', 'user-agent': 'lifelong-links-board' },
      body: request.body,
      // A redirect is an answer, not an instruction: the plan goes only to the configured address.
      redirect: 'manual',
      signal: controller.signal,
    });
    // The status decides; a slow or broken answer body still leaves what arrived before the deadline.
    const excerpt = await readExcerpt(response.body);
    return { kind: 'answered', status: response.status, excerpt };
  } catch (error) {
    if (timedOut) return { kind: 'timeout' };
    if (request.stop?.aborted) return { kind: 'stopped' };
    return classify(error);
  } finally {
    clearTimeout(timer);
    request.stop?.removeEventListener('abort', onStop);
  }
}

/** The outcome in words a coordinator understands (no personal data: safe to log and to show). */
export function describeOutcome(outcome: PostOutcome, timeoutMs: number): string {
  switch (outcome.kind) {
    case 'answered':
      return `The receiver answered ${outcome.status}.`;
    case 'timeout':
      return `No answer within ${Number((timeoutMs / 1000).toFixed(3))} s.`;
    case 'refused':
      return 'The receiver refused the connection.';
    case 'dropped':
      return 'The connection was dropped.';
    case 'notFound':
      return 'The receiver’s address was not found.';
    case 'tls':
      return 'The receiver’s certificate was not accepted.';
    case 'unreachable':
      return 'The receiver could not be reached.';
    case 'stopped':
      return 'The server stopped during the attempt.';
    default: {
      const unknown: never = outcome;
      throw new Error(`Unknown outcome ${JSON.stringify(unknown)}`);
    }
  }
}

/** The first EXCERPT_MAX_BYTES of a body as text, cut at a whole character. */
async function readExcerpt(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < EXCERPT_MAX_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // reason: a deadline or a dropped connection while reading the answer keeps what had arrived
  }
  reader.cancel().catch(() => {
    // reason: cancelling an errored or finished stream may reject; there is nothing left to read
  });
  // stream: true holds back a character cut in half at the limit instead of turning it into U+FFFD.
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, EXCERPT_MAX_BYTES), { stream: true });
}

/** Names a failed fetch by its system or undici error code. */
function classify(error: unknown): PostOutcome {
  const code = errorCode(error);
  if (code === 'ECONNREFUSED') return { kind: 'refused' };
  if (code !== null && DROPPED_CODES.has(code)) return { kind: 'dropped' };
  if (code !== null && NOT_FOUND_CODES.has(code)) return { kind: 'notFound' };
  if (code !== null && (TLS_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_'))) return { kind: 'tls' };
  return { kind: 'unreachable', code };
}

/** The code of fetch's cause (undici wraps it: TypeError → cause; happy-eyeballs → AggregateError). */
function errorCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if ('code' in current && typeof current.code === 'string') return current.code;
    current = current instanceof AggregateError && current.errors.length > 0 ? current.errors[0] : current.cause;
  }
  return null;
}
