// A person's mark on the family map, as family maps draw it: a circle for a woman or girl, a square
// for a man or boy, a diamond otherwise; a cross through it when they have died; "new" beside it when
// they are new since the Lifelong Links work began. The words for all of it are in the person's name.
import type { Gender } from '../../../shared/vocabulary.ts';

const SIZE = 13;

export function PersonMark({ gender, died, newSinceStart }: { gender: Gender; died: boolean; newSinceStart: boolean }) {
  return (
    <>
      {gender === 'female' ? (
        <circle className="map-mark" r={SIZE} />
      ) : gender === 'male' ? (
        <rect className="map-mark" x={-SIZE + 1} y={-SIZE + 1} width={2 * SIZE - 2} height={2 * SIZE - 2} />
      ) : (
        <path className="map-mark" d={`M 0 ${-SIZE - 1} L ${SIZE + 1} 0 L 0 ${SIZE + 1} L ${-SIZE - 1} 0 Z`} />
      )}
      {died && (
        <g className="map-died">
          <line x1={-SIZE + 2} y1={-SIZE + 2} x2={SIZE - 2} y2={SIZE - 2} />
          <line x1={SIZE - 2} y1={-SIZE + 2} x2={-SIZE + 2} y2={SIZE - 2} />
        </g>
      )}
      {newSinceStart && (
        <g className="map-new">
          <rect x={SIZE + 3} y={-9} width={30} height={16} rx={8} />
          <text x={SIZE + 18} y={3} textAnchor="middle">
            new
          </text>
        </g>
      )}
    </>
  );
}
