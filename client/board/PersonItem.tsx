// One of "My people": who they are, whether they are in touch now, whether they are here, edit / remove.
import { useId } from 'react';
import {
  CONNECTION_LABELS,
  CONNECTIONS,
  editPerson,
  removeToList,
  type Person,
} from '../../shared/board.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardAction, useBoardEnv } from './BoardContext.tsx';
import { oneOf } from './choices.ts';
import { ConfirmButton } from './ConfirmButton.tsx';
import { EditingNow, useShareEditing } from './editing.tsx';
import { removeQuestion } from './removeQuestion.ts';
import { WhoChanged } from './WhoChanged.tsx';
import { PersonForm, personEdits } from './PersonForm.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import type * as Y from 'yjs';

interface PersonItemProps {
  person: Person;
  youngPersonName: string;
  editing: boolean;
  onEditingChange: (on: boolean) => void;
  /** The professionals' notes, when they are open (coordinator and professionals only). */
  notesDoc: Y.Doc | null;
  /** Their relationships on the family tree in words ("Gran’s daughter"); changed from the tree or the map. */
  family?: readonly string[];
}

/** A person card; the contact select and "at the conference" box change the board at once. */
export function PersonItem({ person, youngPersonName, editing, onEditingChange, notesDoc, family = [] }: PersonItemProps) {
  const { doc, canEdit, announce, myId, awareness, editors } = useBoardEnv();
  const others = editors.get(`person:${person.id}`);
  useShareEditing(awareness, { kind: 'person', id: person.id }, editing && canEdit);
  const id = useId();
  const { error, run } = useBoardAction();

  return (
    <li className="item person" data-focus={`person:${person.id}`}>
      <p className="item-text">
        <strong>
          <bdi>{person.displayName}</bdi>
        </strong>
        {person.relationship && <span> · {person.relationship}</span>}
      </p>
      {family.length > 0 && <p className="item-meta person-family">Family: {family.join(', ')}</p>}
      {canEdit ? (
        <div className="person-controls">
          <div className="field field-inline">
            <label htmlFor={`${id}-connection`}>In touch now?</label>
            <select
              id={`${id}-connection`}
              value={person.connection}
              onChange={(e) => run(() => editPerson(doc, person.id, { connection: oneOf(CONNECTIONS, e.target.value, person.connection) }))}
            >
              {CONNECTIONS.map((value) => (
                <option key={value} value={value}>
                  {CONNECTION_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-check">
            <input
              id={`${id}-here`}
              type="checkbox"
              checked={person.atConference}
              onChange={(e) => run(() => editPerson(doc, person.id, { atConference: e.target.checked }))}
            />
            <label htmlFor={`${id}-here`}>At the conference</label>
          </div>
        </div>
      ) : (
        <p className="item-meta">
          {CONNECTION_LABELS[person.connection]}
          {person.atConference ? ' · At the conference' : ''}
        </p>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      {canEdit && editing && (
        <PersonForm
          person={person}
          youngPersonName={youngPersonName}
          submitLabel="Save changes"
          onClose={() => onEditingChange(false)}
          onSubmit={(draft) => {
            editPerson(doc, person.id, personEdits(draft));
            onEditingChange(false);
            announce(`Saved changes to ${draft.displayName.trim()}.`);
          }}
        />
      )}
      {!editing && <WhoChanged id={person.id} />}
      <EditingNow names={others} />
      {canEdit && !editing && (
        <div className="button-row">
          <button type="button" className="button button-quiet" aria-label={`Edit ${person.displayName}`} onClick={() => onEditingChange(true)}>
            Edit
          </button>
          <ConfirmButton
            label="Remove"
            accessibleLabel={`Remove ${person.displayName}`}
            question={removeQuestion(`${person.displayName} from My people`, others)}
            confirmLabel="Yes, remove"
            onConfirm={() =>
              run(() => {
                removeToList(doc, 'person', person.id, myId, new Date().toISOString());
                announce(`Removed ${person.displayName} from My people. They are in Removed, where anyone can put them back.`);
              })
            }
          />
        </div>
      )}
      {notesDoc && <NotesPanel doc={notesDoc} personId={person.id} name={person.displayName} />}
    </li>
  );
}
