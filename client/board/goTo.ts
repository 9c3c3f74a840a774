// Taking the person to where something is done (from the coordinator's checks before locking): a
// part of the board by its element id, or one offer card. On a phone the offer may sit in a tab
// that is not shown, so the offers section is asked to show it (an event it listens for).
import type { OfferId } from '../../shared/ids.ts';

/** The event the offers section listens for: show this offer's column, then take focus to its card. */
export const SHOW_OFFER_EVENT = 'llb:show-offer';

/** Moves focus (and the view) to the element with this id, so a screen reader reads where you are. */
export function goToElement(id: string): void {
  const element = document.getElementById(id);
  if (!element) return;
  if (!element.matches('a, button, input, select, textarea, [tabindex]')) element.setAttribute('tabindex', '-1');
  element.scrollIntoView({ block: 'center' });
  element.focus();
}

/** Takes focus to an offer's card (its first control), showing its column first where columns are tabs. */
export function goToOffer(id: OfferId | string): void {
  window.dispatchEvent(new CustomEvent<string>(SHOW_OFFER_EVENT, { detail: id }));
}

/** Focuses an offer card that is on screen now; true when it was there. */
export function focusOfferCard(id: string): boolean {
  const card = document.querySelector<HTMLElement>(`[data-focus="offer:${CSS.escape(id)}"]`);
  if (!card || card.offsetParent === null) return false;
  const first = card.querySelector<HTMLElement>('button, a, input, select, textarea');
  card.scrollIntoView({ block: 'center' });
  (first ?? card).focus();
  return true;
}
