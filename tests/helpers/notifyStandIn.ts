// A stand-in for GOV.UK Notify's API on loopback (node:http, port 0): POST /v2/notifications/email and
// /v2/notifications/sms as Notify documents them, with Notify's token check (HS256 JWT, iss = the
// key's service id, iat within 30 s, signed with the key's secret part), its error shape, and
// switches to refuse everything, to hang, or to trickle an answer that never ends.

import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TRICKLE_INTERVAL_MS = 50;

/** How far a token's `iat` may be from the stand-in's clock, as on Notify. */
export const NOTIFY_CLOCK_SKEW_SECONDS = 30;

/** A template the stand-in knows; its body uses ((field)) placeholders as Notify's do. */
export interface StandInTemplate {
  type: 'email' | 'sms';
  subject?: string;
  body: string;
}

/** One message the stand-in accepted. */
export interface AcceptedNotification {
  id: string;
  type: 'email' | 'sms';
  /** email_address or phone_number, as sent. */
  to: string;
  templateId: string;
  personalisation: Record<string, unknown>;
  reference: string | null;
  /** The token's claims, as checked. */
  claims: { iss: string; iat: number };
  userAgent: string | undefined;
}

/** How the following requests are answered. */
export type NotifyMode =
  | { kind: 'accept' }
  | { kind: 'refuse'; status: number; error: string; message: string }
  | { kind: 'hang' }
  /** Starts a 201 answer and never finishes it, sending a byte now and then. */
  | { kind: 'trickle' };

/** A running stand-in. */
export interface NotifyStandIn {
  /** The base URL to give the client (NOTIFY_BASE_URL). */
  url: string;
  accepted: AcceptedNotification[];
  /** Every request that reached the stand-in, accepted or not. */
  requests: number;
  /** Changes how the following requests are answered. */
  answerWith(mode: NotifyMode): void;
  close(): Promise<void>;
}

/** Notify's answer to a trial-mode or team-only key sending to someone outside the team. */
export const TEAM_ONLY: NotifyMode = { kind: 'refuse', status: 400, error: 'BadRequestError', message: 'Can’t send to this recipient using a team-only API key' };
/** Notify having a bad day. */
export const NOTIFY_DOWN: NotifyMode = { kind: 'refuse', status: 500, error: 'Exception', message: 'Internal server error' };

/** Starts a stand-in for the service whose API key is `apiKey` (`{name}-{service id}-{secret}`), knowing `templates` by id. */
export async function startNotifyStandIn(apiKey: string, templates: Record<string, StandInTemplate>): Promise<NotifyStandIn> {
  const serviceId = apiKey.slice(-73, -37);
  const secret = apiKey.slice(-36);
  const accepted: AcceptedNotification[] = [];
  let mode: NotifyMode = { kind: 'accept' };
  let requests = 0;
  let base = '';

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests += 1;
      if (mode.kind === 'hang') return;
      if (mode.kind === 'trickle') {
        res.writeHead(201, { 'content-type': 'application/json' });
        // A byte every 50 ms: the connection is never idle, so only a deadline on the whole answer ends it.
        const timer = setInterval(() => res.write(' '), TRICKLE_INTERVAL_MS);
        res.on('close', () => clearInterval(timer));
        return;
      }
      if (mode.kind === 'refuse') return answerError(res, mode.status, mode.error, mode.message);
      const type = req.method === 'POST' && req.url === '/v2/notifications/email' ? 'email' : req.method === 'POST' && req.url === '/v2/notifications/sms' ? 'sms' : null;
      if (type === null) return answerError(res, 404, 'BadRequestError', 'Not found');
      const auth = checkToken(req, serviceId, secret);
      if (!auth.ok) return answerError(res, auth.status, 'AuthError', auth.message);
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (!isRecord(parsed)) throw new Error('not an object');
        body = parsed;
      } catch {
        return answerError(res, 400, 'BadRequestError', 'Invalid JSON supplied in POST data');
      }
      const to = body[type === 'email' ? 'email_address' : 'phone_number'];
      if (typeof to !== 'string' || to === '') return answerError(res, 400, 'ValidationError', `${type === 'email' ? 'email_address' : 'phone_number'} is a required property`);
      const templateId = typeof body.template_id === 'string' ? body.template_id : '';
      const template = templates[templateId];
      if (template === undefined) return answerError(res, 400, 'BadRequestError', 'Template not found');
      if (template.type !== type) return answerError(res, 400, 'BadRequestError', `${template.type} template is not suitable for ${type} notification`);
      const personalisation = isRecord(body.personalisation) ? body.personalisation : {};
      const missing = placeholders(`${template.subject ?? ''} ${template.body}`).filter((field) => !(field in personalisation));
      if (missing.length > 0) return answerError(res, 400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
      const id = randomUUID();
      const reference = typeof body.reference === 'string' ? body.reference : null;
      accepted.push({ id, type, to, templateId, personalisation, reference, claims: auth.claims, userAgent: req.headers['user-agent'] });
      const content =
        type === 'email'
          ? { subject: fill(template.subject ?? '', personalisation), body: fill(template.body, personalisation), from_email: 'lifelong.links@notifications.service.gov.uk' }
          : { body: fill(template.body, personalisation), from_number: 'GOVUK' };
      answerJson(res, 201, {
        id,
        reference,
        content,
        uri: `${base}/v2/notifications/${id}`,
        template: { id: templateId, version: 1, uri: `${base}/services/${serviceId}/templates/${templateId}` },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    accepted,
    get requests() {
      return requests;
    },
    answerWith(next) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type TokenCheck = { ok: true; claims: { iss: string; iat: number } } | { ok: false; status: number; message: string };

/** Notify's check of `Authorization: Bearer <JWT>`, with the signature verified here rather than by a JWT library. */
function checkToken(req: IncomingMessage, serviceId: string, secret: string): TokenCheck {
  const header = req.headers.authorization;
  if (header === undefined || !header.startsWith('Bearer ')) return { ok: false, status: 401, message: 'Unauthorized: authentication token must be provided' };
  const parts = header.slice('Bearer '.length).split('.');
  const [head, payload, signature] = parts;
  if (parts.length !== 3 || head === undefined || payload === undefined || signature === undefined) return { ok: false, status: 403, message: 'Invalid token: signature, api token not found' };
  const headerJson = decodeJson(head);
  if (headerJson === null || headerJson.alg !== 'HS256' || headerJson.typ !== 'JWT') return { ok: false, status: 403, message: 'Invalid token: algorithm used is not HS256' };
  const claims = decodeJson(payload);
  if (claims === null || typeof claims.iss !== 'string') return { ok: false, status: 403, message: 'Invalid token: iss field not provided' };
  if (claims.iss !== serviceId) return { ok: false, status: 403, message: 'Invalid token: service not found' };
  if (typeof claims.iat !== 'number') return { ok: false, status: 403, message: 'Invalid token: iat field not provided' };
  if (Math.abs(Date.now() / 1000 - claims.iat) > NOTIFY_CLOCK_SKEW_SECONDS) return { ok: false, status: 403, message: 'Error: Your system clock must be accurate to within 30 seconds' };
  const expected = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 403, message: 'Invalid token: API key not found' };
  return { ok: true, claims: { iss: claims.iss, iat: claims.iat } };
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The ((field)) names a template uses. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\(\(([^()]+)\)\)/g)].map((m) => m[1] ?? '');
}

function fill(text: string, personalisation: Record<string, unknown>): string {
  return text.replace(/\(\(([^()]+)\)\)/g, (_m, field: string) => String(personalisation[field] ?? ''));
}

function answerError(res: ServerResponse, status: number, error: string, message: string): void {
  answerJson(res, status, { status_code: status, errors: [{ error, message }] });
}

function answerJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
