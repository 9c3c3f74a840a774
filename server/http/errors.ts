// Turning failures into `{error}` JSON answers: one place for status codes and readable sentences.

import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { StoreError, StoreErrorKind } from '../store/types.ts';

/** Throws an HTTPException whose message is the readable sentence sent as `{error}`. */
export function fail(status: ContentfulStatusCode, sentence: string, extra?: Record<string, unknown>): never {
  throw new HTTPException(status, {
    message: sentence,
    res: extra ? Response.json({ error: sentence, ...extra }, { status }) : undefined,
  });
}

/** How each kind of store refusal or failure is answered when a route lets it through. */
export const STORE_ERROR_ANSWERS: Readonly<Record<StoreErrorKind, { status: ContentfulStatusCode; sentence: string }>> = {
  conflict: { status: 409, sentence: 'Someone else made this at the same moment. Nothing was changed; please try again.' },
  notFound: { status: 404, sentence: 'This conference no longer exists.' },
  locked: { status: 409, sentence: 'The plan has been agreed and locked. Nothing was changed.' },
  seqConflict: { status: 503, sentence: 'The board was busy. Nothing was saved; please try again.' },
  clientIdTaken: { status: 409, sentence: 'This change was refused. Reload the page and try again.' },
  unavailable: { status: 503, sentence: 'The database cannot be reached just now. Nothing was saved; please try again in a minute.' },
};

/** The `{error}` answer for a store error, and its status. */
export function storeErrorAnswer(error: StoreError): { status: ContentfulStatusCode; body: { error: string } } {
  const answer = STORE_ERROR_ANSWERS[error.kind];
  return { status: answer.status, body: { error: answer.sentence } };
}
