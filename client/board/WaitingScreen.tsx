// The calm screen for people out of the room during private family time; they come back by themselves.
import { useState } from 'react';
import { api } from '../api.ts';
import { ErrorMessage, Page } from '../Page.tsx';
import { messageOf } from '../errors.ts';

/** "The family is talking on their own." The coordinator can end private family time from here. */
export function WaitingScreen({ conferenceId, title, isCoordinator }: { conferenceId: string; title: string; isCoordinator: boolean }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
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
