// "Offers of support": three columns of offer cards, moved by mouse, touch, keyboard or the "Move to…" menu.
// While dragging, the columns are a local preview; the document is written once, on drop (moveOffer).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
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
import { COLUMN_LABELS, COLUMNS, moveOffer, moveOfferBy, removeToList, type Board, type Column, type Offer, type YoungPersonYes } from '../../shared/board.ts';
import { maySayYes } from '../../shared/rules.ts';
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
import { columnOfDroppable, dropOf, isNoMove, laneOf, lanesOf, moveAcross, type Lanes } from './dragModel.ts';
import { columnsCoordinateGetter } from './keyboardCoordinates.ts';
import { focusMoveButtonOf, type MoveChoice } from './MoveMenu.tsx';
import { OfferColumn } from './OfferColumn.tsx';
import { OfferForm } from './OfferForm.tsx';
import { offerTitle } from './offerTitle.ts';
import { keepNotices, movedAway, movedWords, type MovedAway } from './movedAway.ts';
import { MovedNotices } from './MovedNotices.tsx';
import { focusOfferCard, SHOW_OFFER_EVENT } from './goTo.ts';

/** Pixels a mouse must move before a drag starts (a click stays a click). */
const MOUSE_DRAG_DISTANCE_PX = 6;
/** A finger must rest this long on the handle before dragging, so swiping still scrolls the page. */
const TOUCH_DRAG_DELAY_MS = 200;
const TOUCH_DRAG_TOLERANCE_PX = 8;

/** The "Offers of support" section. */
export function OffersSection({ board }: { board: Board }) {
  const { doc, canEdit, announce, myId, actor, rules, youngPerson } = useBoardEnv();
  // The young person says yes on their own device; the coordinator, who holds the pen, records it.
  const sayer = maySayYes(rules);
  const yesNow = (): YoungPersonYes => ({ by: myId, at: new Date().toISOString(), recorded: actor !== 'youngPerson' });
  const onlyTheirYes = `Only ${youngPerson} says yes to an offer: ask ${youngPerson}, or the coordinator can record it.`;
  const current = useMemo(() => lanesOf(board), [board]);
  const [preview, setPreview] = useState<Lanes | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [error, setError] = useState('');
  // A phone shows one column at a time, chosen with tabs (the same width the columns stack below).
  const narrow = useMediaQuery(NARROW);
  const [shownColumn, setShownColumn] = useState<Column>('suggested');
  // Offers that left the tab being looked at, and where they went (a phone shows one column).
  const [moved, setMoved] = useState<MovedAway[]>([]);
  const seenLanes = useRef<Lanes>(current);
  const ownMove = useRef<string | null>(null);
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

  // Said where the person is looking, and to screen readers: "Moved to Agreed — 3 offers there now".
  useLayoutEffect(() => {
    const before = seenLanes.current;
    seenLanes.current = current;
    if (!narrow) {
      ownMove.current = null;
      return;
    }
    const added = movedAway(before, current, shownColumn);
    // A move of one's own that stayed in this tab (a reorder) leaves nothing to focus.
    if (ownMove.current !== null && !added.some((notice) => notice.offerId === ownMove.current)) ownMove.current = null;
    if (added.length === 0 && moved.every((notice) => !current[shownColumn].includes(notice.offerId))) return;
    setMoved((previous) => keepNotices(previous, added, current, shownColumn));
    for (const notice of added) {
      const offer = board.offers.find((candidate) => candidate.id === notice.offerId);
      // Someone else's move is said here; the person's own move was said when they made it.
      if (offer && notice.offerId !== ownMove.current) announce(movedWords(offerTitle(board, offer), notice.to, current[notice.to].length));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, narrow]);

  // Asked to show an offer (from the checks before locking): its tab first on a phone, then its card.
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    const onShow = (event: Event) => {
      const id = (event as CustomEvent<string>).detail;
      const column = boardRef.current.offers.find((offer) => offer.id === id)?.column;
      if (column === undefined) return;
      if (!focusOfferCard(id)) {
        pendingFocus.current = id;
        showColumn(column);
      }
    };
    window.addEventListener(SHOW_OFFER_EVENT, onShow);
    return () => window.removeEventListener(SHOW_OFFER_EVENT, onShow);
  });
  useEffect(() => {
    if (pendingFocus.current !== null && focusOfferCard(pendingFocus.current)) pendingFocus.current = null;
  });

  // An offer being edited here that moved (back to Suggested to be changed) is followed to its tab.
  useEffect(() => {
    if (!narrow || editingId === null) return;
    const column = board.offers.find((offer) => offer.id === editingId)?.column;
    if (column !== undefined && column !== shownColumn) showColumn(column);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editingId, board, narrow]);

  const clearOwnMove = useCallback(() => {
    ownMove.current = null;
  }, []);

  const showColumn = (column: Column) => {
    setShownColumn(column);
    setMoved([]);
    seenLanes.current = current;
  };

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

  const refusedDrop = useCallback(
    (id: string, column: Column) => (column === 'agreed' && laneOf(startRef.current, id) !== 'agreed' && !sayer ? onlyTheirYes : null),
    [sayer, onlyTheirYes],
  );
  const announcements = useMemo(() => offerAnnouncements(() => lanesRef.current, () => startRef.current, titleOf, refusedDrop), [titleOf, refusedDrop]);

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

  /** Whether this move needs the young person's yes, which this person cannot give: then it is refused, saying why. */
  const needsTheirYes = (id: string, column: Column, say = true): boolean => {
    const from = boardRef.current.offers.find((offer) => offer.id === id)?.column;
    if (column !== 'agreed' || from === 'agreed' || sayer) return false;
    setError(onlyTheirYes);
    // A drag's refusal is said by its own announcement; a menu's here.
    if (say) announce(onlyTheirYes);
    return true;
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id);
    const drop = over ? dropOf(lanesRef.current, id, over.id) : null;
    finish();
    if (!drop || isNoMove(lanesOf(boardRef.current), id, drop) || needsTheirYes(id, drop.column, false)) return;
    try {
      const before = drop.beforeId && boardRef.current.offers.some((offer) => offer.id === drop.beforeId) ? offerId(drop.beforeId) : null;
      const from = boardRef.current.offers.find((offer) => offer.id === id)?.column;
      ownMove.current = id;
      moveOffer(doc, offerId(id), { column: drop.column, beforeId: before, ...(drop.column === 'agreed' && from !== 'agreed' ? { yes: yesNow() } : {}) });
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  const onMove = (offer: Offer, choice: MoveChoice) => {
    try {
      if (choice.kind === 'column') {
        if (needsTheirYes(offer.id, choice.column)) return;
        const title = offerTitle(board, offer);
        const saysYes = choice.column === 'agreed' && offer.column !== 'agreed';
        ownMove.current = offer.id;
        moveOffer(doc, offer.id, { column: choice.column, beforeId: null, ...(saysYes ? { yes: yesNow() } : {}) });
        const count = current[choice.column].length + 1;
        const where = `position ${count} of ${count} in ${COLUMN_LABELS[choice.column]}`;
        if (saysYes) announce(actor === 'youngPerson' ? `You said yes to “${title}”. It is in Agreed, ${where}.` : `Recorded: ${youngPerson} said yes to “${title}”. It is in Agreed, ${where}.`);
        else announce(`Moved “${title}” to ${COLUMN_LABELS[choice.column]}, ${where}.`);
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
      <p className="section-intro">
        Who offers what. An offer goes to “Agreed” when {youngPerson} says yes to it{actor === 'coordinator' ? ' (you can record their yes)' : ''}.
      </p>
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
            onShow={showColumn}
          />
        )}
        {narrow && (
          <MovedNotices
            notices={moved}
            board={board}
            lanes={current}
            focusFirst={ownMove.current !== null && moved.some((notice) => notice.offerId === ownMove.current)}
            onShow={(notice) => {
              showColumn(notice.to);
              focusMoveButtonOf(notice.offerId);
            }}
            onFocused={clearOwnMove}
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
