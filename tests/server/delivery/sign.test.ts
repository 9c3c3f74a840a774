// Standard Webhooks signing, checked by the reference library and by recomputing the HMAC by hand.

import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { parseWebhookSecret, webhookSigner } from '../../../server/delivery/sign.ts';

const KEY = randomBytes(32);
const SECRET = `whsec_${KEY.toString('base64')}`;
const BODY = '{"plan":{"wishes":["Saturdays with Nan — and Ça va?"]}}';

describe('webhook signing', () => {
  it('signs so that the reference library accepts the body, id and timestamp', () => {
    const now = Date.now();
    const headers = webhookSigner(SECRET)('msg_0123456789abcdef', BODY, now);
    expect(headers['webhook-id']).toBe('msg_0123456789abcdef');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(new Webhook(SECRET).verify(BODY, { ...headers })).toEqual(JSON.parse(BODY));
  });

  it('signs HMAC-SHA256 over "id.timestamp.body" with the decoded key, as v1 base64', () => {
    const headers = webhookSigner(SECRET)('msg_abc0123456789abc', BODY, 1_700_000_000_999);
    const expected = createHmac('sha256', KEY).update(`msg_abc0123456789abc.1700000000.${BODY}`, 'utf8').digest('base64');
    expect(headers['webhook-timestamp']).toBe('1700000000');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('accepts the secret as plain base64 too, with the same signatures', () => {
    const at = Date.now();
    expect(webhookSigner(KEY.toString('base64'))('msg_0123456789abcdef', BODY, at)).toEqual(webhookSigner(SECRET)('msg_0123456789abcdef', BODY, at));
  });

  it('gives each attempt its own timestamp and signature under the same id', () => {
    const sign = webhookSigner(SECRET);
    const first = sign('msg_0123456789abcdef', BODY, 1_700_000_000_000);
    const second = sign('msg_0123456789abcdef', BODY, 1_700_000_002_000);
    expect(second['webhook-id']).toBe(first['webhook-id']);
    expect(second['webhook-timestamp']).not.toBe(first['webhook-timestamp']);
    expect(second['webhook-signature']).not.toBe(first['webhook-signature']);
  });

  it('fails verification when the body, the id or the key differ', () => {
    const headers = webhookSigner(SECRET)('msg_0123456789abcdef', BODY, Date.now());
    expect(() => new Webhook(SECRET).verify(`${BODY} `, { ...headers })).toThrow();
    expect(() => new Webhook(SECRET).verify(BODY, { ...headers, 'webhook-id': 'msg_other0123456789' })).toThrow();
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(BODY, { ...headers })).toThrow();
  });

  it('refuses a secret that is not base64 or not 24 to 64 bytes, without repeating it', () => {
    const bad = ['whsec_', 'whsec_not base64!', 'whsec_' + randomBytes(16).toString('base64'), randomBytes(65).toString('base64'), 'whsec_abc'];
    for (const secret of bad) {
      let message = '';
      try {
        parseWebhookSecret(secret);
      } catch (error) {
        message = error instanceof Error ? error.message : '';
      }
      expect(message, secret).not.toBe('');
      expect(message).not.toContain(secret.replace(/^whsec_/, '') || '\u0000');
    }
    expect(parseWebhookSecret(SECRET)).toEqual(new Uint8Array(KEY));
  });
});
