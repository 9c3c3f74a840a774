// The conference's details as the coordinator sets and changes them on screen: the name of the
// conference, the young person's first name, the date and place, the people they were in touch with
// at the start, and the date of the (next) review meeting. The server writes them into the live
// board, where everyone sees them at once. Only what changed is sent.
import { useEffect, useId, useRef, useState } from 'react';
import { api, type Conference, type DetailsPatch } from '../api.ts';
import { useFormAction } from '../errors.ts';
import { formatDate } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { earliestToday } from '../../shared/dates.ts';
import { DETAIL_LIMITS } from '../../shared/board-schema.ts';

/** The details as the form shows them (from the board's meta or the conference record, which agree). */
export type Details = Pick<Conference, 'title' | 'youngPersonName' | 'scheduledFor' | 'place' | 'connectionsAtStart' | 'reviewDate'>;

const { title: MAX_TITLE, youngPersonName: MAX_NAME, place: MAX_PLACE, connectionsAtStart: MAX_CONNECTIONS } = DETAIL_LIMITS;

interface DetailsFormProps {
  conferenceId: string;
  details: Details;
  /** At the review, the date asked for is the next review's. */
  atReview: boolean;
  onSaved?: () => void;
  onCancel?: () => void;
}

/** Every detail of the conference, in one form. */
export function DetailsForm({ conferenceId, details, atReview, onSaved, onCancel }: DetailsFormProps) {
  const id = useId();
  const [title, setTitle] = useState(details.title);
  const [youngPersonName, setYoungPersonName] = useState(details.youngPersonName);
  const [scheduledFor, setScheduledFor] = useState(details.scheduledFor ?? '');
  const [place, setPlace] = useState(details.place);
  const [connections, setConnections] = useState(String(details.connectionsAtStart));
  const [reviewDate, setReviewDate] = useState(details.reviewDate ?? '');
  const [saved, setSaved] = useState('');
  const { error, busy, submit } = useFormAction(async () => {
    const count = Number(connections);
    if (connections.trim() === '' || !Number.isInteger(count) || count < 0 || count > MAX_CONNECTIONS) {
      throw new Error(`People they were in touch with at the start: a whole number from 0 to ${MAX_CONNECTIONS}.`);
    }
    const patch: DetailsPatch = {};
    if (title.trim() !== details.title) patch.title = title.trim();
    if (youngPersonName.trim() !== details.youngPersonName) patch.youngPersonName = youngPersonName.trim();
    if ((scheduledFor || null) !== details.scheduledFor) patch.scheduledFor = scheduledFor || null;
    if (place.trim() !== details.place) patch.place = place.trim();
    if (count !== details.connectionsAtStart) patch.connectionsAtStart = count;
    if ((reviewDate || null) !== details.reviewDate) patch.reviewDate = reviewDate || null;
    if (Object.keys(patch).length > 0) await api.updateConference(conferenceId, patch);
    setSaved(Object.keys(patch).length > 0 ? 'Saved. Everyone on the board sees the new details.' : 'Nothing had changed.');
    onSaved?.();
  });

  return (
    <form className="form details-form" onSubmit={submit} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Conference details</h3>
      <ErrorMessage>{error}</ErrorMessage>
      <div className="field">
        <label htmlFor={`${id}-title`}>Name of the conference</label>
        <input id={`${id}-title`} required maxLength={MAX_TITLE} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Young person’s first name</label>
        <p className="hint" id={`${id}-name-hint`}>
          The name they like to be called. Everyone on the board sees it.
        </p>
        <input id={`${id}-name`} required maxLength={MAX_NAME} aria-describedby={`${id}-name-hint`} value={youngPersonName} onChange={(e) => setYoungPersonName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-date`}>Date of the conference</label>
        <input id={`${id}-date`} type="date" value={scheduledFor} onChange={(e) => setScheduledFor(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-place`}>Where it is</label>
        <p className="hint" id={`${id}-place-hint`}>
          For example “The Oak Room, Hillside Family Centre” or “Online”.
        </p>
        <input id={`${id}-place`} maxLength={MAX_PLACE} aria-describedby={`${id}-place-hint`} value={place} onChange={(e) => setPlace(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-connections`}>People they were in touch with at the start</label>
        <input
          id={`${id}-connections`}
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_CONNECTIONS}
          required
          value={connections}
          onChange={(e) => setConnections(e.target.value)}
        />
      </div>
      <ReviewDateField id={`${id}-review`} atReview={atReview} value={reviewDate} onChange={setReviewDate} />
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save the details'}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Close
          </button>
        )}
      </div>
      <p role="status" className="status-line">
        {saved}
      </p>
    </form>
  );
}

/** The date of the (next) review meeting: today or later. */
export function ReviewDateField({ id, atReview, value, onChange }: { id: string; atReview: boolean; value: string; onChange: (date: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{atReview ? 'Date of the next review meeting' : 'Date of the review meeting'}</label>
      <p className="hint" id={`${id}-hint`}>
        When everyone meets again to see how the plan is going. It is in the agreed plan.
      </p>
      <input id={id} type="date" min={earliestToday(Date.now())} aria-describedby={`${id}-hint`} value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** Just the review date, next to the checks before locking: set, changed or saved on its own. */
export function ReviewDateForm({ conferenceId, reviewDate, atReview, inputId }: { conferenceId: string; reviewDate: string | null; atReview: boolean; inputId?: string }) {
  const id = useId();
  const [value, setValue] = useState(reviewDate ?? '');
  const [saved, setSaved] = useState('');
  const typed = useRef(false);
  // A date set elsewhere (the conference page, another device) shows here, unless one is being typed.
  useEffect(() => {
    if (!typed.current) setValue(reviewDate ?? '');
  }, [reviewDate]);
  const { error, busy, submit } = useFormAction(async () => {
    typed.current = false;
    if ((value || null) === reviewDate) return;
    await api.updateConference(conferenceId, { reviewDate: value || null });
    setSaved(value ? `Saved: the review meeting is on ${formatDate(value)}.` : 'The review date is cleared.');
  });
  return (
    <form className="form review-date-form" onSubmit={submit} aria-label="The review meeting">
      <ErrorMessage>{error}</ErrorMessage>
      <ReviewDateField
        id={inputId ?? `${id}-review`}
        atReview={atReview}
        value={value}
        onChange={(date) => {
          typed.current = true;
          setValue(date);
        }}
      />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Saving…' : 'Save the review date'}
      </button>
      <p role="status" className="status-line">
        {saved}
      </p>
    </form>
  );
}
