// Standard Webhooks signing (standardwebhooks.com, via its reference library): the secret's form,
// and the three headers that let the care-record receiver check who sent a body and when.

import { Webhook } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';
/** The spec asks for keys of 24 to 64 bytes. */
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The headers of one signed attempt. */
export interface WebhookHeaders {
  'webhook-id': string;
  /** Unix time in seconds. */
  'webhook-timestamp': string;
  /** `v1,<base64 of HMAC-SHA256(key, "id.timestamp.body")>`. */
  'webhook-signature': string;
}

/** Signs `body` as message `id` sent at `atMs` (a new timestamp, and so signature, per attempt). */
export type Signer = (id: string, body: string, atMs: number) => WebhookHeaders;

/**
 * The HMAC key of a secret given as `whsec_<base64>` (the spec's form) or plain base64. Throws an
 * Error whose message says what is wrong without repeating the secret.
 */
export function parseWebhookSecret(value: string): Uint8Array {
  const encoded = value.startsWith(SECRET_PREFIX) ? value.slice(SECRET_PREFIX.length) : value;
  if (encoded === '' || !BASE64.test(encoded)) {
    throw new Error('must be whsec_ followed by base64 (or the base64 alone), as Standard Webhooks gives it');
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length < SECRET_MIN_BYTES || key.length > SECRET_MAX_BYTES) {
    throw new Error(`the key must be ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} bytes (Standard Webhooks); this one is ${key.length}`);
  }
  return new Uint8Array(key);
}

/** A signer for one secret (parsed once; throws as parseWebhookSecret does). */
export function webhookSigner(secret: string): Signer {
  // 'raw' hands the library the key bytes we decoded and checked, instead of decoding it again.
  const webhook = new Webhook(parseWebhookSecret(secret), { format: 'raw' });
  return (id, body, atMs) => {
    const seconds = Math.floor(atMs / 1000);
    return {
      'webhook-id': id,
      'webhook-timestamp': String(seconds),
      'webhook-signature': webhook.sign(id, new Date(seconds * 1000), body),
    };
  };
}
