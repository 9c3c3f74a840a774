// On the conference page: every agreed version of the plan (each opens its page; from the second on,
// what changed since the one before), and reopening the latest for the review meeting, with a reason.
import { useEffect, useId, useState } from 'react';
import { api, type PlanVersion } from '../api.ts';
import { messageOf } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../navigate.ts';
import { ErrorMessage } from '../Page.tsx';
import { planPath } from '../plan/paths.ts';

/** The agreed versions and the way to the review. `versionsKey` changes when the list may have. */
export function PlanVersions({ conferenceId, locked, versionsKey, onChanged }: { conferenceId: string; locked: boolean; versionsKey: string; onChanged: () => void }) {
  const [versions, setVersions] = useState<PlanVersion[]>([]);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const reasonId = useId();

  useEffect(() => {
    api.plans(conferenceId).then(setVersions, (failure: unknown) => setError(messageOf(failure)));
  }, [conferenceId, versionsKey]);

  const reopen = () => {
    setBusy(true);
    setError('');
    api.unlock(conferenceId, reason.trim()).then(
      () => {
        setBusy(false);
        setReopening(false);
        setReason('');
        onChanged();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(messageOf(failure));
      },
    );
  };

  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">The agreed plan</h2>
      {versions.length === 0 ? (
        <p>No plan has been agreed yet. When everyone agrees, lock the plan on the board.</p>
      ) : (
        <ul className="plan-list">
          {versions.map((v) => (
            <li key={v.version}>
              <Link href={planPath(conferenceId, v.version)}>Version {v.version}</Link>, agreed {formatDateTime(v.lockedAt)}
              {v.version > 1 && (
                <>
                  {' '}
                  · <Link href={`${planPath(conferenceId, v.version)}/changes`}>What changed since version {v.version - 1}</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {locked && !reopening && (
        <button type="button" className="button" onClick={() => setReopening(true)}>
          Reopen the plan for the review meeting
        </button>
      )}
      {locked && reopening && (
        <form
          className="panel"
          onSubmit={(e) => {
            e.preventDefault();
            reopen();
          }}
        >
          <p>
            The agreed version stays exactly as it is. The board becomes a draft of the next version, where each wish can be marked as happened or
            not, and everyone agrees again.
          </p>
          <div className="field">
            <label htmlFor={reasonId}>Why is it being reopened?</label>
            <input id={reasonId} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || reason.trim() === ''}>
              Reopen for the review
            </button>
            <button type="button" className="button button-quiet" onClick={() => setReopening(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ErrorMessage>{error}</ErrorMessage>
    </section>
  );
}
