// "Offers of support": three columns of offer cards, moved by mouse, touch, keyboard or the "Move to…" menu.
// While dragging, the columns are a local preview; the document is written once, on drop (moveOffer).
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  closestCenter,
  DndContext,
  DragOverlay,
  getFirstCollision,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { COLUMN_LABELS, COLUMNS, moveOffer, moveOfferBy, removeToList, type Board, type Column, type Offer } from '../../shared/board.ts';
import { offerId } from '../../shared/ids.ts';
import { ErrorMessage } from '../Page.tsx';
import { AddDisclosure } from './AddDisclosure.tsx';
import { RemovedWhileEditing } from './RemovedSection.tsx';
import { ColumnTabs } from './ColumnTabs.tsx';
import { useMediaQuery } from '../useMediaQuery.ts';

/** Below this width the columns would stack; a phone shows them as tabs instead. */
const NARROW = '(max-width: 759.98px)';
import { offerAnnouncements, SCREEN_READER_INSTRUCTIONS } from './announcements.ts';
import { useBoardEnv } from './BoardContext.tsx';
import { messageOf } from '../errors.ts';
import { columnOfDroppable, dropOf, isNoMove, lanesOf, moveAcross, type Lanes } from './dragModel.ts';
import { columnsCoordinateGetter } from './keyboardCoordinates.ts';
import type { MoveChoice } from './MoveMenu.tsx';
import { OfferColumn } from './OfferColumn.tsx';
import { OfferForm } from './OfferForm.tsx';
import { offerTitle } from './offerTitle.ts';

/** Pixels a mouse must move before a drag starts (a click stays a click). */
const MOUSE_DRAG_DISTANCE_PX = 6;
/** A finger must rest this long on the handle before dragging, so swiping still scrolls the page. */
const TOUCH_DRAG_DELAY_MS = 200;
const TOUCH_DRAG_TOLERANCE_PX = 8;

/** The "Offers of support" section. */
export function OffersSection({ board }: { board: Board }) {
  const { doc, canEdit, announce, myId } = useBoardEnv();
  const current = useMemo(() => lanesOf(board), [board]);
  const [preview, setPreview] = useState<Lanes | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [error, setError] = useState('');
  // A phone shows one column at a time, chosen with tabs (the same width the columns stack below).
  const narrow = useMediaQuery(NARROW);
  const [shownColumn, setShownColumn] = useState<Column>('suggested');
  const lanesRef = useRef<Lanes>(current);
  const startRef = useRef<Lanes>(current);
  const boardRef = useRef(board);
  const target = useRef<UniqueIdentifier | null>(null);
  const keyboard = useRef(false);
  const lastOver = useRef<UniqueIdentifier | null>(null);

  useLayoutEffect(() => {
    boardRef.current = board;
    if (!preview) lanesRef.current = current;
  }, [board, current, preview]);

  const showPreview = (lanes: Lanes | null) => {
    lanesRef.current = lanes ?? lanesOf(boardRef.current);
    setPreview(lanes);
  };

  const titleOf = useCallback((id: string) => {
    const offer = boardRef.current.offers.find((candidate) => candidate.id === id);
    return offer ? offerTitle(boardRef.current, offer) : 'this offer';
  }, []);

  const coordinateGetter = useMemo(
    () => columnsCoordinateGetter({ lanes: () => lanesRef.current, target, blocked: announce }),
    [announce],
  );
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: MOUSE_DRAG_DISTANCE_PX } }),
    useSensor(TouchSensor, { activationConstraint: { delay: TOUCH_DRAG_DELAY_MS, tolerance: TOUCH_DRAG_TOLERANCE_PX } }),
    useSensor(KeyboardSensor, { coordinateGetter }),
  );

  // Keyboard drags go where the arrow keys aimed; pointer drags use the pointer, then the nearest card.
  const collisionDetection: CollisionDetection = useCallback((args) => {
    if (keyboard.current) return target.current === null ? [] : [{ id: target.current }];
    const pointerHits = pointerWithin(args);
    const hits = pointerHits.length > 0 ? pointerHits : rectIntersection(args);
    let overId = getFirstCollision(hits, 'id');
    if (overId === null) return lastOver.current === null ? [] : [{ id: lastOver.current }];
    const column = columnOfDroppable(overId);
    if (column) {
      const ids = lanesRef.current[column];
      if (ids.length > 0) {
        const near = closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => ids.includes(String(c.id))) });
        overId = near[0]?.id ?? overId;
      }
    }
    lastOver.current = overId;
    return [{ id: overId }];
  }, []);

  const announcements = useMemo(() => offerAnnouncements(() => lanesRef.current, () => startRef.current, titleOf), [titleOf]);

  const onDragStart = ({ active, activatorEvent }: DragStartEvent) => {
    keyboard.current = activatorEvent instanceof KeyboardEvent;
    target.current = active.id;
    lastOver.current = null;
    startRef.current = current;
    showPreview(current);
    setActiveId(String(active.id));
    setError('');
  };

  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    const next = moveAcross(lanesRef.current, String(active.id), over.id);
    if (next !== lanesRef.current) showPreview(next);
  };

  const finish = () => {
    keyboard.current = false;
    target.current = null;
    setActiveId(null);
    showPreview(null);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id);
    const drop = over ? dropOf(lanesRef.current, id, over.id) : null;
    finish();
    if (!drop || isNoMove(lanesOf(boardRef.current), id, drop)) return;
    try {
      const before = drop.beforeId && boardRef.current.offers.some((offer) => offer.id === drop.beforeId) ? offerId(drop.beforeId) : null;
      moveOffer(doc, offerId(id), { column: drop.column, beforeId: before });
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const onMove = (offer: Offer, choice: MoveChoice) => {
    try {
      if (choice.kind === 'column') {
        moveOffer(doc, offer.id, { column: choice.column, beforeId: null });
        const count = current[choice.column].length + 1;
        announce(`Moved “${offerTitle(board, offer)}” to ${COLUMN_LABELS[choice.column]}, position ${count} of ${count} in ${COLUMN_LABELS[choice.column]}.`);
      } else {
        moveOfferBy(doc, offer.id, choice.kind === 'up' ? -1 : 1);
        const lane = lanesOf(boardRef.current)[offer.column];
        const index = lane.indexOf(offer.id) + (choice.kind === 'up' ? -1 : 1);
        announce(`Moved “${offerTitle(board, offer)}” ${choice.kind}, to position ${Math.max(1, Math.min(lane.length, index + 1))} of ${lane.length} in ${COLUMN_LABELS[offer.column]}.`);
      }
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const onRemove = (offer: Offer) => {
    try {
      removeToList(doc, 'offer', offer.id, myId, new Date().toISOString());
      announce(`Removed the offer “${offerTitle(board, offer)}”. It is in Removed, where anyone can put it back.`);
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const lanes = preview ?? current;
  const active = activeId ? board.offers.find((offer) => offer.id === activeId) : undefined;
  return (
    <section className="board-section offers-section" aria-labelledby="offers-heading" data-focus="section:offers">
      <h2 id="offers-heading">Offers of support</h2>
      <p className="section-intro">Who offers what. Move an offer to “Agreed” when everyone is happy with it.</p>
      {canEdit && <AddDisclosure label="Add offer">{(close) => <OfferForm board={board} onClose={close} />}</AddDisclosure>}
      <ErrorMessage>{error}</ErrorMessage>
      <RemovedWhileEditing board={board} kind="offer" editingId={editingId} onDone={() => setEditingId(null)} />
      <DndContext
        sensors={sensors}
        collisionDetection={collisionDetection}
        accessibility={{ announcements, screenReaderInstructions: SCREEN_READER_INSTRUCTIONS }}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={finish}
      >
        {narrow && (
          <ColumnTabs
            shown={shownColumn}
            counts={{ suggested: lanes.suggested.length, agreed: lanes.agreed.length, notNow: lanes.notNow.length }}
            onShow={setShownColumn}
          />
        )}
        <div className="offer-columns">
          {COLUMNS.map((column) => (
            <OfferColumn
              key={column}
              tab={narrow ? { shown: column === shownColumn } : null}
              board={board}
              column={column}
              ids={lanes[column]}
              editingId={editingId}
              onEditingChange={(id, on) => setEditingId(on ? id : null)}
              onMove={onMove}
              onRemove={onRemove}
            />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>{active ? <div className="offer-card drag-picture">{offerTitle(board, active)}</div> : null}</DragOverlay>
      </DndContext>
    </section>
  );
}
