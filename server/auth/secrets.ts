// Random secrets (session ids, invite tokens, setup tokens) and the hash the store keeps of them.

import { createHash, randomBytes } from 'node:crypto';

/** A fresh 256-bit secret, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of a high-entropy secret, hex. Secrets are stored only in this form. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True when `value` has the shape newSecret() produces (checked before any lookup). */
export function isSecretShaped(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
