// For the coordinator on the board: the checks before locking, live, in plain sentences (computed by
// shared/lock.ts, as the server computes them); the reason when the plan is agreed without the young
// person saying so; and "Lock the agreed plan". The professionals' notes are opened only once the
// coordinator asks for the checks (each opening is on the record).
import { useEffect, useId, useState } from 'react';
import type { Board } from '../../shared/board.ts';
import { lockChecklist, youngPersonAgreesNow, type ChecklistLine, type LockCheck, type Missing } from '../../shared/lock.ts';
import { readNotes, type PersonNotes } from '../../shared/notes.ts';
import { ApiError, api } from '../api.ts';
import { messageOf } from '../errors.ts';
import { firstName } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { ConfirmButton } from '../board/ConfirmButton.tsx';
import { useBoardEnv } from '../board/BoardContext.tsx';
import { useNotesDoc } from '../board/useNotesDoc.ts';
import { goToElement, goToOffer } from '../board/goTo.ts';
import { DetailsForm, ReviewDateForm } from './DetailsForm.tsx';

/** Where each check is done, for the link on an unmet line: an element id, or the offer it is about. */
const WHERE: Readonly<Record<LockCheck, { label: string; element: string }>> = {
  offersAgreed: { label: 'Go to the offers', element: 'offers-heading' },
  youngPersonYes: { label: 'Go to the offer', element: 'offers-heading' },
  youngPersonAgreed: { label: 'Go to “Do we agree?”', element: 'agree-heading' },
  approvals: { label: 'Go to the offer', element: 'offers-heading' },
  restrictions: { label: 'Go to the offer', element: 'offers-heading' },
  peopleOnBoard: { label: 'Go to the offer', element: 'offers-heading' },
  contingency: { label: 'Go to the backup plan', element: 'contingency-heading' },
  reviewDate: { label: 'Set the date', element: 'lock-review-date' },
};

/** "Go to …" for an unmet check: the offer it is about, or the part of the board where it is done. */
function GoThere({ line }: { line: ChecklistLine }) {
  const where = WHERE[line.check];
  return (
    <button
      type="button"
      className="button button-quiet button-small"
      onClick={() => (line.offerId !== undefined ? goToOffer(line.offerId) : goToElement(where.element))}
    >
      {where.label}
    </button>
  );
}

/** The professionals' notes, live, while `open`; null until they have loaded. */
function useLiveNotes(conferenceId: string, open: boolean): PersonNotes[] | null {
  const live = useNotesDoc(conferenceId, open);
  const [notes, setNotes] = useState<PersonNotes[] | null>(null);
  const doc = live.loaded ? live.doc : null;
  useEffect(() => {
    if (!doc) {
      setNotes(null);
      return undefined;
    }
    const read = () => setNotes(readNotes(doc));
    read();
    doc.on('update', read);
    return () => doc.off('update', read);
  }, [doc]);
  return notes;
}

/** The lock panel (coordinator, while making the plan or at the review). */
export function LockPanel({ board, conferenceId }: { board: Board; conferenceId: string }) {
  const { announce } = useBoardEnv();
  const [checking, setChecking] = useState(false);
  const notes = useLiveNotes(conferenceId, checking);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [serverMissing, setServerMissing] = useState<Missing[]>([]);
  const reasonId = useId();
  const name = firstName(board.meta.youngPersonName) || 'the young person';
  const youngPersonAgreed = youngPersonAgreesNow(board);
  const atReview = board.meta.phase === 'review';
  const [editingDetails, setEditingDetails] = useState(false);
  const [noBackup, setNoBackup] = useState({ busy: false, error: '' });
  const setNotNeeded = (value: boolean) => {
    setNoBackup({ busy: true, error: '' });
    api.updateConference(conferenceId, { contingencyNotNeeded: value }).then(
      () => setNoBackup({ busy: false, error: '' }),
      (failure: unknown) => setNoBackup({ busy: false, error: messageOf(failure) }),
    );
  };
  const lines = checking && notes !== null ? lockChecklist(board, notes, youngPersonAgreed ? null : reason.trim() || null) : [];
  const ready = lines.length > 0 && lines.every((line) => line.done);

  const lock = () => {
    setBusy(true);
    setError('');
    setServerMissing([]);
    api.lock(conferenceId, youngPersonAgreed ? undefined : reason.trim() || undefined).then(
      ({ version }) => {
        setBusy(false);
        announce(`The plan is agreed and locked as version ${version}.`);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(messageOf(failure));
        const body = failure instanceof ApiError ? (failure.body as { missing?: Missing[] } | null) : null;
        setServerMissing(Array.isArray(body?.missing) ? body.missing : []);
      },
    );
  };

  return (
    <section className="panel lock-panel" aria-labelledby="lock-heading">
      <h2 id="lock-heading">Lock the agreed plan</h2>
      <p>
        When everyone agrees, lock the plan. The agreed version is kept exactly as it is, for the care record, and can no longer be changed. It can
        be reopened for the review meeting as a new version.
      </p>
      <p>
        <a className="button button-quiet" href={`/api/conferences/${encodeURIComponent(conferenceId)}/draft.pdf`} target="_blank" rel="noopener">
          Preview the draft as a PDF
        </a>
      </p>
      <div id="lock-review-date-group">
        <ReviewDateForm inputId="lock-review-date" conferenceId={conferenceId} reviewDate={board.meta.reviewDate} atReview={atReview} />
      </div>
      {board.contingency.trim() === '' && (
        <div className="field-check">
          <input
            id="lock-no-backup"
            type="checkbox"
            checked={board.meta.contingencyNotNeeded}
            disabled={noBackup.busy}
            onChange={(e) => setNotNeeded(e.target.checked)}
          />
          <label htmlFor="lock-no-backup">No backup plan is needed (“If something doesn’t work out” can stay empty)</label>
        </div>
      )}
      <ErrorMessage>{noBackup.error}</ErrorMessage>
      {!editingDetails ? (
        <p>
          <button type="button" className="button button-quiet" onClick={() => setEditingDetails(true)}>
            Change the conference details
          </button>
        </p>
      ) : (
        <DetailsForm
          conferenceId={conferenceId}
          details={{
            title: board.meta.title,
            youngPersonName: board.meta.youngPersonName,
            scheduledFor: board.meta.scheduledFor,
            place: board.meta.place,
            connectionsAtStart: board.meta.connectionsAtStart,
            reviewDate: board.meta.reviewDate,
          }}
          atReview={atReview}
          onCancel={() => setEditingDetails(false)}
        />
      )}
      {!checking ? (
        <button type="button" className="button" onClick={() => setChecking(true)}>
          Check the plan is ready
        </button>
      ) : notes === null ? (
        <p role="status">Reading the professionals’ notes to check contact restrictions…</p>
      ) : (
        <>
          <ul className="checklist" aria-label="Before locking">
            {lines.map((line, i) => (
              <li key={`${line.check}-${i}`} className={line.done ? 'check-done' : 'check-missing'}>
                <span aria-hidden="true">{line.done ? '✓ ' : '✗ '}</span>
                <span className="visually-hidden">{line.done ? 'Done: ' : 'Still needed: '}</span>
                {line.text} {!line.done && <GoThere line={line} />}
              </li>
            ))}
          </ul>
          {!youngPersonAgreed && (
            <div className="field">
              <label htmlFor={reasonId}>Agreeing without {name} saying so? Give the reason</label>
              <p className="hint" id={`${reasonId}-hint`}>
                For example, a very young child. The reason is kept with the agreed plan.
              </p>
              <input id={reasonId} aria-describedby={`${reasonId}-hint`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
            </div>
          )}
          {ready ? (
            <ConfirmButton label="Lock the agreed plan" question="Lock the plan now? Nobody can change it after this." confirmLabel="Yes, lock it" onConfirm={lock} />
          ) : (
            <p>The plan can be locked once everything above is done.</p>
          )}
          {busy && <p role="status">Locking the plan…</p>}
        </>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      {serverMissing.length > 0 && (
        <ul className="checklist" aria-label="What the server found missing">
          {serverMissing.map((m, i) => (
            <li key={i} className="check-missing">
              {m.message} <GoThere line={{ check: m.check, done: false, text: m.message, ...(m.offerId === undefined ? {} : { offerId: m.offerId }) }} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
