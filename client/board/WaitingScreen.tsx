// The calm screen for people out of the room during private family time; they come back by themselves.
// It says how many of the family are on the board and when they say they are ready — never what
// the board says.
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { ErrorMessage, Page } from '../Page.tsx';
import { messageOf } from '../errors.ts';
import { formatWhen } from '../format.ts';

/** How often the screen asks whether the family is ready. */
export const READY_POLL_MS = 5_000;

interface Outside {
  familyOnBoard: number;
  family: number;
  ready: { at: string; by: string } | null;
}

/** "The family is talking on their own." The coordinator can end private family time from here. */
export function WaitingScreen({ conferenceId, title, isCoordinator }: { conferenceId: string; title: string; isCoordinator: boolean }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [outside, setOutside] = useState<Outside | null>(null);
  useEffect(() => {
    let stopped = false;
    const ask = () =>
      api.privateTime(conferenceId).then(
        (answer) => {
          if (!stopped && answer.private) setOutside({ familyOnBoard: answer.familyOnBoard, family: answer.family, ready: answer.ready });
        },
        () => {
          // reason: a missed answer is asked again in a moment; the screen keeps what it last knew
        },
      );
    void ask();
    const timer = setInterval(() => void ask(), READY_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [conferenceId]);
  const end = () => {
    setBusy(true);
    api.setPhase(conferenceId, 'planning').then(
      () => setError(''),
      (failure: unknown) => {
        setError(messageOf(failure));
        setBusy(false);
      },
    );
  };
  return (
    <Page title={title}>
      <div className="notice notice-waiting" role="status">
        <h2>Private family time</h2>
        <p>The family is talking on their own. You’ll be back on the board when they’re ready.</p>
        <p>This page will change by itself; there is no need to reload it.</p>
        {outside !== null && (
          <p>
            {outside.familyOnBoard === 1 ? '1 person' : `${outside.familyOnBoard} people`} of the family {outside.familyOnBoard === 1 ? 'is' : 'are'} on the board now.
          </p>
        )}
        {outside?.ready && (
          <p className="notice-ready">
            <strong>The family is ready for you.</strong> {outside.ready.by} said so {formatWhen(outside.ready.at)}.
          </p>
        )}
      </div>
      {isCoordinator && (
        <>
          <ErrorMessage>{error}</ErrorMessage>
          <button type="button" className="button button-primary" onClick={end} disabled={busy}>
            End private family time
          </button>
        </>
      )}
    </Page>
  );
}
