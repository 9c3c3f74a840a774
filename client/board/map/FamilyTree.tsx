// The family tree (genogram) of "My people": generations in rows as ELK lays them out
// (shared/familyMap/genogramLayout.ts), the usual marks, and the same facts as a table. One Tab stop;
// the arrow keys move along relationships (treeKeys.ts), Enter opens a person, Escape leaves.
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Person, Relationship } from '../../../shared/board.ts';
import { TREE_MARK_Y, type TreeNode } from '../../../shared/familyMap/genogramLayout.ts';
import { CONNECTION_LABELS, YOUNG_PERSON } from '../../../shared/vocabulary.ts';
import { REVEAL_ON_MAP } from '../follow.ts';
import { ZoomButtons } from './ZoomButtons.tsx';
import { diedWords } from './mapWords.ts';
import { nextInTree, type TreeSpot } from './treeKeys.ts';
import { personKeyHandler } from './mapKeys.ts';
import { TreeBackdrop, TreeBoxDrawing } from './TreeDrawing.tsx';
import { TreeTable } from './TreeTable.tsx';
import { treeName, type Kin } from './treeWords.ts';
import { useGenogram } from './useGenogram.ts';
import { useZoomPan } from './useZoomPan.ts';

interface FamilyTreeProps {
  people: readonly Person[];
  relationships: readonly Relationship[];
  youngPersonName: string;
  /** Opens a person (their relationships and "Add their mother…"); absent where the board cannot be changed. */
  onOpen?: (id: string) => void;
  /** Where focus goes on Escape. */
  onLeave: () => void;
  /** Shown right under the tree (the person opened). */
  children?: ReactNode;
}

/** Who is who, for the words: the board's people and lines. */
export function kinOf(people: readonly Person[], relationships: readonly Relationship[], youngPersonName: string): Kin {
  const byId = new Map<string, Person>(people.map((person) => [person.id, person]));
  return {
    lines: relationships,
    genderOf: (id) => byId.get(id)?.gender ?? 'unknown',
    nameOf: (id) => (id === YOUNG_PERSON ? youngPersonName : (byId.get(id)?.displayName.trim() ?? 'someone')),
  };
}

/** A person's name on the tree, with their relationships, contact and whether they have died. */
export function treeLabel(kin: Kin, person: Person | undefined, id: string, youngPersonName: string): string {
  const rest = person ? [CONNECTION_LABELS[person.connection].toLocaleLowerCase(), diedWords(person.died)] : [];
  return treeName(kin, id, person?.relationship ?? '', rest, youngPersonName);
}

/** The tree, its zoom buttons and the same facts as a table. */
export function FamilyTree({ people, relationships, youngPersonName, onOpen, onLeave, children }: FamilyTreeProps) {
  const id = useId();
  const layout = useGenogram(people, relationships, youngPersonName);
  const byId = useMemo(() => new Map<string, Person>(people.map((person) => [person.id, person])), [people]);
  const kin = useMemo(() => kinOf(people, relationships, youngPersonName), [people, relationships, youngPersonName]);
  // The young person's mark is the drawing's (0, 0), where the map opens on a small screen.
  const origin = useMemo(() => {
    const yp = layout?.nodes.find((node) => node.id === YOUNG_PERSON);
    return yp ? { x: yp.x + yp.width / 2, y: yp.y + TREE_MARK_Y } : { x: 0, y: 0 };
  }, [layout]);
  const bounds = useMemo(
    () => (layout ? { x: -origin.x, y: -origin.y, width: layout.bounds.width, height: layout.bounds.height } : { x: -100, y: -50, width: 200, height: 100 }),
    [layout, origin],
  );
  const viewport = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const zoom = useZoomPan(viewport, bounds);
  const [active, setActive] = useState<string | null>(null);
  const spots: TreeSpot[] = useMemo(
    () =>
      (layout?.rows ?? []).flatMap((row, index) =>
        row.ids.map((nodeId) => {
          const node = layout?.nodes.find((n) => n.id === nodeId);
          return { id: nodeId, row: index, x: node ? node.x + node.width / 2 : 0 };
        }),
      ),
    [layout],
  );
  const tabStop = active !== null && spots.some((spot) => spot.id === active) ? active : YOUNG_PERSON;
  const centreOf = (node: TreeNode) => ({ x: node.x + node.width / 2 - origin.x, y: node.y + TREE_MARK_Y - origin.y });

  const focusPerson = (personId: string) => {
    setActive(personId);
    const node = layout?.nodes.find((n) => n.id === personId);
    if (node) zoom.reveal(centreOf(node).x, centreOf(node).y);
    svg.current?.querySelector<SVGElement>(`[data-person="${CSS.escape(personId)}"]`)?.focus();
  };

  // "Bring everyone here" to someone on the tree (BringHereNotice.tsx): the tree pans to them.
  const revealLatest = useRef(zoom.reveal);
  revealLatest.current = zoom.reveal;
  useEffect(() => {
    const element = svg.current;
    if (!element || !layout) return undefined;
    const onReveal = (event: Event) => {
      const personId = event.target instanceof Element ? event.target.closest('[data-person]')?.getAttribute('data-person') : null;
      const node = personId ? layout.nodes.find((n) => n.id === personId) : undefined;
      if (node) revealLatest.current(node.x + node.width / 2 - origin.x, node.y + TREE_MARK_Y - origin.y);
    };
    element.addEventListener(REVEAL_ON_MAP, onReveal);
    return () => element.removeEventListener(REVEAL_ON_MAP, onReveal);
  }, [layout, origin]);

  const onKeyDown = personKeyHandler({ next: (key, personId) => nextInTree(key, personId, relationships, spots), focusPerson, onOpen, onLeave });

  const hintId = `${id}-keys`;
  return (
    <div className="family-map family-tree">
      <p className="hint" id={hintId}>
        Tab to the family tree, then use the arrow keys: ↑ goes to a parent, ↓ to a child, ← and → to a partner, brother or sister.
        {onOpen ? ` Enter opens a person to add their family or change their relationships.` : ''} Escape leaves the tree. On a touch screen, drag to
        move the tree and pinch to zoom.
      </p>
      <div ref={viewport} className="map-viewport">
        {layout === null && <p className="tree-waiting">Drawing the family tree…</p>}
        <svg
          ref={svg}
          className="map-svg"
          role="group"
          aria-label={`Family tree of ${youngPersonName}`}
          aria-describedby={hintId}
          viewBox={zoom.viewBox}
          preserveAspectRatio="xMidYMid meet"
          onKeyDown={onKeyDown}
          {...zoom.handlers}
        >
          {layout && (
            <g transform={`translate(${(-origin.x).toFixed(1)} ${(-origin.y).toFixed(1)})`}>
              <TreeBackdrop layout={layout} />
              {layout.nodes.map((node) => (
                <TreePerson
                  key={node.id}
                  node={node}
                  person={byId.get(node.id)}
                  youngPersonName={youngPersonName}
                  label={treeLabel(kin, byId.get(node.id), node.id, youngPersonName)}
                  tabStop={node.id === tabStop}
                  onFocus={(keyboard) => {
                    setActive(node.id);
                    if (keyboard) zoom.reveal(centreOf(node).x, centreOf(node).y);
                  }}
                  onOpen={onOpen && (() => !zoom.dragged() && onOpen(node.id))}
                />
              ))}
            </g>
          )}
        </svg>
      </div>
      <ZoomButtons zoom={zoom} label="Zoom the family tree" />
      {children}
      <TreeKey />
      <TreeTable people={people} kin={kin} order={spots.map((spot) => spot.id)} youngPersonName={youngPersonName} />
    </div>
  );
}

/** One box on the tree: a button where the board can be changed, else an image with the same name. */
function TreePerson({ node, person, youngPersonName, label, tabStop, onFocus, onOpen }: {
  node: TreeNode;
  person: Person | undefined;
  youngPersonName: string;
  label: string;
  tabStop: boolean;
  onFocus: (keyboard: boolean) => void;
  onOpen: (() => void) | undefined;
}) {
  return (
    <g
      className={`map-person tree-person${node.id === YOUNG_PERSON ? ' tree-young-person' : ''}`}
      transform={`translate(${(node.x + node.width / 2).toFixed(1)} ${node.y.toFixed(1)})`}
      role={onOpen ? 'button' : 'img'}
      aria-label={label}
      tabIndex={tabStop ? 0 : -1}
      data-person={node.id}
      data-focus={node.id === YOUNG_PERSON ? undefined : `person:${node.id}`}
      onFocus={(event) => onFocus(event.currentTarget.matches(':focus-visible'))}
      onClick={onOpen}
    >
      <rect className="map-hit" x={-node.width / 2} y={0} width={node.width} height={node.height} rx={8} />
      <rect className="map-focus" x={-node.width / 2 + 1} y={1} width={node.width - 2} height={node.height - 2} rx={8} />
      <TreeBoxDrawing id={node.id} person={person} youngPersonName={youngPersonName} />
    </g>
  );
}

/** The key to the tree's marks and lines, in words. */
function TreeKey() {
  return (
    <details className="map-key">
      <summary className="map-key-title">What the marks and lines mean</summary>
      <ul className="map-key-list">
        <li>Square: a man or boy. Circle: a woman or girl. Diamond: another way, or not known.</li>
        <li>A cross through the mark: they have died.</li>
        <li>Double diamond: the young person.</li>
        <li>Solid lines join partners and hang their children below them; // across it: they have separated.</li>
        <li>Dashed lines with words: brothers and sisters with no parent on the tree, carers, friends and others.</li>
      </ul>
    </details>
  );
}
