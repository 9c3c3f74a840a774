// The family tree on the room's screen: the whole tree, nothing to press, the person the coordinator
// is on marked ("Now"), one image with the tree in words for a screen reader on the screen's device.
import { useMemo } from 'react';
import type { Person, Relationship } from '../../../shared/board.ts';
import { kinOf, treeLabel } from './FamilyTree.tsx';
import { TreeBackdrop, TreeBoxDrawing } from './TreeDrawing.tsx';
import { useGenogram } from './useGenogram.ts';

export function TvTree({ people, relationships, youngPersonName, focusedId }: {
  people: readonly Person[];
  relationships: readonly Relationship[];
  youngPersonName: string;
  focusedId: string | null;
}) {
  const layout = useGenogram(people, relationships, youngPersonName);
  const byId = useMemo(() => new Map<string, Person>(people.map((person) => [person.id, person])), [people]);
  const kin = useMemo(() => kinOf(people, relationships, youngPersonName), [people, relationships, youngPersonName]);
  if (layout === null) return null;
  const label = `Family tree of ${youngPersonName}: ${layout.nodes.map((node) => treeLabel(kin, byId.get(node.id), node.id, youngPersonName)).join('; ')}`;
  return (
    <svg className="tv-map tv-tree" viewBox={`0 0 ${layout.bounds.width} ${layout.bounds.height}`} preserveAspectRatio="xMidYMid meet" role="img" aria-label={label}>
      <TreeBackdrop layout={layout} />
      {layout.nodes.map((node) => (
        <g key={node.id} transform={`translate(${(node.x + node.width / 2).toFixed(1)} ${node.y.toFixed(1)})`} data-focus={`person:${node.id}`} aria-hidden="true">
          {node.id === focusedId && <rect className="tv-map-focus" x={-node.width / 2} y={0} width={node.width} height={node.height} rx={8} />}
          <TreeBoxDrawing id={node.id} person={byId.get(node.id)} youngPersonName={youngPersonName} />
        </g>
      ))}
    </svg>
  );
}
