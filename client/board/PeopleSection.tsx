// "My people": everyone who matters to the young person, grouped by circle, with the connections count;
// shown as a list (the default) or as a map (the ecomap, client/board/map/).
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

/** The two ways of showing the people. */
export type PeopleView = 'list' | 'map';

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
  // The room's screen shows the people as the coordinator's board does (client/board/TvBoard.tsx).
  useEffect(() => {
    if (actor === 'coordinator') awareness?.setLocalStateField('peopleView', view);
  }, [actor, awareness, view]);
  // "Bring everyone here" to the people while the coordinator's board shows the map (BringHereNotice.tsx).
  useEffect(() => {
    const show = () => setView('map');
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
  const groups = CIRCLES.map((circle) => ({ circle, people: board.people.filter((person) => person.circle === circle) })).filter(
    (group) => group.people.length > 0,
  );

  return (
    <section className={`board-section people-section${view === 'map' ? ' people-section-map' : ''}`} aria-labelledby="people-heading" data-focus="section:people">
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
          Map
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
          </FamilyMap>
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
