// No silent overwrites: "How often" and "From when" are single values, so when two people write one
// at the same moment Yjs keeps one and drops the other. Both boards notice (the one whose words were
// dropped, and the one whose words were kept) and say so, with the other person's words, so
// nobody's words vanish unseen. A later write by someone who had seen yours is not a clash.
import { useCallback, useEffect, useState } from 'react';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { boardRoots, OFFER_KEYS } from '../../shared/board.ts';

/** The fields whose clashes are told. */
export const CLASH_FIELDS = [OFFER_KEYS.frequency, OFFER_KEYS.startsOn] as const;
export type ClashField = (typeof CLASH_FIELDS)[number];

/** Two writes of one field at once, as seen from this board. */
export interface Clash {
  offerId: string;
  field: ClashField;
  /** Whose words the board kept: this person's (`mine`) or the other's. */
  kept: 'mine' | 'theirs';
  mine: string;
  theirs: string;
  /** The other writer's Yjs client id (their name is looked up in presence). */
  otherClient: number;
}

const valueOf = (item: Y.Item): string => {
  const content: unknown = item.content.getContent()[0];
  return typeof content === 'string' ? content : '';
};

/** Did `later` write its value without having seen `earlier` (its left origin is not earlier)? */
function concurrent(later: Y.Item, earlier: Y.Item): boolean {
  const origin = later.origin;
  return !(origin !== null && origin.client === earlier.id.client && origin.clock === earlier.id.clock + earlier.length - 1);
}

/** The clashes a remote transaction brought to `doc` (whose own client id is `doc.clientID`). */
export function clashesIn(transaction: Y.Transaction, doc: Y.Doc): Clash[] {
  if (transaction.local) return [];
  const offers = boardRoots(doc).offers;
  const me = doc.clientID;
  const found: Clash[] = [];
  Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || struct.parentSub === null || !(CLASH_FIELDS as readonly string[]).includes(struct.parentSub)) return;
    const entry = struct.parent;
    if (!(entry instanceof Y.Map) || entry.parent !== offers || entry._item === null) return;
    const current = entry._map.get(struct.parentSub);
    if (current === undefined || current.deleted) return;
    const offerId = entry._item.parentSub;
    if (offerId === null) return;
    const field = struct.parentSub as ClashField;
    const isNew = struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0);
    if (struct.id.client === me && current.id.client !== me && concurrent(current, struct)) {
      // Mine was dropped for theirs, which was written without seeing mine.
      if (valueOf(struct) !== valueOf(current)) found.push({ offerId, field, kept: 'theirs', mine: valueOf(struct), theirs: valueOf(current), otherClient: current.id.client });
    } else if (isNew && struct.id.client !== me && current.id.client === me && concurrent(struct, current)) {
      // Theirs arrived and lost to mine at once.
      if (valueOf(struct) !== valueOf(current)) found.push({ offerId, field, kept: 'mine', mine: valueOf(current), theirs: valueOf(struct), otherClient: struct.id.client });
    }
  });
  return found;
}

/** A name for a Yjs client id from presence (everyone's browser announces itself with its doc's client id). */
export function nameOfClient(awareness: Awareness | null, client: number): string {
  const user = awareness?.getStates().get(client)?.user as { name?: unknown } | undefined;
  return typeof user?.name === 'string' ? user.name : 'Someone';
}

/** The clashes this board has seen and not yet dismissed, by offer. */
export function useClashes(doc: Y.Doc): { clashes: readonly Clash[]; dismiss: (offerId: string, field: ClashField) => void } {
  const [clashes, setClashes] = useState<readonly Clash[]>([]);
  useEffect(() => {
    const onAfter = (transaction: Y.Transaction) => {
      const found = clashesIn(transaction, doc);
      if (found.length === 0) return;
      setClashes((previous) => [...previous.filter((c) => !found.some((f) => f.offerId === c.offerId && f.field === c.field)), ...found]);
    };
    doc.on('afterTransaction', onAfter);
    return () => doc.off('afterTransaction', onAfter);
  }, [doc]);
  const dismiss = useCallback((offerId: string, field: ClashField) => setClashes((previous) => previous.filter((c) => !(c.offerId === offerId && c.field === field))), []);
  return { clashes, dismiss };
}
