// The whole plan as plain text, for screen-reader users and anyone who finds the board's columns
// hard to follow: headings and lists, the wishes, the people, the offers column by column and the
// backup plan, nothing to press. Opened from the board; it follows the board live.
import { useState } from 'react';
import { CATEGORY_LABELS, COLUMN_LABELS, COLUMNS, OFFER_KIND_LABELS, SUPERVISION_LABELS, type Board } from '../../shared/board.ts';
import { Dialog } from '../Dialog.tsx';
import { personName } from './offerTitle.ts';

export function PlanOutline({ board, youngPerson }: { board: Board; youngPerson: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-quiet" onClick={() => setOpen(true)}>
        Read the whole plan as text
      </button>
      <Dialog open={open} title="The whole plan, as text" onClose={() => setOpen(false)} wide>
        <div className="plan-outline">
          <h3>What {youngPerson} would like</h3>
          {board.objectives.length === 0 ? (
            <p>Nothing written yet.</p>
          ) : (
            <ul>
              {board.objectives.map((wish) => (
                <li key={wish.id} dir="auto">
                  {CATEGORY_LABELS[wish.category]}: {wish.text}
                </li>
              ))}
            </ul>
          )}
          <h3>{youngPerson}’s people</h3>
          {board.people.length === 0 ? (
            <p>Nobody added yet.</p>
          ) : (
            <ul>
              {board.people.map((person) => (
                <li key={person.id}>
                  <bdi>{person.displayName}</bdi>
                  {person.relationship ? `, ${person.relationship}` : ''}
                </li>
              ))}
            </ul>
          )}
          {COLUMNS.map((column) => {
            const offers = board.offers.filter((offer) => offer.column === column);
            return (
              <section key={column} aria-labelledby={`outline-${column}`}>
                <h3 id={`outline-${column}`}>
                  Offers: {COLUMN_LABELS[column]} ({offers.length})
                </h3>
                {offers.length === 0 ? (
                  <p>None.</p>
                ) : (
                  <ul>
                    {offers.map((offer) => (
                      <li key={offer.id}>
                        <bdi>{personName(board, offer)}</bdi>, {OFFER_KIND_LABELS[offer.kind].toLowerCase()}: <span dir="auto">{offer.text || '(no words yet)'}</span>
                        {offer.frequency ? `. How often: ${offer.frequency}` : ''}
                        {offer.startsOn ? `. Starts: ${offer.startsOn}` : ''}
                        {offer.supervision !== 'none' ? `. ${SUPERVISION_LABELS[offer.supervision]}` : ''}.
                        {offer.yes ? ` ${youngPerson} said yes${offer.yes.recorded ? ' (recorded by the coordinator)' : ''}.` : ''}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
          <h3>If something doesn’t work out</h3>
          <p dir="auto">{board.contingency.trim() || 'Nothing written yet.'}</p>
        </div>
      </Dialog>
    </>
  );
}
