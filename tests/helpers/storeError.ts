// What a store's refusal looks like, for `rejects.toMatchObject(storeError('locked'))`.

import type { StoreErrorKind } from '../../server/store/types.ts';

/** Matches a StoreError of this kind (and these facts, when given). */
export function storeError(kind: StoreErrorKind, facts: { expected?: number; actual?: number; clientId?: number } = {}): object {
  return { name: 'StoreError', kind, ...facts };
}
