// The local drag preview of the offer columns ("lanes" of ids) and where a drop would land; pure functions.
import { COLUMNS, offersIn, type Board, type Column } from '../../shared/board.ts';

/** Offer ids per column, in display order. */
export type Lanes = Readonly<Record<Column, readonly string[]>>;

const COLUMN_PREFIX = 'column:';

/** The droppable id of a column's list (offer ids are uuids, so they never collide). */
export function columnDroppableId(column: Column): string {
  return `${COLUMN_PREFIX}${column}`;
}

/** The column a droppable id names, or null for an offer id. */
export function columnOfDroppable(id: string | number | null | undefined): Column | null {
  if (typeof id !== 'string' || !id.startsWith(COLUMN_PREFIX)) return null;
  const name = id.slice(COLUMN_PREFIX.length);
  return COLUMNS.find((column) => column === name) ?? null;
}

/** The lanes as the document has them now. */
export function lanesOf(board: Board): Lanes {
  return {
    suggested: offersIn(board, 'suggested').map((offer) => offer.id),
    agreed: offersIn(board, 'agreed').map((offer) => offer.id),
    notNow: offersIn(board, 'notNow').map((offer) => offer.id),
  };
}

/** The column holding `id`, or null. */
export function laneOf(lanes: Lanes, id: string): Column | null {
  return COLUMNS.find((column) => lanes[column].includes(id)) ?? null;
}

/** Where the dragged offer would land with `overId` under it: column, 0-based index and the column's size then. */
export interface Slot { column: Column; index: number; count: number }

/** Over a column: its end (or where it already is); over an offer: that offer's place (arrayMove semantics). */
export function slotOf(lanes: Lanes, activeId: string, overId: string | number | null | undefined): Slot | null {
  const home = laneOf(lanes, activeId);
  const overColumn = columnOfDroppable(overId);
  const column = overColumn ?? (typeof overId === 'string' ? laneOf(lanes, overId) : null) ?? home;
  if (!column) return null;
  const lane = lanes[column];
  const inside = lane.includes(activeId);
  const count = lane.length + (inside ? 0 : 1);
  let index: number;
  if (typeof overId === 'string' && !overColumn && lane.includes(overId)) index = lane.indexOf(overId);
  else index = inside ? lane.indexOf(activeId) : lane.length;
  return { column, index: Math.min(index, count - 1), count };
}

/** The lanes with the active offer moved into the column under it (used while dragging across columns). */
export function moveAcross(lanes: Lanes, activeId: string, overId: string | number | null | undefined): Lanes {
  const from = laneOf(lanes, activeId);
  const slot = slotOf(lanes, activeId, overId);
  if (!from || !slot || slot.column === from) return lanes;
  const target = [...lanes[slot.column]];
  target.splice(slot.index, 0, activeId);
  return { ...lanes, [from]: lanes[from].filter((id) => id !== activeId), [slot.column]: target };
}

/** The drop as moveOffer wants it: the column, and the offer it goes before (null = at the end). */
export interface Drop { column: Column; beforeId: string | null; slot: Slot }

/** Where a drop over `overId` puts the active offer. */
export function dropOf(lanes: Lanes, activeId: string, overId: string | number | null | undefined): Drop | null {
  const slot = slotOf(lanes, activeId, overId);
  if (!slot) return null;
  const others = lanes[slot.column].filter((id) => id !== activeId);
  return { column: slot.column, beforeId: others[slot.index] ?? null, slot };
}

/** True when the drop leaves the offer where the document already has it. */
export function isNoMove(current: Lanes, activeId: string, drop: Drop): boolean {
  const column = laneOf(current, activeId);
  if (column !== drop.column) return false;
  const lane = current[column];
  return (lane[lane.indexOf(activeId) + 1] ?? null) === drop.beforeId;
}
