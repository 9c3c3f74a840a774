// /conferences/:id/history: who did what, in plain words, with times; downloadable as CSV.
import { useEffect, useState } from 'react';
import { api, type CoordinatorMe, type HistoryLine } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { messageOf } from '../errors.ts';
import { SignOut } from './RequireCoordinator.tsx';

/** The record of who did what in one conference, newest last (as it happened). */
export function HistoryPage({ me, conferenceId }: { me: CoordinatorMe; conferenceId: string }) {
  const [lines, setLines] = useState<HistoryLine[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api.history(conferenceId).then(setLines, (failure: unknown) => setError(messageOf(failure)));
  }, [conferenceId]);
  const back = `/conferences/${encodeURIComponent(conferenceId)}`;
  return (
    <Page title="Who did what" banner={<SignOut me={me} />}>
      <p>
        <Link href={back}>← The conference</Link>
      </p>
      <p>
        Everything that happened in this conference, as the server recorded it: who joined and left, changes of stage, invites, openings of
        the professionals’ notes, changes the board did not accept, and every change to the board.
      </p>
      <p>
        <a className="button" href={`/api/conferences/${encodeURIComponent(conferenceId)}/history?format=csv`} download>
          Download as a spreadsheet (CSV)
        </a>
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      {lines === null && !error && <Loading what="Loading the history…" />}
      {lines !== null && lines.length === 0 && <p>Nothing has happened yet.</p>}
      {lines !== null && lines.length > 0 && (
        <ol className="history" aria-label="What happened, oldest first">
          {lines.map((line, i) => (
            <li key={i} className="history-line">
              <time dateTime={line.at}>{formatDateTime(line.at)}</time>{' '}
              <span>
                <strong>{line.who}</strong>
                {line.role && <span className="hint"> ({line.role})</span>} {line.what}
                {line.count > 1 && <span className="hint"> — {line.count} changes</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Page>
  );
}
