// /conferences/:id: the conference's details, its invites, and the way into its board.
import { useCallback, useEffect, useState } from 'react';
import { api, type Conference, type CoordinatorMe, type Invite } from '../api.ts';
import { formatDate } from '../format.ts';
import { Link } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { PHASE_LABELS } from '../../shared/phases.ts';
import { InviteForm } from './InviteForm.tsx';
import { InviteList } from './InviteList.tsx';
import { SignOut } from './RequireCoordinator.tsx';
import { messageOf } from '../errors.ts';
import { StageControl } from './StageControl.tsx';
import { PlanVersions } from './PlanVersions.tsx';
import { DeleteConference } from './DeleteConference.tsx';
import { Reinvite } from './Reinvite.tsx';
import { DetailsForm } from './DetailsForm.tsx';

/** How often the page asks who is on the board now. */
const INVITES_REFRESH_MS = 5_000;

/** One conference, as its coordinator manages it. */
export function ConferencePage({ me, conferenceId }: { me: CoordinatorMe; conferenceId: string }) {
  const [conference, setConference] = useState<Conference | null>(null);
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [error, setError] = useState('');
  const [editingDetails, setEditingDetails] = useState(false);

  const loadInvites = useCallback(() => {
    api.invites(conferenceId).then(setInvites, (failure: unknown) => setError(messageOf(failure)));
  }, [conferenceId]);

  const loadConference = useCallback(() => {
    api.conference(conferenceId).then(setConference, (failure: unknown) => setError(messageOf(failure)));
  }, [conferenceId]);

  useEffect(() => {
    loadConference();
    loadInvites();
    // Who is on the board now, and the stage, change while this page is open.
    const timer = setInterval(() => {
      loadInvites();
      loadConference();
    }, INVITES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadConference, loadInvites]);

  const boardHref = `/board/${encodeURIComponent(conferenceId)}`;
  return (
    <Page title={conference?.title ?? 'Conference'} banner={<SignOut me={me} />}>
      <p>
        <Link href="/">← All conferences</Link>
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      {!conference && !error && <Loading what="Loading the conference…" />}
      {conference && (
        <>
          <dl className="details">
            <dt>Young person</dt>
            <dd>{conference.youngPersonName}</dd>
            <dt>Date</dt>
            <dd>{conference.scheduledFor ? formatDate(conference.scheduledFor) : 'Not set'}</dd>
            <dt>Where</dt>
            <dd>{conference.place || 'Not set'}</dd>
            <dt>Stage</dt>
            <dd>{conference.locked ? 'Plan agreed' : PHASE_LABELS[conference.phase]}</dd>
            <dt>In touch with at the start</dt>
            <dd>{conference.connectionsAtStart} people</dd>
            <dt>{conference.phase === 'review' ? 'Next review meeting' : 'Review meeting'}</dt>
            <dd>{conference.reviewDate ? formatDate(conference.reviewDate) : 'Not set yet'}</dd>
          </dl>
          {conference.locked ? (
            <p className="hint">The plan is agreed: its details stay as they were agreed until it is reopened for the review meeting.</p>
          ) : editingDetails ? (
            <DetailsForm
              conferenceId={conferenceId}
              details={conference}
              atReview={conference.phase === 'review'}
              onSaved={loadConference}
              onCancel={() => setEditingDetails(false)}
            />
          ) : (
            <p>
              <button type="button" className="button" onClick={() => setEditingDetails(true)}>
                Change the details
              </button>
            </p>
          )}
          <StageControl key={conference.phase} conferenceId={conferenceId} phase={conference.phase} onChanged={loadConference} />
          <p className="button-row">
            <Link href={boardHref} className="button button-primary">
              Open the board
            </Link>
            <Link href={`/conferences/${encodeURIComponent(conferenceId)}/history`} className="button">
              Who did what
            </Link>
          </p>
          <PlanVersions
            conferenceId={conferenceId}
            locked={conference.locked}
            versionsKey={`${conference.locked}-${conference.versions.join(',')}`}
            onChanged={loadConference}
          />
          {conference.versions.length > 0 && <Reinvite conferenceId={conferenceId} invites={invites} onChanged={loadInvites} />}
        </>
      )}
      <section aria-labelledby="people-invited-heading">
        <h2 id="people-invited-heading">People invited</h2>
        <p>Each person gets their own link. It lets them join the board without an account.</p>
        <InviteForm conferenceId={conferenceId} onCreated={loadInvites} />
        {invites === null ? <Loading what="Loading invites…" /> : <InviteList conferenceId={conferenceId} invites={invites} onChanged={loadInvites} />}
      </section>
      {conference && <DeleteConference conferenceId={conferenceId} title={conference.title} />}
    </Page>
  );
}
