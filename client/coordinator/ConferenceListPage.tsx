// /: the coordinator's conferences, newest first, with "New conference".
import { useEffect, useState } from 'react';
import { api, type Conference, type CoordinatorMe } from '../api.ts';
import { formatDate } from '../format.ts';
import { Link } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { PHASE_LABELS } from '../../shared/phases.ts';
import { SignOut } from './RequireCoordinator.tsx';
import { messageOf } from '../errors.ts';

/** The list of conferences the coordinator runs. */
export function ConferenceListPage({ me }: { me: CoordinatorMe }) {
  const [conferences, setConferences] = useState<Conference[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.conferences().then(
      (list) => setConferences([...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))),
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, []);

  return (
    <Page title="Your conferences" banner={<SignOut me={me} />}>
      <p>
        <Link href="/conferences/new" className="button button-primary">
          New conference
        </Link>
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      {conferences === null && !error && <Loading what="Loading your conferences…" />}
      {conferences?.length === 0 && <p>You have no conferences yet. Start with “New conference”.</p>}
      {conferences && conferences.length > 0 && (
        <ul className="card-list">
          {conferences.map((conference) => (
            <li key={conference.id} className="panel">
              <h2 className="panel-title">
                <Link href={`/conferences/${encodeURIComponent(conference.id)}`}>{conference.title}</Link>
              </h2>
              <p>
                For {conference.youngPersonName}
                {conference.scheduledFor ? ` · ${formatDate(conference.scheduledFor)}` : ''}
                {' · '}
                {conference.locked ? 'Plan agreed' : PHASE_LABELS[conference.phase]}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
