// The preview of a family tree file: who is in it (each with a tick box), which of them is the young
// person, how they are related and what the file could not bring; "Bring N people onto the board"
// adds the ticked people and their relationships in one change. A plain table, so a file of 1,000
// people stays usable (one row re-renders when its box is ticked).
import { memo, useCallback, useId, useMemo, useRef, useState } from 'react';
import { relationshipWords, YOUNG_PERSON } from '../../shared/board.ts';
import { GENDER_WORDS } from './map/mapWords.ts';
import { useBoardEnv } from './BoardContext.tsx';
import { bringOntoBoard, outcomeWords, selectImport, yearsWords, type FilePerson, type FilePreview } from './familyImport.ts';

interface PreviewProps {
  preview: FilePreview;
  fileName: string;
  /** The young person's first name, as the board speaks of them. */
  youngPersonName: string;
  /** Called with what was brought (a sentence), or null when cancelled. */
  onClose: (outcome: string | null) => void;
}

const PersonRow = memo(function PersonRow({ person, checked, onToggle, idPrefix }: { person: FilePerson; checked: boolean; onToggle: (ref: string) => void; idPrefix: string }) {
  const id = `${idPrefix}-${person.ref}`;
  return (
    <tr>
      <td>
        <input id={id} type="checkbox" checked={checked} onChange={() => onToggle(person.ref)} />
      </td>
      <th scope="row">
        <label htmlFor={id}>
          <bdi>{person.name}</bdi>
        </label>
      </th>
      <td>{GENDER_WORDS[person.gender]}</td>
      <td>{yearsWords(person)}</td>
    </tr>
  );
});

/** The preview, until the coordinator brings the people or cancels. */
export function FamilyImportPreview({ preview, fileName, youngPersonName, onClose }: PreviewProps) {
  const { doc, announce } = useBoardEnv();
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(preview.people.map((person) => person.ref)));
  const [youngPersonRef, setYoungPersonRef] = useState<string | null>(null);
  // A second press (a double click, or a press before the preview closes) must not add anyone twice.
  const brought = useRef(false);
  const baseId = useId();
  const headingId = `${baseId}-heading`;

  const toggle = useCallback((ref: string) => {
    setTicked((before) => {
      const after = new Set(before);
      if (after.has(ref)) after.delete(ref);
      else after.add(ref);
      return after;
    });
  }, []);
  const selection = useMemo(() => selectImport(preview, { ticked, youngPersonRef }), [preview, ticked, youngPersonRef]);
  const names = useMemo(() => new Map(preview.people.map((person) => [person.ref, person.name])), [preview]);
  const nameOf = (end: string) => (end === YOUNG_PERSON ? youngPersonName : (names.get(end) ?? 'someone'));
  const count = selection.people.length;

  const bring = () => {
    if (brought.current) return;
    brought.current = true;
    const words = outcomeWords(bringOntoBoard(doc, selection));
    announce(words);
    onClose(words);
  };

  return (
    <section className="family-import-preview" aria-labelledby={headingId}>
      <h3 id={headingId}>
        In {fileName || 'the file'}: {preview.people.length} {preview.people.length === 1 ? 'person' : 'people'}
      </h3>
      <p className="hint">Untick anyone you do not want on the board. Everyone you bring starts in the Family circle, not in touch; change that on their card after.</p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => setTicked(new Set(preview.people.map((person) => person.ref)))}>
          Tick all
        </button>
        <button type="button" className="button" onClick={() => setTicked(new Set())}>
          Untick all
        </button>
      </div>
      <div className="family-import-table">
        <table>
          <caption>Who is in the file</caption>
          <thead>
            <tr>
              <th scope="col">Bring</th>
              <th scope="col">Name</th>
              <th scope="col">Gender</th>
              <th scope="col">Born and died</th>
            </tr>
          </thead>
          <tbody>
            {preview.people.map((person) => (
              <PersonRow key={person.ref} person={person} checked={ticked.has(person.ref)} onToggle={toggle} idPrefix={baseId} />
            ))}
          </tbody>
        </table>
      </div>

      <div className="field">
        <label htmlFor={`${baseId}-young`}>Which of these is {youngPersonName}?</label>
        <select id={`${baseId}-young`} value={youngPersonRef ?? ''} onChange={(event) => setYoungPersonRef(event.target.value || null)} aria-describedby={`${baseId}-young-hint`}>
          <option value="">None of them</option>
          {preview.people.map((person) => (
            <option key={person.ref} value={person.ref}>
              {person.name}
              {person.born === null ? '' : ` (born ${person.born})`}
            </option>
          ))}
        </select>
        <p id={`${baseId}-young-hint`} className="hint">
          If {youngPersonName} is in the file, they are not added again: their relationships join {youngPersonName} on the board.
        </p>
      </div>

      <h4 id={`${baseId}-lines`}>How they are related ({selection.relationships.length})</h4>
      {selection.relationships.length === 0 ? (
        <p className="empty">No relationships between the people ticked.</p>
      ) : (
        <ul className="family-import-lines" tabIndex={0} aria-labelledby={`${baseId}-lines`}>
          {selection.relationships.map((line) => (
            <li key={`${line.from} ${line.to} ${line.kind}`}>{relationshipWords(line, nameOf)}</li>
          ))}
        </ul>
      )}

      {preview.problems.length > 0 && (
        <>
          <h4 id={`${baseId}-problems`}>What the file could not bring</h4>
          <ul className="family-import-problems" tabIndex={0} aria-labelledby={`${baseId}-problems`}>
            {preview.problems.map((problem, index) => (
              // Problems repeat word for word (one per left-out link), so their place is their key.
              <li key={index}>{problem}</li>
            ))}
          </ul>
        </>
      )}

      <div className="button-row">
        <button type="button" className="button button-primary" disabled={count === 0 && selection.relationships.length === 0} onClick={bring}>
          Bring {count} {count === 1 ? 'person' : 'people'} onto the board
        </button>
        <button type="button" className="button" onClick={() => onClose(null)}>
          Cancel
        </button>
      </div>
    </section>
  );
}
