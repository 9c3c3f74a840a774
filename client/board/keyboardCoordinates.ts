// Keyboard dragging across the offer columns: ↑/↓ move within a column, ←/→ to the previous/next column.
// Targets are chosen by column order, not screen geometry, so → means "next column" both when the
// columns sit side by side (TV, laptop) and when they are stacked (phone at 390 px).
import { KeyboardCode, type KeyboardCoordinateGetter, type UniqueIdentifier } from '@dnd-kit/core';
import { COLUMNS, COLUMN_LABELS } from '../../shared/board.ts';
import { columnDroppableId, columnOfDroppable, slotOf, type Lanes } from './dragModel.ts';

/** What the getter reads and writes while a keyboard drag is under way. */
export interface KeyboardDragState {
  lanes: () => Lanes;
  /** The droppable the keyboard is aiming at; the collision detection reports it as "over". */
  target: { current: UniqueIdentifier | null };
  /** Says why a key did nothing (e.g. "already in the last column"). */
  blocked: (message: string) => void;
}

const ARROWS: readonly string[] = [KeyboardCode.Up, KeyboardCode.Down, KeyboardCode.Left, KeyboardCode.Right];

/** A coordinate getter for dnd-kit's KeyboardSensor that moves one place or one column per key press. */
export function columnsCoordinateGetter(state: KeyboardDragState): KeyboardCoordinateGetter {
  return (event, { active, context, currentCoordinates }) => {
    if (!ARROWS.includes(event.code)) return undefined;
    event.preventDefault();
    const activeId = String(active);
    const lanes = state.lanes();
    const slot = slotOf(lanes, activeId, state.target.current ?? activeId);
    if (!slot) return undefined;
    const lane = lanes[slot.column];
    const columnIndex = COLUMNS.indexOf(slot.column);
    let next: UniqueIdentifier | null = null;

    switch (event.code) {
      case KeyboardCode.Down:
        next = lane[slot.index + 1] ?? null;
        if (!next) state.blocked(`Already at the bottom of ${COLUMN_LABELS[slot.column]}.`);
        break;
      case KeyboardCode.Up:
        next = slot.index > 0 ? (lane[slot.index - 1] ?? null) : null;
        if (!next) state.blocked(`Already at the top of ${COLUMN_LABELS[slot.column]}.`);
        break;
      case KeyboardCode.Right: {
        const column = COLUMNS[columnIndex + 1];
        next = column ? columnDroppableId(column) : null;
        if (!next) state.blocked(`${COLUMN_LABELS[slot.column]} is the last column.`);
        break;
      }
      case KeyboardCode.Left: {
        const column = columnIndex > 0 ? COLUMNS[columnIndex - 1] : undefined;
        next = column ? columnDroppableId(column) : null;
        if (!next) state.blocked(`${COLUMN_LABELS[slot.column]} is the first column.`);
        break;
      }
    }
    if (next === null) return undefined;
    state.target.current = next;

    // Move the dragged card's picture onto the target; the target itself comes from state.target.
    const rect = context.droppableRects.get(next);
    const size = context.collisionRect;
    if (!rect) return { x: currentCoordinates.x, y: currentCoordinates.y + 1 };
    if (columnOfDroppable(next) !== null) {
      return { x: rect.left, y: Math.max(rect.top, rect.top + rect.height - (size?.height ?? 0)) };
    }
    return { x: rect.left, y: rect.top };
  };
}
