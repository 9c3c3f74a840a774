// Editing an offer in its card: the text is typed together live; the details save as they change.
import { useEffect, useMemo, useRef, useState } from 'react';
import { boardRoots, clearApproval, editOffer, getOfferText, moveOffer, setOfferObjectives, type Board, type Offer } from '../../shared/board.ts';
import { maySayYes } from '../../shared/rules.ts';
import { readPosition } from '../../shared/board-read.ts';
import type * as Y from 'yjs';
import type { OfferId } from '../../shared/ids.ts';
import { objectiveId, personId } from '../../shared/ids.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardEnv } from './BoardContext.tsx';
import { messageOf } from '../errors.ts';
import { CollabTextarea } from './CollabTextarea.tsx';
import { OfferFields, type OfferDetails } from './OfferFields.tsx';

/**
 * If the young person said yes to this offer while someone else had it open, their change takes it
 * back to "Suggested" in the same transaction (only the young person and the coordinator change an
 * agreed offer; the server refuses anyone else's change that would leave it there).
 */
function backToSuggested(doc: Y.Doc, id: OfferId): void {
  // Read from the entry itself: this runs on every keystroke.
  if (readPosition(boardRoots(doc).offers.get(id))?.column === 'agreed') {
    moveOffer(doc, id, { column: 'suggested', beforeId: null });
  }
}

/** "Sam’s" or "the": whose approval an edit takes away. */
function approverOf(name: string | null): string {
  return name ? `${name}’s` : 'the';
}

function detailsOf(offer: Offer): OfferDetails {
  return {
    personId: offer.personId,
    kind: offer.kind,
    frequency: offer.frequency,
    startsOn: offer.startsOn,
    supervision: offer.supervision,
    objectiveIds: [...offer.objectiveIds],
  };
}

/** The edit panel inside an offer card; "Done" saves what is still unsaved and closes. */
export function OfferEditor({ board, offer, onDone }: { board: Board; offer: Offer; onDone: () => void }) {
  const { doc, nameOf, rules } = useBoardEnv();
  const sayer = maySayYes(rules);
  const ytext = useMemo(() => getOfferText(doc, offer.id), [doc, offer.id]);
  // Text fields are kept here while typed and written on blur, so each keystroke is not a separate write.
  const [draft, setDraft] = useState<OfferDetails>(() => detailsOf(offer));
  const draftRef = useRef(draft);
  // The fields this person changed and has not saved yet: only these are written, so a field someone
  // else changed meanwhile is never put back to what this editor showed when it opened.
  const dirty = useRef(new Set<keyof OfferDetails>());
  const [error, setError] = useState('');

  // Others' changes show in the fields this person is not changing.
  useEffect(() => {
    const fresh = detailsOf(offer);
    const next: OfferDetails = { ...draftRef.current };
    let changed = false;
    for (const key of Object.keys(fresh) as Array<keyof OfferDetails>) {
      if (dirty.current.has(key) || JSON.stringify(next[key]) === JSON.stringify(fresh[key])) continue;
      (next as unknown as Record<string, unknown>)[key] = fresh[key];
      changed = true;
    }
    if (changed) {
      draftRef.current = next;
      setDraft(next);
    }
  }, [offer]);

  const save = (next: OfferDetails) => {
    const touched = dirty.current;
    try {
      const patch: Parameters<typeof editOffer>[2] = {};
      if (touched.has('personId') && next.personId !== offer.personId && next.personId) patch.personId = personId(next.personId);
      if (touched.has('kind') && next.kind !== '' && next.kind !== offer.kind) patch.kind = next.kind;
      if (touched.has('frequency') && next.frequency !== offer.frequency) patch.frequency = next.frequency;
      if (touched.has('startsOn') && next.startsOn !== offer.startsOn) patch.startsOn = next.startsOn;
      if (touched.has('supervision') && next.supervision !== offer.supervision) patch.supervision = next.supervision;
      if (Object.keys(patch).length > 0) {
        doc.transact(() => {
          if (!sayer) backToSuggested(doc, offer.id);
          editOffer(doc, offer.id, patch);
        });
      }
      const linked = [...next.objectiveIds].sort().join();
      if (touched.has('objectiveIds') && linked !== [...offer.objectiveIds].sort().join()) setOfferObjectives(doc, offer.id, next.objectiveIds.map(objectiveId));
      dirty.current = new Set();
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const change = (patch: Partial<OfferDetails>) => {
    for (const key of Object.keys(patch) as Array<keyof OfferDetails>) dirty.current.add(key);
    const next = { ...draftRef.current, ...patch };
    draftRef.current = next;
    setDraft(next);
    // Choices save at once; typed fields wait for blur or "Done".
    if (!('frequency' in patch) && !('startsOn' in patch)) save(next);
  };

  return (
    <div className="edit-panel">
      {ytext ? (
        <CollabTextarea
          ytext={ytext}
          label="What is offered"
          hint={
            offer.approvedBy
              ? `Others see your typing as you go. Changing what it says takes away ${approverOf(nameOf(offer.approvedBy))} approval: it will need approving again.`
              : 'Others see your typing as you go.'
          }
          alsoOnEdit={() => {
            clearApproval(doc, offer.id);
            if (!sayer) backToSuggested(doc, offer.id);
          }}
        />
      ) : (
        <p>This offer’s words cannot be edited.</p>
      )}
      <OfferFields board={board} value={draft} onChange={change} onCommit={() => save(draftRef.current)} />
      <ErrorMessage>{error}</ErrorMessage>
      <button
        type="button"
        className="button button-primary"
        onClick={() => {
          save(draftRef.current);
          onDone();
        }}
      >
        Done
      </button>
    </div>
  );
}
