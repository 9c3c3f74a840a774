// What the family tree draws, shared by the board's tree (FamilyTree.tsx) and the room's screen: ELK's
// lines (family lines solid, other relationships dashed with their words, // where a couple parted),
// and the young person's double mark. Hidden from screen readers: each person's own name says it all.
import type { Person } from '../../../shared/board.ts';
import { TREE_MARK_Y, type GenogramLayout, type Point } from '../../../shared/familyMap/genogramLayout.ts';
import { YOUNG_PERSON } from '../../../shared/vocabulary.ts';
import { PersonDrawing } from './MapDrawing.tsx';
import { shortName } from './mapWords.ts';

const path = (points: readonly Point[]) => points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');

/** The lines, separation marks and words behind everyone. */
export function TreeBackdrop({ layout }: { layout: GenogramLayout }) {
  return (
    <g aria-hidden="true">
      {layout.lines.map((line) => (
        <path key={line.id} className={line.style === 'link' ? 'tree-link' : 'tree-line'} d={path(line.points)} />
      ))}
      {layout.joins.filter((join) => join.children.length > 0).map((join) => (
        // ELK's lines end at the join's top and start again at its bottom: the join itself joins them.
        <line key={join.id} className="tree-line" x1={join.x} y1={join.y - 4} x2={join.x} y2={join.y + 4} />
      ))}
      {layout.joins
        .filter((join) => join.parted)
        .map((join) => {
          // The couple's line is the last bend of an edge into the join; the // goes across it, halfway
          // between the two (not at the join, where a child's line may also run).
          const into = layout.lines.find((line) => line.id.endsWith(`>${join.id}`));
          const y = into && into.points.length >= 2 ? into.points[into.points.length - 2]!.y : join.y - 8;
          const middles = layout.nodes.filter((node) => join.parents.includes(node.id)).map((node) => node.x + node.width / 2);
          const x = middles.length > 0 ? middles.reduce((sum, m) => sum + m, 0) / middles.length : join.x;
          return (
            <g key={join.id} className="tree-parted">
              <line x1={x - 7} y1={y + 7} x2={x - 1} y2={y - 7} />
              <line x1={x + 1} y1={y + 7} x2={x + 7} y2={y - 7} />
            </g>
          );
        })}
      {layout.labels.map((label) => (
        <text key={label.id} className="tree-link-words" x={label.x} y={label.y - 4} textAnchor="middle">
          {label.text}
        </text>
      ))}
    </g>
  );
}

/** One box's drawing, its middle at x = 0, its top at y = 0. */
export function TreeBoxDrawing({ id, person, youngPersonName }: { id: string; person: Person | undefined; youngPersonName: string }) {
  if (id === YOUNG_PERSON) {
    return (
      <g aria-hidden="true" transform={`translate(0 ${TREE_MARK_Y})`}>
        <path className="map-mark tree-young-mark" d="M 0 -17 L 17 0 L 0 17 L -17 0 Z" />
        <path className="map-mark" d="M 0 -11 L 11 0 L 0 11 L -11 0 Z" />
        <text className="map-name" y={32} textAnchor="middle">
          {shortName(youngPersonName, 12)}
        </text>
        <text className="map-contact" y={44} textAnchor="middle">
          Young person
        </text>
      </g>
    );
  }
  if (!person) return null;
  return (
    <g transform={`translate(0 ${TREE_MARK_Y})`}>
      <PersonDrawing person={person} />
    </g>
  );
}
