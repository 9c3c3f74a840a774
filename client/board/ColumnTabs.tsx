// On a phone the offer columns are tabs — Suggested / Agreed / Not now, each with its count — so
// nobody has to drag an offer past the bottom of the screen: "Move to…" moves it, the counts say
// where it went. Arrow keys move between the tabs (one tab stop for the three).
import { useRef, type KeyboardEvent } from 'react';
import { COLUMN_LABELS, COLUMNS, type Column } from '../../shared/board.ts';

export function ColumnTabs({ shown, counts, onShow }: { shown: Column; counts: Readonly<Record<Column, number>>; onShow: (column: Column) => void }) {
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const jump = event.key === 'Home' ? 0 : event.key === 'End' ? COLUMNS.length - 1 : null;
    if (step === 0 && jump === null) return;
    event.preventDefault();
    const next = jump ?? (index + step + COLUMNS.length) % COLUMNS.length;
    const column = COLUMNS[next];
    if (column === undefined) return;
    onShow(column);
    tabs.current[next]?.focus();
  };
  return (
    <div className="column-tabs" role="tablist" aria-label="Offer columns">
      {COLUMNS.map((column, index) => (
        <button
          key={column}
          ref={(node) => {
            tabs.current[index] = node;
          }}
          type="button"
          role="tab"
          id={`offers-tab-${column}`}
          aria-selected={shown === column}
          aria-controls={`offers-panel-${column}`}
          tabIndex={shown === column ? 0 : -1}
          className={shown === column ? 'column-tab is-shown' : 'column-tab'}
          onClick={() => onShow(column)}
          onKeyDown={(event) => onKey(event, index)}
        >
          {COLUMN_LABELS[column]} <span className="column-tab-count">({counts[column]})</span>
        </button>
      ))}
    </div>
  );
}
