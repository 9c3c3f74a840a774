// "Removed": what was taken off the board, newest first, with who removed it and when. Anyone who
// may change the board puts things back; the coordinator can empty the list for good.
import { emptyRemoved, OFFER_KIND_LABELS, putBack, relationshipWords, removedId, YOUNG_PERSON, type Board, type RemovedEntry } from '../../shared/board.ts';
import { formatDateTime } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardAction, useBoardEnv } from './BoardContext.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { RovingList } from './roving.tsx';
import { DELETED_FOR_GOOD } from './undo.ts';

/** What a removed entry was, in a few words. */
export function removedWords(entry: RemovedEntry, board: Board): string {
  switch (entry.kind) {
    case 'offer': {
      const removedPeople = board.removed.flatMap((r) => (r.kind === 'person' ? [r.person] : []));
      const from = [...board.people, ...removedPeople].find((p) => p.id === entry.offer.personId)?.displayName;
      const text = entry.offer.text.trim() || OFFER_KIND_LABELS[entry.offer.kind];
      return `Offer: “${text.length > 80 ? `${text.slice(0, 79)}…` : text}”${from ? `, from ${from}` : ''}`;
    }
    case 'objective':
      return `Wish: “${entry.objective.text.length > 80 ? `${entry.objective.text.slice(0, 79)}…` : entry.objective.text}”`;
    case 'person':
      return `Person: ${entry.person.displayName}`;
    case 'relationship': {
      const people = new Map(board.people.map((person) => [person.id as string, person.displayName]));
      const name = (end: string) => (end === YOUNG_PERSON ? board.meta.youngPersonName : (people.get(end) ?? 'someone'));
      return `Relationship: ${relationshipWords(entry.relationship, name)}`;
    }
    default:
      return entry satisfies never;
  }
}

export function RemovedSection({ board }: { board: Board }) {
  const { doc, canEdit, actor, nameOf, announce } = useBoardEnv();
  const { error, run } = useBoardAction();
  if (board.removed.length === 0) return null;
  return (
    <section className="board-section removed-section no-print" aria-labelledby="removed-heading">
      <details>
        <summary>
          <h2 id="removed-heading" className="removed-title">
            Removed ({board.removed.length})
          </h2>
        </summary>
        <p className="section-intro">Things taken off the board. They are not in the plan unless someone puts them back.</p>
        <ErrorMessage>{error}</ErrorMessage>
        <RovingList className="item-list">
          {board.removed.map((entry) => {
            const words = removedWords(entry, board);
            return (
              <li key={`${entry.kind}:${removedId(entry)}`} className="item">
                <p className="item-text">{words}</p>
                <p className="item-meta">
                  Removed by <bdi>{nameOf(entry.removal.by) ?? 'someone'}</bdi>, {formatDateTime(entry.removal.at)}
                </p>
                {canEdit && (
                  <button
                    type="button"
                    className="button"
                    aria-label={`Put back: ${words}`}
                    onClick={() =>
                      run(() => {
                        putBack(doc, entry.kind, removedId(entry));
                        announce(`Put back on the board: ${words}`);
                      })
                    }
                  >
                    Put back
                  </button>
                )}
              </li>
            );
          })}
        </RovingList>
        {canEdit && actor === 'coordinator' && (
          <ConfirmButton
            label="Empty Removed"
            question="Delete everything in Removed for good? Nobody can put it back after this."
            confirmLabel="Yes, delete for good"
            onConfirm={() =>
              run(() => {
                const count = emptyRemoved(doc, DELETED_FOR_GOOD);
                announce(`Deleted ${count} removed ${count === 1 ? 'thing' : 'things'} for good.`);
              })
            }
          />
        )}
      </details>
    </section>
  );
}

/** Told to whoever was changing something when someone else removed it: their words are kept. */
export function RemovedWhileEditing({ board, kind, editingId, onDone }: { board: Board; kind: RemovedEntry['kind']; editingId: string | null; onDone: () => void }) {
  const { doc, myId, nameOf, canEdit } = useBoardEnv();
  const { error, run } = useBoardAction();
  const entry = editingId === null ? undefined : board.removed.find((r) => r.kind === kind && removedId(r) === editingId);
  if (entry === undefined || entry.removal.by === myId) return null;
  const what = kind === 'offer' ? 'the offer' : kind === 'objective' ? 'the wish' : 'the person';
  return (
    <div className="notice" role="alert">
      <p>
        {nameOf(entry.removal.by) ?? 'Someone'} removed {what} you were changing. Your words are kept in Removed.
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="button-row">
        {canEdit && (
          <button type="button" className="button" onClick={() => run(() => putBack(doc, kind, removedId(entry)))}>
            Put it back
          </button>
        )}
        <button type="button" className="button button-quiet" onClick={onDone}>
          Leave it removed
        </button>
      </div>
    </div>
  );
}
