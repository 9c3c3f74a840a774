// On the agreed plan's page: download it in each format (PDF to attach to the child's record, Word
// to paste into the care plan, JSON for integration teams, GEDCOM for family-tree programs) as the full
// or the family's copy, and — for the coordinator, when the server is set up for it — send it to the
// council's care record, with each delivery's status updating by itself.
import { useCallback, useEffect, useId, useState } from 'react';
import { api, type Delivery, type DeliveryStatus } from '../api.ts';
import { messageOf } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';

/** How often the delivery status is asked for while the page is open. */
const STATUS_REFRESH_MS = 3_000;

type Copy = 'full' | 'family';

const COPY_LABELS: Readonly<Record<Copy, string>> = {
  full: 'Full copy (for the care record: includes the professionals’ notes)',
  family: 'Family copy (nothing from the professionals’ notes)',
};

function planUrl(conferenceId: string, version: number, extension: 'pdf' | 'docx' | 'json' | 'ged', copy: Copy): string {
  return `/api/conferences/${encodeURIComponent(conferenceId)}/plans/${version}.${extension}?copy=${copy}${extension === 'json' ? '&download' : ''}`;
}

function deliveryWords(delivery: Delivery): string {
  const copy = delivery.copy === 'family' ? 'Family copy' : 'Full copy';
  switch (delivery.status) {
    case 'delivered':
      return `${copy}: delivered ${formatDateTime(delivery.deliveredAt)} (the care record answered ${delivery.responseStatus ?? 'OK'}).`;
    case 'failed':
      return `${copy}: not delivered. ${delivery.lastError ?? ''} Send it again, or ask the council's integration team.`;
    case 'queued':
      return delivery.attempts === 0
        ? `${copy}: waiting to be sent.`
        : `${copy}: not there yet. ${delivery.lastError ?? 'No answer.'} Tried ${delivery.attempts} ${delivery.attempts === 1 ? 'time' : 'times'}; trying again${delivery.nextAttemptAt ? ` at ${formatDateTime(delivery.nextAttemptAt)}` : ' soon'}.`;
    default:
      return delivery.status satisfies never;
  }
}

/** Downloads for everyone in the conference; the full copy and sending only for those allowed. */
export function ExportPanel({ conferenceId, version, mayFullCopy, maySend }: { conferenceId: string; version: number; mayFullCopy: boolean; maySend: boolean }) {
  const [copy, setCopy] = useState<Copy>(mayFullCopy ? 'full' : 'family');
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [recordId, setRecordId] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const groupId = useId();
  const recordFieldId = useId();

  const load = useCallback(() => {
    if (!maySend) return;
    api.deliveries(conferenceId, version).then(setStatus, (failure: unknown) => setError(messageOf(failure)));
  }, [conferenceId, version, maySend]);

  useEffect(() => {
    load();
    if (!maySend) return undefined;
    const timer = setInterval(load, STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, maySend]);

  const send = () => {
    setBusy(true);
    setError('');
    api.send(conferenceId, version, { copy, ...(recordId.trim() ? { childRecordId: recordId.trim() } : {}) }).then(
      () => {
        setBusy(false);
        load();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(messageOf(failure));
      },
    );
  };

  return (
    <section className="panel export-panel no-print" aria-labelledby={`${groupId}-heading`}>
      <h2 id={`${groupId}-heading`}>Download or send this plan</h2>
      {mayFullCopy && (
        <fieldset className="field">
          <legend>Which copy?</legend>
          {(['full', 'family'] as const).map((value) => (
            <label key={value} className="choice">
              <input type="radio" name={`${groupId}-copy`} value={value} checked={copy === value} onChange={() => setCopy(value)} /> {COPY_LABELS[value]}
            </label>
          ))}
        </fieldset>
      )}
      <p className="button-row">
        <a className="button" href={planUrl(conferenceId, version, 'pdf', copy)} download>
          PDF
        </a>
        <a className="button" href={planUrl(conferenceId, version, 'docx', copy)} download>
          Word
        </a>
        <a className="button" href={planUrl(conferenceId, version, 'json', copy)} download>
          JSON
        </a>
        <a className="button" href={planUrl(conferenceId, version, 'ged', copy)} download>
          Family tree file (GEDCOM)
        </a>
      </p>
      <p className="hint">The family tree file holds the people and how they are related, for GenoPro and other family-tree programs.</p>
      {maySend && status && !status.configured && (
        <p className="hint">
          Sending straight to the care record is not set up on this server. Download the PDF or Word file above and add it to the child’s record
          yourself; whoever looks after this server can set up sending.
        </p>
      )}
      {maySend && status?.configured && (
        <>
          <div className="field">
            <label htmlFor={recordFieldId}>The child’s record number in the care record (if you know it)</label>
            <input id={recordFieldId} value={recordId} maxLength={100} onChange={(e) => setRecordId(e.target.value)} />
          </div>
          <button type="button" className="button button-primary" disabled={busy} onClick={send}>
            Send the {copy === 'family' ? 'family' : 'full'} copy to the care record
          </button>
          {status.deliveries.length > 0 && (
            <ul className="plan-list" aria-label="Sent to the care record" aria-live="polite">
              {status.deliveries.map((delivery) => (
                <li key={delivery.id} className={`delivery delivery-${delivery.status}`}>
                  {deliveryWords(delivery)} <span className="hint">Sent {formatDateTime(delivery.createdAt)}.</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <ErrorMessage>{error}</ErrorMessage>
    </section>
  );
}
