// The add / edit form for one of "My people": name, how they know the young person, circle, contact
// now, and the family map's facts (each optional, in their own group).
import { useId, useState, type FormEvent } from 'react';
import {
  CIRCLE_LABELS,
  CIRCLES,
  CONNECTION_LABELS,
  CONNECTIONS,
  type Circle,
  type Connection,
  type Person,
} from '../../shared/board.ts';
import { ErrorMessage } from '../Page.tsx';
import { messageOf } from '../errors.ts';
import { oneOf } from './choices.ts';
import { mapFactsDraft, mapFactsInput, type MapFactsDraft, type MapFactsInput } from './map/mapFacts.ts';
import { MapFactsFields } from './map/MapFactsFields.tsx';

/** The fields the form edits, as the board takes them. */
export interface PersonDraft extends MapFactsInput {
  displayName: string;
  relationship: string;
  circle: Circle;
  connection: Connection;
  atConference: boolean;
}

type FormState = Omit<PersonDraft, keyof MapFactsInput> & { facts: MapFactsDraft };

interface PersonFormProps {
  /** The person being edited, or undefined to add someone. */
  person?: Person;
  youngPersonName: string;
  submitLabel: string;
  /** Whether "In touch now?" is asked (always when adding; the list's cards change it in place). */
  askConnection?: boolean;
  onSubmit: (draft: PersonDraft) => void;
  onClose: () => void;
}

/** A form that calls `onSubmit` with the draft; a thrown BoardError is shown, not lost. */
export function PersonForm({ person, youngPersonName, submitLabel, askConnection = !person, onSubmit, onClose }: PersonFormProps) {
  const id = useId();
  const [draft, setDraft] = useState<FormState>(() => ({
    displayName: person?.displayName ?? '',
    relationship: person?.relationship ?? '',
    circle: person?.circle ?? 'family',
    connection: person?.connection ?? 'none',
    atConference: person?.atConference ?? false,
    facts: mapFactsDraft(person),
  }));
  const [error, setError] = useState('');
  const set = (patch: Partial<FormState>) => setDraft((previous) => ({ ...previous, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      const { facts, ...rest } = draft;
      onSubmit({ ...rest, ...mapFactsInput(facts) });
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <form className="form panel add-form" onSubmit={submit} aria-label={person ? `Change ${person.displayName}` : 'Add a person'}>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} required maxLength={200} autoFocus value={draft.displayName} onChange={(e) => set({ displayName: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-relationship`}>Who they are to {youngPersonName}</label>
        <p className="hint" id={`${id}-relationship-hint`}>
          For example “Nan”, “Older sister”, “Old foster carer”, “Football coach”.
        </p>
        <input
          id={`${id}-relationship`}
          maxLength={200}
          aria-describedby={`${id}-relationship-hint`}
          value={draft.relationship}
          onChange={(e) => set({ relationship: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-circle`}>Group</label>
        <select id={`${id}-circle`} value={draft.circle} onChange={(e) => set({ circle: oneOf(CIRCLES, e.target.value, draft.circle) })}>
          {CIRCLES.map((value) => (
            <option key={value} value={value}>
              {CIRCLE_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      {askConnection && (
        <div className="field">
          <label htmlFor={`${id}-connection`}>In touch now?</label>
          <select
            id={`${id}-connection`}
            value={draft.connection}
            onChange={(e) => set({ connection: oneOf(CONNECTIONS, e.target.value, draft.connection) })}
          >
            {CONNECTIONS.map((value) => (
              <option key={value} value={value}>
                {CONNECTION_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      )}
      {!person && (
        <div className="field field-check">
          <input id={`${id}-here`} type="checkbox" checked={draft.atConference} onChange={(e) => set({ atConference: e.target.checked })} />
          <label htmlFor={`${id}-here`}>At the conference</label>
        </div>
      )}
      <MapFactsFields id={`${id}-map`} draft={draft.facts} youngPersonName={youngPersonName} onChange={(patch) => set({ facts: { ...draft.facts, ...patch } })} />
      <div className="button-row">
        <button type="submit" className="button button-primary">
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onClose}>
          {person ? 'Cancel' : 'Close'}
        </button>
      </div>
    </form>
  );
}

/** What an edit form writes: everything but the connection and presence, which the card changes in place. */
export function personEdits(draft: PersonDraft, withConnection = false) {
  const { connection, atConference: _presence, ...edits } = draft;
  return withConnection ? { ...edits, connection } : edits;
}
