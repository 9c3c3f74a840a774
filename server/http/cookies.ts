// The session cookie: its name and flags, set and cleared on an answer, read from a request or from
// a WebSocket upgrade's Cookie header. Only the random secret travels; the store keeps its hash.

import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { parse as parseCookieHeader } from 'hono/utils/cookie';
import type { Config } from '../config.ts';

/** The cookie's name. */
export const SESSION_COOKIE = 'llb_session';

/** True when cookies must carry `Secure` (the public URL is https). */
export function secureCookies(config: Pick<Config, 'publicUrl'>): boolean {
  return config.publicUrl.startsWith('https://');
}

/** Sets the session cookie (HttpOnly, SameSite=Lax, Secure over https) for `lifetimeMs`. */
export function setSessionCookie(c: Context, secret: string, config: Pick<Config, 'publicUrl'>, lifetimeMs: number): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secureCookies(config),
    path: '/',
    maxAge: Math.floor(lifetimeMs / 1000),
  });
}

/** Clears the session cookie on the answer. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The session secret a request carries, unchecked (undefined when there is none). */
export function sessionSecret(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** The session secret in a raw Cookie header (a WebSocket upgrade), unchecked. */
export function sessionSecretFromHeader(header: string): string | undefined {
  return parseCookieHeader(header, SESSION_COOKIE)[SESSION_COOKIE];
}
