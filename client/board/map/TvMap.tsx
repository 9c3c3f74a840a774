// The family map on the room's screen: the whole map, nothing to press, the person the coordinator is
// on marked as on the board's lists ("Now"). One image with a plain-words description for anyone
// using a screen reader on the screen's device.
import { useMemo } from 'react';
import type { Person } from '../../../shared/board.ts';
import { LABEL_HEIGHT, LABEL_TOP, LABEL_WIDTH, layoutEcomap } from '../../../shared/familyMap/ecomapLayout.ts';
import { MapBackdrop, PersonDrawing } from './MapDrawing.tsx';
import { personFacts } from './mapWords.ts';

export function TvMap({ people, youngPersonName, focusedId }: { people: readonly Person[]; youngPersonName: string; focusedId: string | null }) {
  const layout = useMemo(() => layoutEcomap(people), [people]);
  const byId = useMemo(() => new Map<string, Person>(people.map((person) => [person.id, person])), [people]);
  const { x, y, width, height } = layout.bounds;
  const label = `Map of ${youngPersonName}’s people: ${people.map((person) => personFacts(person, youngPersonName)).join('; ')}`;
  return (
    <svg className="tv-map" viewBox={`${x} ${y} ${width} ${height}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={label}>
      <MapBackdrop layout={layout} people={byId} youngPersonName={youngPersonName} />
      {layout.spots.map((spot) => {
        const person = byId.get(spot.id);
        if (!person) return null;
        return (
          <g key={spot.id} transform={`translate(${spot.x.toFixed(1)} ${spot.y.toFixed(1)})`} data-focus={`person:${spot.id}`} aria-hidden="true">
            {spot.id === focusedId && <rect className="tv-map-focus" x={-LABEL_WIDTH / 2} y={-LABEL_TOP - 2} width={LABEL_WIDTH} height={LABEL_HEIGHT + 2} rx={8} />}
            <PersonDrawing person={person} />
          </g>
        );
      })}
    </svg>
  );
}
