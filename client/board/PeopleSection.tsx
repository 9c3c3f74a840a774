// "My people": everyone who matters to the young person, grouped by circle, with the connections count;
// shown as a list (the default), as a map (the ecomap) or as a family tree (the genogram), both in
// client/board/map/. A person opened on either picture offers their family to add to and change.
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { mayWrite } from '../../shared/rules.ts';
import { useNotesDoc } from './useNotesDoc.ts';
import { addPerson, CIRCLE_LABELS, CIRCLES, connectionsNow, type Board } from '../../shared/board.ts';
import { connectionsWords } from './wording.ts';
import { firstName } from '../format.ts';
import { useBoardEnv } from './BoardContext.tsx';
import { AddDisclosure } from './AddDisclosure.tsx';
import { PersonForm } from './PersonForm.tsx';
import { PersonItem } from './PersonItem.tsx';
import { RemovedWhileEditing } from './RemovedSection.tsx';
import { RovingList } from './roving.tsx';
import { FamilyMap } from './map/FamilyMap.tsx';
import { SHOW_PEOPLE_MAP } from './follow.ts';
import { MapPersonEditor } from './map/MapPersonEditor.tsx';
import { FamilyFile } from './FamilyFile.tsx';
import { FamilyTree, kinOf } from './map/FamilyTree.tsx';
import { TreePersonPanel } from './map/TreePersonPanel.tsx';
import { linesWords } from './map/treeWords.ts';
import { YOUNG_PERSON } from '../../shared/vocabulary.ts';

/** The three ways of showing the people. */
export type PeopleView = 'list' | 'map' | 'tree';

/** The "My people" section. */
export function PeopleSection({ board, conferenceId }: { board: Board; conferenceId: string }) {
  const { doc, canEdit, announce, rules, actor, awareness } = useBoardEnv();
  const mayNotes = mayWrite('private', 'edit', 'notes.*.safety', rules);
  const [showNotes, setShowNotes] = useState(false);
  const notes = useNotesDoc(conferenceId, mayNotes && showNotes);
  const notesDoc: Y.Doc | null = showNotes && notes.loaded ? notes.doc : null;
  const [editingId, setEditingId] = useState<string | null>(null);
  const [view, setView] = useState<PeopleView>('list');
  const mapButton = useRef<HTMLButtonElement>(null);
  const treeButton = useRef<HTMLButtonElement>(null);
  /** On the tree: the person opened, and whether their own details form is open rather than their family. */
  const [treeOpen, setTreeOpen] = useState<{ id: string; details: boolean } | null>(null);
  // The room's screen shows the people as the coordinator's board does (client/board/TvBoard.tsx).
  useEffect(() => {
    if (actor === 'coordinator') awareness?.setLocalStateField('peopleView', view);
  }, [actor, awareness, view]);
  // "Bring everyone here" to the people while the coordinator's board shows the map (BringHereNotice.tsx).
  useEffect(() => {
    const show = (event: Event) => setView(event instanceof CustomEvent && event.detail === 'tree' ? 'tree' : 'map');
    document.addEventListener(SHOW_PEOPLE_MAP, show);
    return () => document.removeEventListener(SHOW_PEOPLE_MAP, show);
  }, []);
  const editingPerson = view === 'map' && editingId !== null ? board.people.find((person) => person.id === editingId) : undefined;
  const closeMapEditor = () => {
    const id = editingId;
    setEditingId(null);
    // Back to the person on the map, as closing a card's form goes back to its card.
    if (id !== null) window.setTimeout(() => document.querySelector<SVGElement>(`.family-map [data-person="${CSS.escape(id)}"]`)?.focus(), 0);
  };
  const name = firstName(board.meta.youngPersonName) || 'the young person';
  const kin = kinOf(board.people, board.relationships, name);
  const treeOpenId = treeOpen !== null && (treeOpen.id === YOUNG_PERSON || board.people.some((person) => person.id === treeOpen.id)) ? treeOpen : null;
  const treePerson = treeOpenId?.details ? board.people.find((person) => person.id === treeOpenId.id) : undefined;
  const closeTree = () => {
    const id = treeOpen?.id;
    setTreeOpen(null);
    if (id !== undefined) window.setTimeout(() => document.querySelector<SVGElement>(`.family-tree [data-person="${CSS.escape(id)}"]`)?.focus(), 0);
  };
  const groups = CIRCLES.map((circle) => ({ circle, people: board.people.filter((person) => person.circle === circle) })).filter(
    (group) => group.people.length > 0,
  );

  return (
    <section className={`board-section people-section${view !== 'list' ? ' people-section-map' : ''}`} aria-labelledby="people-heading" data-focus="section:people">
      <h2 id="people-heading">My people</h2>
      <p className="connections">
        People {name} is in touch with: <strong>{connectionsWords(board.meta.connectionsAtStart, connectionsNow(board))}</strong>
      </p>
      {mayNotes && (
        <p>
          <button type="button" className="button" aria-pressed={showNotes} onClick={() => setShowNotes(!showNotes)}>
            {showNotes ? 'Hide the professionals’ notes' : 'Show the professionals’ notes'}
          </button>
          {showNotes && !notesDoc && <span className="hint"> Opening…</span>}
        </p>
      )}
      <RemovedWhileEditing board={board} kind="person" editingId={editingId} onDone={() => setEditingId(null)} />
      <div className="view-switch button-row" role="group" aria-label="Show the people as">
        <button type="button" className="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
          List
        </button>
        <button ref={mapButton} type="button" className="button" aria-pressed={view === 'map'} onClick={() => setView('map')}>
          People map
        </button>
        <button ref={treeButton} type="button" className="button" aria-pressed={view === 'tree'} onClick={() => setView('tree')}>
          Family tree
        </button>
      </div>
      {groups.length === 0 && <p className="empty">No one added yet. Who matters to {name}?</p>}
      {view === 'map' && (
          <FamilyMap
            people={board.people}
            youngPersonName={name}
            onOpen={canEdit ? (id) => setEditingId(id) : undefined}
            onLeave={() => mapButton.current?.focus()}
          >
            {canEdit && editingPerson && <MapPersonEditor key={editingPerson.id} person={editingPerson} youngPersonName={name} onClose={closeMapEditor} />}
            {canEdit && editingPerson && (
              <TreePersonPanel
                key={`family-${editingPerson.id}`}
                id={editingPerson.id}
                people={board.people}
                relationships={board.relationships}
                kin={kin}
                youngPersonName={name}
                focusOnOpen={false}
                onClose={closeMapEditor}
              />
            )}
          </FamilyMap>
      )}
      {view === 'tree' && (
        <FamilyTree
          people={board.people}
          relationships={board.relationships}
          youngPersonName={name}
          onOpen={canEdit ? (id) => setTreeOpen({ id, details: false }) : undefined}
          onLeave={() => treeButton.current?.focus()}
        >
          {canEdit && treeOpenId && !treeOpenId.details && (
            <TreePersonPanel
              key={treeOpenId.id}
              id={treeOpenId.id}
              people={board.people}
              relationships={board.relationships}
              kin={kinOf(board.people, board.relationships, name)}
              youngPersonName={name}
              onChangeDetails={treeOpenId.id === YOUNG_PERSON ? undefined : () => setTreeOpen({ id: treeOpenId.id, details: true })}
              onClose={closeTree}
            />
          )}
          {canEdit && treePerson && <MapPersonEditor key={treePerson.id} person={treePerson} youngPersonName={name} onClose={closeTree} />}
        </FamilyTree>
      )}
      {view === 'list' && groups.map((group) => (
        <div key={group.circle} className="group">
          <h3 id={`people-${group.circle}`}>{CIRCLE_LABELS[group.circle]}</h3>
          <RovingList className="item-list" aria-labelledby={`people-${group.circle}`}>
            {group.people.map((person) => (
              <PersonItem
                key={person.id}
                person={person}
                youngPersonName={name}
                editing={editingId === person.id}
                onEditingChange={(on) => setEditingId(on ? person.id : null)}
                notesDoc={notesDoc}
                family={linesWords(kin, person.id).map(({ words }) => words)}
              />
            ))}
          </RovingList>
        </div>
      ))}
      {canEdit && (
        <AddDisclosure label="Add a person">
          {(close) => (
            <PersonForm
              youngPersonName={name}
              submitLabel="Add this person"
              onClose={close}
              onSubmit={(draft) => {
                addPerson(doc, draft);
                announce(`Added ${draft.displayName.trim()} to My people.`);
                close();
              }}
            />
          )}
        </AddDisclosure>
      )}
      {actor === 'coordinator' && <FamilyFile conferenceId={conferenceId} youngPersonName={name} />}
    </section>
  );
}
