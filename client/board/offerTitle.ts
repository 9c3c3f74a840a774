// How an offer is named to people: in announcements, button labels and the drag picture.
import { OFFER_KIND_LABELS, type Board, type Offer } from '../../shared/board.ts';

const TITLE_MAX_CHARS = 60;

/** The name of the person an offer is from ("someone" if they were removed meanwhile). */
export function personName(board: Board, offer: Offer): string {
  return board.people.find((person) => person.id === offer.personId)?.displayName ?? 'someone';
}

/** "Tea every other Sunday, from Nan" — the offer's words (shortened) or its kind, and who offers it. */
export function offerTitle(board: Board, offer: Offer): string {
  const words = offer.text.trim().replace(/\s+/g, ' ');
  const what = words.length > TITLE_MAX_CHARS ? `${words.slice(0, TITLE_MAX_CHARS - 1)}…` : words || OFFER_KIND_LABELS[offer.kind];
  return `${what}, from ${personName(board, offer)}`;
}
