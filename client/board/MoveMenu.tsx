// "Move to…": the non-drag way to move an offer (WCAG 2.2 SC 2.5.7), as an ARIA menu button.
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { COLUMN_LABELS, COLUMNS, type Column } from '../../shared/board.ts';

/** One choice in the menu. */
export type MoveChoice = { kind: 'column'; column: Column } | { kind: 'up' } | { kind: 'down' };

interface MoveMenuProps {
  offerId: string;
  /** The offer's title, read after the button's name. */
  titleId: string;
  column: Column;
  isFirst: boolean;
  isLast: boolean;
  /**
   * How this person may put the offer in "Agreed": with their own yes (the young person), by
   * recording the young person's yes (the coordinator), or not at all (everyone else).
   */
  yes: 'own' | 'recorded' | null;
  /** The young person's first name, for the "Agreed" choice's words. */
  youngPerson: string;
  onMove: (choice: MoveChoice) => void;
}

/** The "Agreed" choice in words: a yes is what puts an offer there. */
function agreedLabel(yes: 'own' | 'recorded' | null, youngPerson: string): string {
  if (yes === 'own') return 'Agreed: yes please';
  if (yes === 'recorded') return `Agreed: ${youngPerson} said yes`;
  return `Agreed (only ${youngPerson} can say yes)`;
}

// The card can remount in another column after a move; this names the card whose button takes focus.
let focusAfterMove: string | null = null;

/** Asks the "Move to…" button of `offerId` to take focus at its next render. */
export function focusMoveButtonOf(offerId: string): void {
  focusAfterMove = offerId;
}

/** The "Move to…" button and its menu: the other columns, then Up and Down. */
export function MoveMenu({ offerId, titleId, column, isFirst, isLast, yes, youngPerson, onMove }: MoveMenuProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const items = useRef<Array<HTMLButtonElement | null>>([]);
  const choices: Array<{ label: string; choice: MoveChoice; disabled: boolean }> = [
    ...COLUMNS.map((target) => ({
      label: target === column ? `${COLUMN_LABELS[target]} (it is here)` : target === 'agreed' ? agreedLabel(yes, youngPerson) : COLUMN_LABELS[target],
      choice: { kind: 'column', column: target } as const,
      disabled: target === column || (target === 'agreed' && yes === null),
    })),
    { label: 'Up one place', choice: { kind: 'up' }, disabled: isFirst },
    { label: 'Down one place', choice: { kind: 'down' }, disabled: isLast },
  ];

  useLayoutEffect(() => {
    if (focusAfterMove === offerId) {
      focusAfterMove = null;
      button.current?.focus();
    }
  });

  useEffect(() => {
    if (open) items.current.find((item) => item && item.getAttribute('aria-disabled') !== 'true')?.focus();
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = items.current.filter((item): item is HTMLButtonElement => item !== null);
    const at = list.findIndex((item) => item === document.activeElement);
    const go = (index: number) => list[(index + list.length) % list.length]?.focus();
    if (event.key === 'ArrowDown') go(at + 1);
    else if (event.key === 'ArrowUp') go(at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(list.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') close(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  return (
    <div className="move-menu">
      <button
        ref={button}
        type="button"
        className="button button-quiet move-button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-describedby={titleId}
        onClick={() => setOpen(!open)}
      >
        Move to…
      </button>
      {open && (
        <div
          className="menu"
          role="menu"
          id={`${id}-menu`}
          aria-labelledby={`${id}-button`}
          onKeyDown={onMenuKey}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget) && event.relatedTarget !== button.current) setOpen(false);
          }}
        >
          {choices.map(({ label, choice, disabled }, index) => (
            <button
              key={label}
              ref={(node) => {
                items.current[index] = node;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="menu-item"
              aria-disabled={disabled}
              onClick={() => {
                if (disabled) return;
                focusMoveButtonOf(offerId);
                setOpen(false);
                onMove(choice);
              }}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
