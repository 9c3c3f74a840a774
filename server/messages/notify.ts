// Sending through GOV.UK Notify with its official client, and what each of Notify's answers means.
// The client signs each request itself (a JWT: iss = the key's service id, iat = now, HS256 with the
// key's secret part) and posts with axios; its post() takes no per-request options, so the deadline
// lives on the axios instance handed to setClient().

import axios, { isAxiosError } from 'axios';
import { NotifyClient } from 'notifications-node-client';
import type { MessagesConfig } from '../config.ts';
import type { Attempt, Channel, Failure } from './types.ts';

/** The personalisation every template gets: its fields must be ((name)), ((young_person)) and ((link)). */
export interface NotifyPersonalisation {
  name: string;
  young_person: string;
  link: string;
}

/** Sends one message through a Notify template; never throws. */
export type NotifySend = (channel: Channel, to: string, personalisation: NotifyPersonalisation) => Promise<Attempt>;

/** Codes for giving up on a connection that never worked: nothing reached Notify. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A sender for the templates that are set; a channel without one is the caller's to refuse. */
export function notifySender(notify: NonNullable<MessagesConfig['notify']>, timeoutMs: number): NotifySend {
  // maxRedirects 0: the token and the personal data go to the configured host only.
  const http = axios.create({ maxRedirects: 0, timeout: timeoutMs });
  // A fresh signal per request: axios's own `timeout` stops counting once the answer's headers have
  // arrived, and an answer that trickles in must not hold the caller past the deadline either.
  http.interceptors.request.use((config) => {
    config.signal = AbortSignal.timeout(timeoutMs);
    return config;
  });
  const client = new NotifyClient(notify.baseUrl, notify.apiKey);
  client.setClient(http);
  return async (channel, to, personalisation) => {
    const templateId = channel === 'email' ? notify.emailTemplateId : notify.smsTemplateId;
    if (templateId === null) return { ok: false, failure: 'notSetUp', status: null, code: null };
    try {
      const response =
        channel === 'email'
          ? await client.sendEmail(templateId, to, { personalisation })
          : await client.sendSms(templateId, to, { personalisation });
      return { ok: true, status: response.status };
    } catch (error) {
      return notifyFailure(error);
    }
  };
}

/** Names a failed request by Notify's answer or, when there was none, by axios's error code. */
function notifyFailure(error: unknown): Attempt {
  if (!isAxiosError(error)) return { ok: false, failure: 'failed', status: null, code: null };
  const status = error.response?.status ?? null;
  const code = error.code ?? null;
  if (status !== null) return { ok: false, failure: failureForStatus(status, notifyMessages(error.response?.data)), status, code: null };
  // ERR_CANCELED is the interceptor's deadline: nothing else aborts these requests.
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') return { ok: false, failure: 'timeout', status, code };
  if (code !== null && (UNREACHABLE_CODES.has(code) || code.startsWith('ERR_TLS') || code.includes('CERT'))) {
    return { ok: false, failure: 'unreachable', status, code };
  }
  return { ok: false, failure: 'failed', status, code };
}

/**
 * What Notify's status and error messages mean (docs.notifications.service.gov.uk, "Error codes"):
 * 400 for a bad recipient, template or a trial-mode/team-only key, 403 for a bad key or token, 429
 * for rate and daily limits, 500 for Notify's own problems.
 */
function failureForStatus(status: number, messages: string): Failure {
  if (status === 400) {
    if (/team-only API key|trial mode/i.test(messages)) return 'notAllowed';
    if (/template|personalisation/i.test(messages)) return 'badTemplate';
    if (/email_address|phone_number|recipient|mobile number|international number/i.test(messages)) return 'recipientRefused';
    return 'refused';
  }
  if (status === 401 || status === 403) return 'badCredentials';
  if (status === 429) return 'tooMany';
  if (status >= 500) return 'serviceFailed';
  return 'refused';
}

/** The messages in Notify's `{status_code, errors: [{error, message}]}`, joined; '' for any other body. */
function notifyMessages(body: unknown): string {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return '';
  const errors: unknown[] = body.errors;
  return errors
    .map((entry) => (typeof entry === 'object' && entry !== null && 'message' in entry && typeof entry.message === 'string' ? entry.message : ''))
    .join('\n');
}
