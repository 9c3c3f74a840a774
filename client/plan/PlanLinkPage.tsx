// /plan#<secret>: the family copy of an agreed plan, opened by the link a participant kept — read,
// print and download it on any phone or computer, signed in or not (no cookie is read or set).
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type PlanByLink } from '../api.ts';
import { messageOf } from '../errors.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { AgreedPlan, type PlanAudience } from './AgreedPlan.tsx';

/** Where this tab keeps the link's secret once it has left the address bar (see keptToken). */
const TAB_KEY = 'llb:planLink';
/** How long a saved file's object URL lives: the browser starts reading it after click() returns. */
const REVOKE_AFTER_MS = 60_000;

type Format = 'pdf' | 'docx' | 'ged';
const FORMAT_WORDS: Readonly<Record<Format, string>> = { pdf: 'the PDF', docx: 'the Word file', ged: 'the family tree file' };

type Opened =
  | { state: 'noLink' }
  | { state: 'loading' }
  | { state: 'open'; found: PlanByLink }
  | { state: 'failed'; status: number; message: string };

/**
 * The link's secret: from the address (then kept for this tab only), or the one this tab kept, so
 * reloading, or a phone reopening a tab it had put to sleep, still shows the plan.
 */
function keptToken(): string {
  const hash = location.hash.replace(/^#/, '');
  if (hash) {
    let token = hash;
    try {
      token = decodeURIComponent(hash);
    } catch {
      // reason: a mangled link is sent as it is, and the server says it does not work.
    }
    try {
      sessionStorage.setItem(TAB_KEY, token);
    } catch {
      // reason: storage is blocked with cookies on some browsers; the plan still opens, once.
    }
    return token;
  }
  try {
    return sessionStorage.getItem(TAB_KEY) ?? '';
  } catch {
    // reason: as above; without storage a reload needs the link again.
    return '';
  }
}

/** Saves a file the page already holds, under its own name (a kept link is not a session, so no plain link could). */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** The page a kept link opens. */
export function PlanLinkPage() {
  const [token] = useState(keptToken);
  const [opened, setOpened] = useState<Opened>(() => (token ? { state: 'loading' } : { state: 'noLink' }));
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    // The secret must not stay in the address bar, the history, or a screenshot someone shares.
    if (location.hash) history.replaceState(null, '', location.pathname);
  }, []);

  useEffect(() => {
    if (!token) return undefined;
    let live = true;
    setOpened({ state: 'loading' });
    api.planByLink(token).then(
      (found) => live && setOpened({ state: 'open', found }),
      (failure: unknown) => {
        if (!live) return;
        const status = failure instanceof ApiError ? failure.status : 0;
        if (status === 404 || status === 410 || status === 400) forgetToken();
        setOpened({ state: 'failed', status, message: messageOf(failure) });
      },
    );
    return () => {
      live = false;
    };
  }, [token, attempt]);

  switch (opened.state) {
    case 'loading':
      return (
        <Page title="Opening the plan">
          <Loading what="Opening the plan…" />
        </Page>
      );
    case 'noLink':
      return (
        <Page title="Open your link to the plan">
          <p>This page needs the whole link to the plan. Open it again from the message, email or note where you kept it, and check none of it was cut off.</p>
          <HowToGetOne lead="No link yet?" />
        </Page>
      );
    case 'failed':
      return <Failed status={opened.status} message={opened.message} onRetry={() => setAttempt((n) => n + 1)} />;
    case 'open':
      return <KeptPlan token={token} found={opened.found} />;
    default:
      return opened satisfies never;
  }
}

function forgetToken(): void {
  try {
    sessionStorage.removeItem(TAB_KEY);
  } catch {
    // reason: nothing was kept when storage is blocked.
  }
}

function HowToGetOne({ lead }: { lead: string }) {
  return (
    <p>
      {lead} Open the invite link the coordinator sent you, go to the agreed plan and press “Get a link to keep”. Or ask the
      coordinator for a copy of the plan.
    </p>
  );
}

/** Why the plan did not open, in the server's words, and what to do about it. */
function Failed({ status, message, onRetry }: { status: number; message: string; onRetry: () => void }) {
  if (status === 410) {
    return (
      <Page title="There is a newer version of the plan">
        <ErrorMessage>{message}</ErrorMessage>
      </Page>
    );
  }
  if (status === 400 || status === 404) {
    return (
      <Page title="We could not open the plan">
        <ErrorMessage>{message}</ErrorMessage>
        <HowToGetOne lead="Need a new link?" />
      </Page>
    );
  }
  // No answer, or the server failed: worth trying again.
  return (
    <Page title="We could not open the plan">
      <ErrorMessage>{message}</ErrorMessage>
      <p>
        <button type="button" className="button button-primary" onClick={onRetry}>
          Try again
        </button>
      </p>
    </Page>
  );
}

/** The family copy, with the young person's version, printing and downloads. */
function KeptPlan({ token, found }: { token: string; found: PlanByLink }) {
  const [audience, setAudience] = useState<PlanAudience>('everyone');
  const [busy, setBusy] = useState<Format | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');

  const download = useCallback(
    async (format: Format) => {
      // Not disabled while busy (focus would drop to the page's start): a second press waits its turn.
      if (busy !== null) return;
      setBusy(format);
      setError('');
      setStatus(`Getting ${FORMAT_WORDS[format]}…`);
      try {
        const { blob, fileName } = await api.planFileByLink(token, format);
        saveFile(blob, fileName);
        setStatus(`Saved ${FORMAT_WORDS[format]} in your downloads: ${fileName}`);
      } catch (failure) {
        setStatus('');
        setError(messageOf(failure));
      } finally {
        setBusy(null);
      }
    },
    [token, busy],
  );

  const { plan } = found;
  return (
    <Page title={`${plan.title}: the agreed plan`}>
      <p className="no-print">
        This is the family’s copy of the plan: it leaves out the professionals’ notes. Your link opens it until a new version of
        the plan is agreed. It is just for you: please don’t share it.
      </p>
      <div className="button-row plan-link-actions no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          Print
        </button>
        <button type="button" className="button" aria-disabled={busy !== null} onClick={() => void download('pdf')}>
          Download the PDF
        </button>
        <button type="button" className="button" aria-disabled={busy !== null} onClick={() => void download('docx')}>
          Download as Word
        </button>
        <button type="button" className="button" aria-disabled={busy !== null} onClick={() => void download('ged')}>
          Download the family tree file (GEDCOM)
        </button>
      </div>
      <p role="status" className="status-line no-print">
        {status}
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      <p className="plan-link-actions no-print">
        <button type="button" className="button" aria-pressed={audience === 'youngPerson'} onClick={() => setAudience(audience === 'youngPerson' ? 'everyone' : 'youngPerson')}>
          {audience === 'youngPerson' ? 'Show offers first' : 'Show the young person’s version'}
        </button>
      </p>
      <AgreedPlan plan={plan} audience={audience} />
    </Page>
  );
}
