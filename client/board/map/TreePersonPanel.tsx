// A person opened on the family tree (or the map): their relationships, each with "change what it is"
// and Remove (into "Removed", where anyone can put it back), "Add their mother / father / brother /
// sister / partner / child" (the person and the line in one go) and "Add a relationship to someone
// already here". A refusal shows in the panel's error spot in the board's own sentence.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { editRelationship, removeToList, type Person, type Relationship } from '../../../shared/board.ts';
import { GENDERS, RELATIONSHIP_KINDS, RELATIONSHIP_LABELS, YOUNG_PERSON, type Gender, type RelationshipKind } from '../../../shared/vocabulary.ts';
import { ErrorMessage } from '../../Page.tsx';
import { addRelationship } from '../../../shared/board.ts';
import { useBoardAction, useBoardEnv } from '../BoardContext.tsx';
import { EditingNow, useShareEditing } from '../editing.tsx';
import { GENDER_WORDS } from './mapWords.ts';
import { addRelative, LINK_CHOICES, lineId, linkLine, party, relativeAbout, relativeGender, RELATIVES, type LinkChoice, type Relative } from './relativeWrites.ts';
import { linesWords, type Kin } from './treeWords.ts';

interface PanelProps {
  id: string;
  people: readonly Person[];
  relationships: readonly Relationship[];
  kin: Kin;
  youngPersonName: string;
  /** Opens the person's own form (name, who they are, map facts); absent for the young person. */
  onChangeDetails?: () => void;
  onClose: () => void;
  /** Whether the panel takes focus when it opens (not under the map's own form, which does). */
  focusOnOpen?: boolean;
}

export function TreePersonPanel({ id, people, relationships, kin, youngPersonName, onChangeDetails, onClose, focusOnOpen = true }: PanelProps) {
  const { doc, announce, awareness, editors, myId } = useBoardEnv();
  const { error, run } = useBoardAction();
  const formId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const section = useRef<HTMLElement>(null);
  /** Back to the button that opened a form, once it is done (its fields are gone). */
  const backTo = (selector: string) => window.setTimeout(() => section.current?.querySelector<HTMLElement>(selector)?.focus(), 0);
  const [adding, setAdding] = useState<Relative | null>(null);
  const [linking, setLinking] = useState(false);
  const name = kin.nameOf(id);
  useShareEditing(awareness, { kind: 'person', id }, id !== YOUNG_PERSON);
  useEffect(() => {
    if (focusOnOpen) heading.current?.focus();
  }, [focusOnOpen]);
  const lines = linesWords({ ...kin, lines: relationships }, id);

  return (
    <section ref={section} className="map-editor tree-panel" aria-labelledby={`${formId}-title`}>
      <h3 className="map-editor-title" id={`${formId}-title`} ref={heading} tabIndex={-1}>
        <bdi>{name}</bdi>’s family
      </h3>
      {id !== YOUNG_PERSON && <EditingNow names={editors.get(`person:${id}`)} />}
      <ErrorMessage>{error}</ErrorMessage>
      <h4>Relationships</h4>
      {lines.length === 0 ? (
        <p className="hint">No relationships yet.</p>
      ) : (
        <ul className="tree-lines">
          {lines.map(({ line, words }) => (
            <li key={line.id}>
              <span className="tree-line-words">{words}</span>
              <label className="tree-line-kind">
                <span className="visually-hidden">What “{words}” is</span>
                <select
                  value={line.kind}
                  onChange={(event) =>
                    run(() => {
                      editRelationship(doc, lineId(line.id), { kind: event.target.value as RelationshipKind });
                      announce(`Changed: ${RELATIONSHIP_LABELS[event.target.value as RelationshipKind]}.`);
                    })
                  }
                >
                  {RELATIONSHIP_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {RELATIONSHIP_LABELS[kind]}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="button button-small"
                onClick={() =>
                  run(() => {
                    removeToList(doc, 'relationship', lineId(line.id), myId, new Date().toISOString());
                    announce(`Removed “${words}”. It is in Removed, where anyone can put it back.`);
                  })
                }
              >
                Remove<span className="visually-hidden"> “{words}”</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <h4>Add to the family</h4>
      <div className="button-row tree-add" role="group" aria-label={`Add ${name}’s family`}>
        {RELATIVES.map((relative) => (
          <button key={relative} type="button" className="button" data-relative={relative} aria-expanded={adding === relative} onClick={() => setAdding(adding === relative ? null : relative)}>
            Add their {relative}
          </button>
        ))}
        <button type="button" className="button" data-relative="link" aria-expanded={linking} onClick={() => setLinking(!linking)}>
          Add a relationship to someone already here
        </button>
      </div>
      {adding !== null && (
        <RelativeForm
          key={adding}
          relative={adding}
          anchorName={name}
          onCancel={() => {
            backTo(`[data-relative="${adding}"]`);
            setAdding(null);
          }}
          onAdd={(newName, gender) =>
            run(() => {
              addRelative(doc, id, adding, { name: newName, gender, about: relativeAbout(kin, adding, id, gender) });
              announce(`Added ${newName} as ${name}’s ${adding}.`);
              backTo(`[data-relative="${adding}"]`);
              setAdding(null);
            })
          }
        />
      )}
      {linking && (
        <LinkForm
          id={id}
          name={name}
          others={[...(id === YOUNG_PERSON ? [] : [{ id: YOUNG_PERSON, name: youngPersonName }]), ...people.filter((p) => p.id !== id).map((p) => ({ id: p.id, name: p.displayName }))]}
          onCancel={() => {
            backTo('[data-relative="link"]');
            setLinking(false);
          }}
          onAdd={(other, choice) =>
            run(() => {
              const line = linkLine(choice, id, other);
              addRelationship(doc, { from: party(line.from), to: party(line.to), kind: line.kind });
              announce(`Added: ${name} is ${LINK_CHOICES.find((c) => c.value === choice)?.label ?? ''} ${kin.nameOf(other)}.`);
              backTo('[data-relative="link"]');
              setLinking(false);
            })
          }
        />
      )}
      <div className="button-row">
        {onChangeDetails && (
          <button type="button" className="button" onClick={onChangeDetails}>
            {`Change ${name}’s details`}
          </button>
        )}
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}

/** Name and (optionally) gender of a relative to add. */
function RelativeForm({ relative, anchorName, onAdd, onCancel }: { relative: Relative; anchorName: string; onAdd: (name: string, gender: Gender) => void; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState('');
  const [gender, setGender] = useState<Gender>(relativeGender(relative));
  const title = `Add ${anchorName}’s ${relative}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() !== '') onAdd(name.trim(), gender);
  };
  return (
    <form className="form panel add-form" aria-label={title} onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} required maxLength={200} autoFocus autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <fieldset className="field map-choices" role="radiogroup" aria-labelledby={`${id}-gender`}>
        <legend id={`${id}-gender`}>Gender (you can leave this)</legend>
        {GENDERS.map((option) => (
          <label key={option} className="choice">
            <input type="radio" name={`${id}-gender-choice`} checked={gender === option} onChange={() => setGender(option)} /> {GENDER_WORDS[option]}
          </label>
        ))}
      </fieldset>
      <div className="button-row">
        <button type="submit" className="button button-primary">
          {title}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "[name] is [a parent of] [someone]". */
function LinkForm({ id, name, others, onAdd, onCancel }: {
  id: string;
  name: string;
  others: readonly { id: string; name: string }[];
  onAdd: (other: string, choice: LinkChoice) => void;
  onCancel: () => void;
}) {
  const formId = useId();
  const [other, setOther] = useState(others[0]?.id ?? '');
  const [choice, setChoice] = useState<LinkChoice>('sibling');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (other !== '') onAdd(other, choice);
  };
  return (
    <form className="form panel add-form" aria-label={`Add a relationship for ${name}`} onSubmit={submit} data-anchor={id}>
      <div className="field">
        <label htmlFor={`${formId}-kind`}>
          <bdi>{name}</bdi> is…
        </label>
        <select id={`${formId}-kind`} value={choice} onChange={(e) => setChoice(e.target.value as LinkChoice)}>
          {LINK_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${formId}-who`}>Who</label>
        <select id={`${formId}-who`} value={other} onChange={(e) => setOther(e.target.value)}>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={others.length === 0}>
          Add this relationship
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
