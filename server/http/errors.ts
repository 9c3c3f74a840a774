// Turning failures into `{error}` JSON answers: one place for status codes and readable sentences.

import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Throws an HTTPException whose message is the readable sentence sent as `{error}`. */
export function fail(status: ContentfulStatusCode, sentence: string, extra?: Record<string, unknown>): never {
  throw new HTTPException(status, {
    message: sentence,
    res: extra ? Response.json({ error: sentence, ...extra }, { status }) : undefined,
  });
}
