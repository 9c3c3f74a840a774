// /conferences/new: title, the young person's first name, date and the connections they have today.
import { useState } from 'react';
import { api, type CoordinatorMe } from '../api.ts';
import { navigate } from '../navigate.ts';
import { ErrorMessage, Page } from '../Page.tsx';
import { SignOut } from './RequireCoordinator.tsx';
import { useFormAction } from '../errors.ts';
import { DETAIL_LIMITS } from '../../shared/board-schema.ts';

/** The form that creates a conference, then opens its page. */
export function NewConferencePage({ me }: { me: CoordinatorMe }) {
  const [title, setTitle] = useState('');
  const [youngPersonName, setYoungPersonName] = useState('');
  const [scheduledFor, setScheduledFor] = useState('');
  const [place, setPlace] = useState('');
  const [connections, setConnections] = useState('');
  const { error, busy, submit } = useFormAction(async () => {
    const count = connections.trim() === '' ? undefined : Number(connections);
    const { id } = await api.createConference({
      title: title.trim(),
      youngPersonName: youngPersonName.trim(),
      ...(scheduledFor ? { scheduledFor } : {}),
      ...(place.trim() ? { place: place.trim() } : {}),
      ...(count !== undefined && Number.isFinite(count) ? { connectionsAtStart: count } : {}),
    });
    navigate(`/conferences/${encodeURIComponent(id)}`);
  });

  return (
    <Page title="New conference" banner={<SignOut me={me} />}>
      <form className="form" onSubmit={submit}>
        <ErrorMessage>{error}</ErrorMessage>
        <div className="field">
          <label htmlFor="conf-title">Name of the conference</label>
          <p className="hint" id="conf-title-hint">For example “Sam’s Lifelong Links conference”.</p>
          <input id="conf-title" required maxLength={DETAIL_LIMITS.title} aria-describedby="conf-title-hint" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="conf-young-person">Young person’s first name</label>
          <p className="hint" id="conf-young-person-hint">The name they like to be called. Everyone on the board will see it.</p>
          <input
            id="conf-young-person"
            required
            maxLength={DETAIL_LIMITS.youngPersonName}
            aria-describedby="conf-young-person-hint"
            value={youngPersonName}
            onChange={(e) => setYoungPersonName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="conf-date">Date of the conference (optional)</label>
          <input id="conf-date" type="date" value={scheduledFor} onChange={(e) => setScheduledFor(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="conf-place">Where it is (optional)</label>
          <p className="hint" id="conf-place-hint">For example “The Oak Room, Hillside Family Centre” or “Online”. You can change it later.</p>
          <input id="conf-place" maxLength={DETAIL_LIMITS.place} aria-describedby="conf-place-hint" value={place} onChange={(e) => setPlace(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="conf-connections">People they are in touch with today (optional)</label>
          <p className="hint" id="conf-connections-hint">A number. The board compares it with the people they are in touch with after the plan.</p>
          <input
            id="conf-connections"
            type="number"
            inputMode="numeric"
            min={0}
            max={DETAIL_LIMITS.connectionsAtStart}
            aria-describedby="conf-connections-hint"
            value={connections}
            onChange={(e) => setConnections(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create conference'}
        </button>
      </form>
    </Page>
  );
}
