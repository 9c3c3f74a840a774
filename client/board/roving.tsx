// Roving focus in the board's lists (wishes, people, each offer column, the removed list): the
// whole list is one stop for Tab; ↑/↓ move between its cards, ←/→ between a card's controls, Home
// and End to the first and last card. A card with a form open (an editor, with a box to type in)
// keeps all of its fields in the Tab order, so filling it in works as on any form. The keys are
// left alone in boxes for typing, in menus and tab lists (they have their own), and while a card
// is being dragged; in a drop-down list ↑/↓ still choose, and ←/→ move on.

import { useCallback, useRef, type ComponentProps } from 'react';

/** Where focus is in a list: which card, and which of that card's controls. */
export interface Place {
  item: number;
  control: number;
}

/**
 * Where a key press moves focus, given how many controls each card has (`controls[i]` for card i);
 * null when the key does not move it (not a roving key, or already at the edge).
 */
export function nextPlace(key: string, at: Place, controls: readonly number[]): Place | null {
  const items = controls.length;
  const inItem = (item: number, control: number): Place | null => {
    const count = controls[item] ?? 0;
    return count === 0 ? null : { item, control: Math.min(control, count - 1) };
  };
  /** The nearest card in direction `step` that has a control, from card `from` (exclusive). */
  const seek = (from: number, step: 1 | -1, control: number): Place | null => {
    for (let item = from + step; item >= 0 && item < items; item += step) {
      const place = inItem(item, control);
      if (place) return place;
    }
    return null;
  };
  switch (key) {
    case 'ArrowDown':
      return seek(at.item, 1, at.control);
    case 'ArrowUp':
      return seek(at.item, -1, at.control);
    case 'Home':
      return seek(-1, 1, 0);
    case 'End':
      return seek(items, -1, 0);
    case 'ArrowRight':
      return at.control + 1 < (controls[at.item] ?? 0) ? { item: at.item, control: at.control + 1 } : null;
    case 'ArrowLeft':
      return at.control > 0 ? { item: at.item, control: at.control - 1 } : null;
    default:
      return null;
  }
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]';
/** Boxes for typing: every key is theirs. */
const TEXT_ENTRY = 'textarea, input:not([type="checkbox"]):not([type="radio"]):not([type="button"]):not([type="submit"]), [contenteditable="true"]';
/** Marks the tabindex roving took away, so it can give it back exactly. */
const SAVED = 'data-roving-tabindex';

/** The list's cards: its own <li> children. */
function itemsOf(list: HTMLElement): HTMLElement[] {
  return Array.from(list.children).filter((child): child is HTMLElement => child instanceof HTMLElement && child.tagName === 'LI');
}

/** A card's controls, in document order (hidden ones and those of lists inside it left out). */
function controlsOf(item: HTMLElement): HTMLElement[] {
  return Array.from(item.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (el) =>
      el.closest('li') === item &&
      el.getAttribute('aria-hidden') !== 'true' &&
      el.closest('[hidden]') === null &&
      // Elements only ever focused by script (tabindex -1 of their own) are not controls.
      (el.tabIndex !== -1 || el.hasAttribute(SAVED)),
  );
}

function take(el: HTMLElement): void {
  if (el.hasAttribute(SAVED)) return;
  el.setAttribute(SAVED, el.getAttribute('tabindex') ?? '');
  el.tabIndex = -1;
}

function give(el: HTMLElement): void {
  if (!el.hasAttribute(SAVED)) return;
  const saved = el.getAttribute(SAVED) ?? '';
  el.removeAttribute(SAVED);
  if (saved === '') el.removeAttribute('tabindex');
  else el.setAttribute('tabindex', saved);
}

/**
 * Makes a list (`<ul>`/`<ol>` of cards) one Tab stop with arrow keys inside. Returns the ref
 * callback for the list element. Works on the DOM as rendered, so cards and their buttons need no
 * changes; it follows new and removed cards as the board changes.
 */
export function useRovingFocus(): (list: HTMLElement | null) => void {
  const cleanup = useRef<(() => void) | null>(null);
  return useCallback((list: HTMLElement | null) => {
    cleanup.current?.();
    cleanup.current = null;
    if (list === null) return;
    /** The control that is the list's Tab stop. */
    let current: HTMLElement | null = null;
    let applying = false;

    const apply = () => {
      applying = true;
      try {
        const items = itemsOf(list);
        if (current === null || !list.contains(current)) {
          current = items.map(controlsOf).find((controls) => controls.length > 0)?.[0] ?? null;
        }
        const currentItem = current?.closest('li') ?? null;
        const openForm = currentItem !== null && currentItem.querySelector(TEXT_ENTRY) !== null;
        for (const item of items) {
          for (const control of controlsOf(item)) {
            if (control === current || (openForm && item === currentItem)) give(control);
            else take(control);
          }
        }
      } finally {
        applying = false;
      }
    };

    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement)) return;
      const item = target.closest('li');
      if (item === null || item.parentElement !== list || !controlsOf(item).includes(target)) return;
      if (current === target) return;
      current = target;
      apply();
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const target = event.target;
      if (!(target instanceof HTMLElement)) return;
      if (target.matches(TEXT_ENTRY) || target.closest('[role="menu"], [role="tablist"], [role="radiogroup"]')) return;
      if (target instanceof HTMLSelectElement && event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
      // A card being dragged with the keyboard: the arrows move the card, not the focus.
      if (target.getAttribute('aria-pressed') === 'true' && target.closest('.drag-handle, [aria-roledescription="drag handle"]')) return;
      const items = itemsOf(list);
      const item = target.closest('li');
      const at = item ? items.indexOf(item as HTMLElement) : -1;
      if (at < 0) return;
      const controls = items.map(controlsOf);
      const control = controls[at]?.indexOf(target) ?? -1;
      if (control < 0) return;
      const next = nextPlace(event.key, { item: at, control }, controls.map((c) => c.length));
      if (next === null) return;
      const el = controls[next.item]?.[next.control];
      if (!el) return;
      event.preventDefault();
      current = el;
      apply();
      el.focus();
    };

    // Cards come and go as the board changes; a card's buttons change when it opens an editor.
    const observer = new MutationObserver(() => {
      if (!applying) apply();
    });
    observer.observe(list, { childList: true, subtree: true });
    list.addEventListener('focusin', onFocusIn);
    list.addEventListener('keydown', onKeyDown);
    apply();
    cleanup.current = () => {
      observer.disconnect();
      list.removeEventListener('focusin', onFocusIn);
      list.removeEventListener('keydown', onKeyDown);
      for (const el of Array.from(list.querySelectorAll<HTMLElement>(`[${SAVED}]`))) give(el);
    };
  }, []);
}

/** A `<ul>` of cards with roving focus (see useRovingFocus). */
export function RovingList(props: Omit<ComponentProps<'ul'>, 'ref'>) {
  const ref = useRovingFocus();
  return <ul ref={ref} {...props} />;
}
