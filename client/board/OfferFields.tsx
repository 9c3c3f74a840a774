// The offer's detail fields shared by the add form and the edit panel: from whom, kind, how often, start, supervision, wishes.
import { useId, type ReactNode } from 'react';
import {
  OFFER_KIND_LABELS,
  OFFER_KINDS,
  SUPERVISION_LABELS,
  SUPERVISIONS,
  type Board,
  type OfferKind,
  type Supervision,
} from '../../shared/board.ts';
import { OFFER_RECORD } from '../../shared/records/index.ts';
import { oneOf } from './choices.ts';

/** The values of the detail fields. */
export interface OfferDetails {
  personId: string;
  /** '' until chosen, in the add form: the kind is chosen, never assumed. */
  kind: OfferKind | '';
  frequency: string;
  startsOn: string;
  supervision: Supervision;
  objectiveIds: string[];
}

interface OfferFieldsProps {
  board: Board;
  value: OfferDetails;
  onChange: (patch: Partial<OfferDetails>) => void;
  /** Called when a text field loses focus (the edit panel saves then). */
  onCommit?: () => void;
  /** Shown between who is offering and what kind it is (the add form's "What is offered?"). */
  afterPerson?: ReactNode;
}

/** Labelled fields for an offer's details (the text itself is edited separately). */
export function OfferFields({ board, value, onChange, onCommit, afterPerson }: OfferFieldsProps) {
  const id = useId();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-person`}>Who is offering?</label>
        <select id={`${id}-person`} required value={value.personId} onChange={(e) => onChange({ personId: e.target.value })}>
          {value.personId === '' && <option value="">Choose a person…</option>}
          {board.people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.displayName}
              {person.relationship ? ` (${person.relationship})` : ''}
            </option>
          ))}
        </select>
      </div>
      {afterPerson}
      <div className="field">
        <label htmlFor={`${id}-kind`}>What kind of support is it?</label>
        <select
          id={`${id}-kind`}
          aria-required="true"
          value={value.kind}
          onChange={(e) => {
            const kind = OFFER_KINDS.find((k) => k === e.target.value);
            if (kind) onChange({ kind });
          }}
        >
          {value.kind === '' && <option value="">Choose the kind of support…</option>}
          {OFFER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {OFFER_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className="field-pair">
        <div className="field">
          <label htmlFor={`${id}-frequency`}>How often?</label>
          <input
            id={`${id}-frequency`}
            maxLength={200}
            placeholder="e.g. every other Sunday"
            value={value.frequency}
            onChange={(e) => onChange({ frequency: e.target.value })}
            onBlur={onCommit}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-starts`}>{OFFER_RECORD.fields.startsOn.label}</label>
          <input
            id={`${id}-starts`}
            maxLength={200}
            placeholder="e.g. after half term"
            value={value.startsOn}
            onChange={(e) => onChange({ startsOn: e.target.value })}
            onBlur={onCommit}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-supervision`}>Who else is there</label>
        <select
          id={`${id}-supervision`}
          value={value.supervision}
          onChange={(e) => onChange({ supervision: oneOf(SUPERVISIONS, e.target.value, value.supervision) })}
        >
          {SUPERVISIONS.map((supervision) => (
            <option key={supervision} value={supervision}>
              {SUPERVISION_LABELS[supervision]}
            </option>
          ))}
        </select>
      </div>
      {board.objectives.length > 0 && (
        <fieldset className="field checks">
          <legend>Which wishes does it help with?</legend>
          {board.objectives.map((objective) => (
            <div key={objective.id} className="field-check">
              <input
                id={`${id}-wish-${objective.id}`}
                type="checkbox"
                checked={value.objectiveIds.includes(objective.id)}
                onChange={(e) =>
                  onChange({
                    objectiveIds: e.target.checked
                      ? [...value.objectiveIds, objective.id]
                      : value.objectiveIds.filter((other) => other !== objective.id),
                  })
                }
              />
              <label htmlFor={`${id}-wish-${objective.id}`}>{objective.text || '(no words yet)'}</label>
            </div>
          ))}
        </fieldset>
      )}
    </>
  );
}
