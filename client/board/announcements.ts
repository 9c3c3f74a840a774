// What screen readers hear while an offer is dragged: its title and "position N of M in Agreed".
import type { Announcements, ScreenReaderInstructions } from '@dnd-kit/core';
import { COLUMN_LABELS } from '../../shared/board.ts';
import { laneOf, slotOf, type Lanes, type Slot } from './dragModel.ts';

/** Read once when a drag handle gets focus. */
export const SCREEN_READER_INSTRUCTIONS: ScreenReaderInstructions = {
  draggable:
    'To move this offer, press space. Then use the up and down arrows to move it within a column, ' +
    'and the left and right arrows to move it to another column. Press space again to drop it, or escape to cancel. ' +
    'You can also use the “Move to” button.',
};

function where(slot: Slot): string {
  return `position ${slot.index + 1} of ${slot.count} in ${COLUMN_LABELS[slot.column]}`;
}

/**
 * dnd-kit announcements in plain words; `lanes()` is the drag preview, `title(id)` an offer's title,
 * `refused(id, column)` the sentence when this person may not drop the offer there (only the young
 * person's yes puts an offer in "Agreed"), else null.
 */
export function offerAnnouncements(
  lanes: () => Lanes,
  startLanes: () => Lanes,
  title: (id: string) => string,
  refused: (id: string, column: Slot['column']) => string | null = () => null,
): Announcements {
  return {
    onDragStart({ active }) {
      const slot = slotOf(lanes(), String(active.id), null);
      return `Picked up “${title(String(active.id))}”. It is at ${slot ? where(slot) : 'its place'}.`;
    },
    onDragOver({ active, over }) {
      if (!over) return `“${title(String(active.id))}” is not over a column.`;
      const slot = slotOf(lanes(), String(active.id), over.id);
      return slot ? `“${title(String(active.id))}” is now at ${where(slot)}.` : undefined;
    },
    onDragEnd({ active, over }) {
      if (!over) return `“${title(String(active.id))}” was put back where it was.`;
      const slot = slotOf(lanes(), String(active.id), over.id);
      const no = slot ? refused(String(active.id), slot.column) : null;
      if (no !== null) return `${no} “${title(String(active.id))}” stays where it was.`;
      return slot ? `“${title(String(active.id))}” was dropped at ${where(slot)}.` : undefined;
    },
    onDragCancel({ active }) {
      const column = laneOf(startLanes(), String(active.id));
      return `Moving was cancelled. “${title(String(active.id))}” is back in ${column ? COLUMN_LABELS[column] : 'its column'}.`;
    },
  };
}
