// The coordinator's "Family tree file" under My people: the family as a GEDCOM file to download (for
// GenoPro and other family-tree programs), and a file from one of those programs to bring people in
// from, after a preview (FamilyImportPreview.tsx) where nothing is written until they press the button.
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { api, type FamilyPreview } from '../api.ts';
import { messageOf } from '../errors.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardEnv } from './BoardContext.tsx';
import { FamilyImportPreview } from './FamilyImportPreview.tsx';

/** Where the board's family now downloads as GEDCOM. */
export function familyFileUrl(conferenceId: string): string {
  return `/api/conferences/${encodeURIComponent(conferenceId)}/family.ged`;
}

/** The disclosure: a download link for everyone it is shown to, the import for those who may change the board. */
export function FamilyFile({ conferenceId, youngPersonName }: { conferenceId: string; youngPersonName: string }) {
  const { canEdit } = useBoardEnv();
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  return (
    <div className="family-file no-print">
      <button type="button" className="button button-quiet" aria-expanded={open} aria-controls={open ? bodyId : undefined} onClick={() => setOpen(!open)}>
        <span aria-hidden="true" className="button-icon">
          {open ? '▾' : '▸'}
        </span>
        Family tree file
      </button>
      {open && (
        <div id={bodyId} className="family-file-body">
          <p className="hint">
            A family tree file (GEDCOM, .ged) is for GenoPro and other family-tree programs: download one to draw {youngPersonName}’s family
            there, or bring in people someone has already put in one.
          </p>
          <p>
            <a className="button" href={familyFileUrl(conferenceId)} download>
              Download the family as a family tree file (GEDCOM)
            </a>
          </p>
          {canEdit && <FamilyImport conferenceId={conferenceId} youngPersonName={youngPersonName} />}
        </div>
      )}
    </div>
  );
}

/** Choosing a file, reading it on the server, and the preview until the coordinator brings people or cancels. */
function FamilyImport({ conferenceId, youngPersonName }: { conferenceId: string; youngPersonName: string }) {
  const { announce } = useBoardEnv();
  const [preview, setPreview] = useState<FamilyPreview | null>(null);
  const [fileName, setFileName] = useState('');
  const [reading, setReading] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  // The newest file chosen wins: an earlier answer arriving late is dropped.
  const latest = useRef(0);

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setPreview(null);
    setError('');
    setDone('');
    if (!file) return;
    if (file.size === 0) {
      setError(`${file.name} is empty: save the family tree from your family-tree program as GEDCOM (.ged) and choose that file.`);
      return;
    }
    const asked = (latest.current += 1);
    setReading(true);
    setFileName(file.name);
    api.familyImport(conferenceId, file).then(
      (answer) => {
        if (asked !== latest.current) return;
        setReading(false);
        setPreview(answer);
        // The preview appears below the file chooser: say so to someone who cannot see it arrive.
        announce(`${file.name} has ${answer.people.length} ${answer.people.length === 1 ? 'person' : 'people'} in it. Check who to bring, below.`);
      },
      (failure: unknown) => {
        if (asked !== latest.current) return;
        setReading(false);
        setError(messageOf(failure));
      },
    );
  };

  const close = (outcome: string | null) => {
    setPreview(null);
    setDone(outcome ?? '');
    if (input.current) input.current.value = '';
    input.current?.focus();
  };

  return (
    <div className="family-import">
      <div className="field">
        <label htmlFor={inputId}>Bring people in from a family tree file (.ged)</label>
        <input ref={input} id={inputId} type="file" accept=".ged,.GED" onChange={choose} aria-describedby={`${inputId}-hint`} />
        <p id={`${inputId}-hint`} className="hint">
          You will see who is in the file first; nothing is added until you say so.
        </p>
      </div>
      {reading && <p className="hint">Reading {fileName}…</p>}
      <ErrorMessage>{error}</ErrorMessage>
      {done && <p className="family-import-done">{done}</p>}
      {preview && <FamilyImportPreview preview={preview} fileName={fileName} youngPersonName={youngPersonName} onClose={close} />}
    </div>
  );
}
