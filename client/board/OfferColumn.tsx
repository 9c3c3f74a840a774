// One offer column (Suggested / Agreed / Not now): a droppable, sortable list named after the column.
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { COLUMN_LABELS, type Board, type Column, type Offer } from '../../shared/board.ts';
import { plural } from '../format.ts';
import { columnDroppableId } from './dragModel.ts';
import type { MoveChoice } from './MoveMenu.tsx';
import { OfferCard } from './OfferCard.tsx';
import { RovingList } from './roving.tsx';

const COLUMN_ICONS: Readonly<Record<Column, string>> = { suggested: '✎', agreed: '✓', notNow: '⋯' };
const COLUMN_HINTS: Readonly<Record<Column, string>> = {
  suggested: 'Ideas people have offered.',
  agreed: 'Everyone is happy with these.',
  notNow: 'Kept for later, or not possible yet.',
};

interface OfferColumnProps {
  board: Board;
  column: Column;
  ids: readonly string[];
  editingId: string | null;
  onEditingChange: (id: string, on: boolean) => void;
  onMove: (offer: Offer, choice: MoveChoice) => void;
  onRemove: (offer: Offer) => void;
  /** On a phone, the column is a tab's panel, shown only while its tab is chosen. */
  tab?: { shown: boolean } | null;
}

/** A column of offer cards; the whole column is a drop target, also when it is empty. */
export function OfferColumn({ board, column, ids, editingId, onEditingChange, onMove, onRemove, tab = null }: OfferColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDroppableId(column), data: { type: 'column' } });
  const offers = ids.flatMap((id) => board.offers.find((offer) => offer.id === id) ?? []);
  const headingId = `offers-${column}-heading`;

  return (
    <section
      className={`offer-column offer-column-${column}${tab && !tab.shown ? ' offer-column-tab-hidden' : ''}`}
      aria-labelledby={headingId}
      {...(tab ? { id: `offers-panel-${column}`, role: 'tabpanel' } : {})}
    >
      <h3 id={headingId} className="column-title">
        <span aria-hidden="true" className="column-icon">
          {COLUMN_ICONS[column]}
        </span>
        {COLUMN_LABELS[column]}
        <span className="column-count"> ({plural(offers.length, 'offer')})</span>
      </h3>
      <p className="column-hint">{COLUMN_HINTS[column]}</p>
      <div ref={setNodeRef} className={isOver ? 'drop-area is-over' : 'drop-area'}>
        <SortableContext id={column} items={offers.map((offer) => offer.id)} strategy={verticalListSortingStrategy}>
          <RovingList className="offer-list" aria-label={COLUMN_LABELS[column]}>
            {offers.map((offer, index) => (
              <OfferCard
                key={offer.id}
                board={board}
                offer={offer}
                isFirst={index === 0}
                isLast={index === offers.length - 1}
                editing={editingId === offer.id}
                onEditingChange={(on) => onEditingChange(offer.id, on)}
                onMove={(choice) => onMove(offer, choice)}
                onRemove={() => onRemove(offer)}
              />
            ))}
          </RovingList>
        </SortableContext>
        {offers.length === 0 && <p className="empty">No offers here yet.</p>}
      </div>
    </section>
  );
}
