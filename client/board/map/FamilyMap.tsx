// The ecomap of "My people", drawn by React as SVG: the young person in the middle, three rings by
// closeness, the four parts of life as quarters, a line to each person whose style (and the words
// under their name) says whether they are in touch, and a "Not placed yet" strip for the rest. One
// Tab stop; the arrow keys move between people (mapKeys.ts), Enter opens a person, Escape leaves.
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { REVEAL_ON_MAP } from '../follow.ts';
import { ZoomButtons } from './ZoomButtons.tsx';
import type { Person } from '../../../shared/board.ts';
import { LABEL_TOP, LABEL_WIDTH, LABEL_HEIGHT, layoutEcomap, type Spot } from '../../../shared/familyMap/ecomapLayout.ts';
import { nextOnMap, personKeyHandler } from './mapKeys.ts';
import { personFacts } from './mapWords.ts';
import { MapBackdrop, PersonDrawing } from './MapDrawing.tsx';
import { MapLegend } from './MapLegend.tsx';
import { MapTable } from './MapTable.tsx';
import { useZoomPan } from './useZoomPan.ts';

interface FamilyMapProps {
  people: readonly Person[];
  youngPersonName: string;
  /** Opens a person's edit form; absent where the board cannot be changed (observers, a locked plan). */
  onOpen?: (personId: string) => void;
  /** Where focus goes on Escape. */
  onLeave: () => void;
  /** Shown right under the map (the form of the person opened). */
  children?: ReactNode;
}

/** The map, its zoom buttons, its key, and the same facts as a table. */
export function FamilyMap({ people, youngPersonName, onOpen, onLeave, children }: FamilyMapProps) {
  const id = useId();
  const layout = useMemo(() => layoutEcomap(people), [people]);
  const byId = useMemo(() => new Map<string, Person>(people.map((person) => [person.id, person])), [people]);
  const viewport = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const zoom = useZoomPan(viewport, layout.bounds);
  const [active, setActive] = useState<string | null>(null);
  const tabStop = active !== null && byId.has(active) ? active : (layout.spots[0]?.id ?? null);
  const spotOf = (personId: string) => layout.spots.find((spot) => spot.id === personId);

  const focusPerson = (personId: string) => {
    setActive(personId);
    const spot = spotOf(personId);
    if (spot) zoom.reveal(spot.x, spot.y);
    svg.current?.querySelector<SVGElement>(`[data-person="${CSS.escape(personId)}"]`)?.focus({ preventScroll: false });
  };

  // "Bring everyone here" to someone on the map (BringHereNotice.tsx): the map pans to them.
  const revealLatest = useRef(zoom.reveal);
  revealLatest.current = zoom.reveal;
  useEffect(() => {
    const element = svg.current;
    if (!element) return undefined;
    const onReveal = (event: Event) => {
      const personId = event.target instanceof Element ? event.target.closest('[data-person]')?.getAttribute('data-person') : null;
      const spot = personId ? layout.spots.find((s) => s.id === personId) : undefined;
      if (spot) revealLatest.current(spot.x, spot.y);
    };
    element.addEventListener(REVEAL_ON_MAP, onReveal);
    return () => element.removeEventListener(REVEAL_ON_MAP, onReveal);
  }, [layout]);

  const onKeyDown = personKeyHandler({ next: (key, personId) => nextOnMap(key, personId, layout.spots), focusPerson, onOpen, onLeave });

  const { spots } = layout;
  const hintId = `${id}-keys`;

  return (
    <div className="family-map">
      <p className="hint" id={hintId}>
        {people.length === 0
          ? `No one on the map yet.`
          : `Tab to the map, then use the arrow keys: ← and → go round a ring, ↑ moves in towards ${youngPersonName}, ↓ out.${onOpen ? ' Enter opens a person to change them.' : ''} Escape leaves the map. On a touch screen, drag to move the map and pinch to zoom.`}
      </p>
      <div ref={viewport} className="map-viewport">
        <svg
          ref={svg}
          className="map-svg"
          role="group"
          aria-label={`Map of ${youngPersonName}’s people`}
          aria-describedby={hintId}
          viewBox={zoom.viewBox}
          preserveAspectRatio="xMidYMid meet"
          onKeyDown={onKeyDown}
          {...zoom.handlers}
        >
          <MapBackdrop layout={layout} people={byId} youngPersonName={youngPersonName} />
          {spots.map((spot) => {
            const person = byId.get(spot.id);
            if (!person) return null;
            return (
              <MapPerson
                key={spot.id}
                spot={spot}
                person={person}
                label={personFacts(person, youngPersonName)}
                tabStop={spot.id === tabStop}
                onFocus={(keyboard) => {
                  setActive(spot.id);
                  // Tabbing in to someone out of view brings them into it; a press does not move the map under the finger.
                  if (keyboard) zoom.reveal(spot.x, spot.y);
                }}
                onOpen={onOpen && (() => !zoom.dragged() && onOpen(spot.id))}
              />
            );
          })}
        </svg>
      </div>
      <ZoomButtons zoom={zoom} label="Zoom the map" />
      {children}
      <MapLegend people={people} />
      <MapTable people={people} order={spots.map((spot) => spot.id)} youngPersonName={youngPersonName} />
    </div>
  );
}

/** One person on the map: their mark, line ends, name and contact in words; a button where they can be changed. */
function MapPerson({ spot, person, label, tabStop, onFocus, onOpen }: {
  spot: Spot;
  person: Person;
  label: string;
  tabStop: boolean;
  onFocus: (keyboard: boolean) => void;
  onOpen: (() => void) | undefined;
}) {
  const left = -LABEL_WIDTH / 2;
  const top = -LABEL_TOP - 2;
  return (
    <g
      className="map-person"
      transform={`translate(${spot.x.toFixed(1)} ${spot.y.toFixed(1)})`}
      role={onOpen ? 'button' : 'img'}
      aria-label={label}
      tabIndex={tabStop ? 0 : -1}
      data-person={person.id}
      data-focus={`person:${person.id}`}
      onFocus={(event) => onFocus(event.currentTarget.matches(':focus-visible'))}
      onClick={onOpen}
    >
      <rect className="map-hit" x={left} y={top} width={LABEL_WIDTH} height={LABEL_HEIGHT + 2} rx={8} />
      <rect className="map-focus" x={left + 1} y={top + 1} width={LABEL_WIDTH - 2} height={LABEL_HEIGHT} rx={8} />
      <PersonDrawing person={person} />
    </g>
  );
}
