// Parse, don't cast: every JSON body goes through a zod schema before a handler sees it.

import type { Context, Env, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { fail } from './errors.ts';
import { isPlainText } from '../../shared/board-fields.ts';

/** Largest JSON body any endpoint accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads the request body as JSON and validates it; answers 415/400 with a readable sentence. */
export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  // `\b` would also let application/json-seq and the like through; only JSON, with parameters or not.
  if (!/^application\/json\s*(;|$)/i.test(type)) fail(415, 'Send the request body as JSON (Content-Type: application/json).');
  const text = await c.req.text();
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) fail(413, 'The request body is too large.');
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    // reason: the parser's own message names positions, not what the person should do
    fail(400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) fail(400, describeIssues(parsed.error));
  return parsed.data;
}

/**
 * Declares a route's JSON body (the schema's input) for the typed client (`hc`), reading nothing:
 * the handler still parses it with parseBody after its sign-in and access checks, so a stranger is
 * told 401 or 404 before anything about the body's shape (a validator middleware would answer 400 first).
 */
export function jsonBody<S extends z.ZodType>(_schema: S): MiddlewareHandler<Env, string, { in: { json: z.input<S> } }> {
  return (_c, next) => next();
}

/** One readable sentence for a zod error: "title: Too big: expected string to have <=200 characters". */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
  return `The request was not accepted. ${first.join('; ')}.`;
}


/** A trimmed, non-empty, one-line string of at most `max` characters. */
export const text = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    // The same test the board's rules apply to names (shared/board-fields.ts): no control characters
    // or lone surrogates, and no invisible or direction-changing characters that disguise a name.
    .refine(isPlainText, 'must be plain text on one line, without control or hidden characters');
