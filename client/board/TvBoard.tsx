// The room's shared screen (/board/:id?screen=tv): large type, high contrast, nothing to press, the
// whole plan on one screen — the offers first in their three columns, then the wishes and the
// people — with text that shrinks before anything is cut. It follows the coordinator: whatever
// section or card they are on is highlighted here, and the people are a map when theirs are.
import { useLayoutEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { CATEGORY_LABELS, COLUMN_LABELS, COLUMNS, OFFER_KIND_LABELS, SUPERVISION_LABELS } from '../../shared/board.ts';
import { PHASE_LABELS } from '../../shared/phases.ts';
import { firstName } from '../format.ts';
import { useHereNow } from '../sync/presence.ts';
import type { LinkState } from '../sync/useBoardConnection.ts';
import { focusMarker, useCoordinatorPlace, type FocusTarget } from './follow.ts';
import { personName } from './offerTitle.ts';
import { useBoard } from './useBoard.ts';
import { TvMap } from './map/TvMap.tsx';
import { TvTree } from './map/TvTree.tsx';

/**
 * The largest and smallest type scale the screen uses (1 = the design size, 28 px body text at
 * 1080 p): a short plan grows into the whole screen, a long one shrinks until it fits.
 */
export const MAX_SCALE = 2;
const MIN_SCALE = 0.6;
const STEP = 0.05;

export function TvBoard({ doc, awareness, link, fallbackTitle }: { doc: Y.Doc; awareness: Awareness; link: LinkState; fallbackTitle: string }) {
  const board = useBoard(doc);
  const here = useHereNow(awareness);
  const place = useCoordinatorPlace(awareness);
  const focus = place?.focus ?? null;
  const youngPerson = firstName(board.meta.youngPersonName) || 'the young person';
  const screen = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(MAX_SCALE);
  const [clamped, setClamped] = useState(false);

  // Shrink the type step by step from the largest until the plan fits the screen; only at the
  // smallest size are long texts cut (with "…"). Starts again from the largest size whenever the
  // board changes, so a short plan fills the screen in large type.
  const contentKey = JSON.stringify([board.offers, board.objectives, board.people, board.relationships, board.contingency, place?.peopleView]);
  useLayoutEffect(() => {
    setScale(MAX_SCALE);
    setClamped(false);
  }, [contentKey]);
  useLayoutEffect(() => {
    const element = screen.current;
    if (!element) return undefined;
    const fit = () => {
      if (element.scrollHeight <= element.clientHeight + 1) return;
      if (scale > MIN_SCALE + 1e-9) setScale((s) => Math.max(MIN_SCALE, Math.round((s - STEP) * 100) / 100));
      else if (!clamped) setClamped(true);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(element);
    return () => observer.disconnect();
  }, [scale, clamped, contentKey]);

  const isFocused = (target: FocusTarget) => focus !== null && focusMarker(focus) === focusMarker(target);
  const focusClass = (target: FocusTarget) => (isFocused(target) ? ' tv-focus' : '');

  return (
    <div ref={screen} className={`tv${clamped ? ' tv-clamped' : ''}`} style={{ ['--tv-scale' as string]: String(scale) }}>
      <header className="tv-head">
        <h1>{board.meta.title || fallbackTitle}</h1>
        <p>
          <strong>{board.meta.locked ? 'Plan agreed' : PHASE_LABELS[board.meta.phase]}</strong> · {here.length} here
          {link !== 'live' && <span className="tv-offline"> · {link === 'offline' ? 'Offline: reconnecting…' : 'Connecting…'}</span>}
        </p>
      </header>
      <section className={`tv-offers${focusClass({ kind: 'section', id: 'offers' })}`} aria-label="Offers of support">
        {COLUMNS.map((column) => {
          const offers = board.offers.filter((offer) => offer.column === column);
          return (
            <div key={column} className={`tv-column tv-column-${column}`}>
              <h2>
                {COLUMN_LABELS[column]} <span className="tv-count">({offers.length})</span>
              </h2>
              <ul>
                {offers.map((offer) => (
                  <li key={offer.id} className={`tv-offer${focusClass({ kind: 'offer', id: offer.id })}`} data-focus={`offer:${offer.id}`}>
                    <p className="tv-offer-who">
                      <strong>{personName(board, offer)}</strong> · {OFFER_KIND_LABELS[offer.kind]}
                    </p>
                    {offer.text.trim() !== '' && <p className="tv-offer-text">{offer.text}</p>}
                    {(offer.frequency.trim() !== '' || offer.supervision !== 'none') && (
                      <p className="tv-offer-how">
                        {[offer.frequency.trim(), offer.supervision !== 'none' ? SUPERVISION_LABELS[offer.supervision] : ''].filter(Boolean).join(' · ')}
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          );
        })}
      </section>
      <div className="tv-lower">
        <section className={`tv-wishes${focusClass({ kind: 'section', id: 'wishes' })}`} aria-label={`What ${youngPerson} would like`}>
          <h2>What {youngPerson} would like</h2>
          <ul>
            {board.objectives.map((wish) => (
              <li key={wish.id} className={focusClass({ kind: 'wish', id: wish.id }).trim() || undefined} data-focus={`wish:${wish.id}`}>
                <span className="tv-category">{CATEGORY_LABELS[wish.category]}:</span> {wish.text}
              </li>
            ))}
          </ul>
        </section>
        <section
          className={`tv-people${place?.peopleView === 'map' || place?.peopleView === 'tree' ? ' tv-people-map' : ''}${focusClass({ kind: 'section', id: 'people' })}`}
          aria-label={`${youngPerson}’s people`}
        >
          <h2>{youngPerson}’s people</h2>
          {place?.peopleView === 'tree' ? (
            <TvTree people={board.people} relationships={board.relationships} youngPersonName={youngPerson} focusedId={focus?.kind === 'person' ? focus.id : null} />
          ) : place?.peopleView === 'map' ? (
            <TvMap people={board.people} youngPersonName={youngPerson} focusedId={focus?.kind === 'person' ? focus.id : null} />
          ) : (
            <ul>
              {board.people.map((person) => (
                <li key={person.id} className={focusClass({ kind: 'person', id: person.id }).trim() || undefined} data-focus={`person:${person.id}`}>
                  <strong>{person.displayName}</strong>
                  {person.relationship ? `, ${person.relationship}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
        {(board.contingency.trim() !== '' || (focus?.kind === 'section' && focus.id === 'backup')) && (
          <section className={`tv-backup${focusClass({ kind: 'section', id: 'backup' })}`} aria-label="If something doesn’t work out">
            <h2>If something doesn’t work out</h2>
            <p>{board.contingency.trim() || 'Nothing written yet.'}</p>
          </section>
        )}
      </div>
    </div>
  );
}
