// The coordinator's bar on the board: the stage and the button for the next one, who is here and
// who has not joined yet, people and invites in a dialog (without leaving the board), who did what,
// the keyboard shortcuts and sign out. The lock checklist sits on the board itself when it applies.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { api, type Invite } from '../api.ts';
import { Dialog } from '../Dialog.tsx';
import { messageOf } from '../errors.ts';
import { Link } from '../navigate.ts';
import { signOut } from './RequireCoordinator.tsx';
import { ErrorMessage } from '../Page.tsx';
import { PHASE_LABELS, type MeetingPhase, type Phase } from '../../shared/phases.ts';
import { InviteForm } from './InviteForm.tsx';
import { InviteList } from './InviteList.tsx';
import { PrivateTimeConfirm, StageControl } from './StageControl.tsx';

/** How often the bar asks who has joined and who is on the board now. */
const INVITES_REFRESH_MS = 5_000;

/** The stage after each, for "Next: …" (planning ends with the lock, not a stage button). */
const NEXT_STAGE: Partial<Record<Phase, MeetingPhase>> = { preparing: 'sharing', sharing: 'private', private: 'planning' };

/** What the board's keyboard shortcuts can ask of the bar. */
export interface CoordinatorBarHandle {
  nextStage(): void;
  openInvites(): void;
}

interface CoordinatorBarProps {
  conferenceId: string;
  phase: Phase;
  locked: boolean;
  onShowShortcuts: () => void;
  /** Asks everyone's board to go where the coordinator is now. */
  onBringEveryoneHere: () => void;
}

export const CoordinatorBar = forwardRef<CoordinatorBarHandle, CoordinatorBarProps>(function CoordinatorBar({ conferenceId, phase, locked, onShowShortcuts, onBringEveryoneHere }, handle) {
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [invitesOpen, setInvitesOpen] = useState(false);
  const [askingPrivate, setAskingPrivate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [brought, setBrought] = useState(false);
  const nextButton = useRef<HTMLButtonElement>(null);
  const next = locked ? undefined : NEXT_STAGE[phase];

  const loadInvites = useCallback(() => {
    api.invites(conferenceId).then(setInvites, (failure: unknown) => setError(messageOf(failure)));
  }, [conferenceId]);
  useEffect(() => {
    loadInvites();
    const timer = setInterval(loadInvites, INVITES_REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadInvites]);

  const moveTo = (stage: MeetingPhase) => {
    setBusy(true);
    setError('');
    api.setPhase(conferenceId, stage).then(
      () => {
        setBusy(false);
        setAskingPrivate(false);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(messageOf(failure));
      },
    );
  };
  const goNext = () => {
    if (next === undefined || busy) return;
    // Private family time closes the professionals' boards (and this one): ask first.
    if (next === 'private') setAskingPrivate(true);
    else moveTo(next);
  };

  useImperativeHandle(handle, () => ({
    nextStage: () => {
      nextButton.current?.focus();
      goNext();
    },
    openInvites: () => setInvitesOpen(true),
  }));

  const active = (invites ?? []).filter((invite) => invite.status === 'joined' || invite.status === 'waiting');
  const here = active.filter((invite) => invite.online);
  const notJoined = active.filter((invite) => invite.status === 'waiting');
  const away = active.filter((invite) => invite.status === 'joined' && !invite.online);
  const names = (list: Invite[]) => list.map((invite) => invite.displayName).join(', ');

  return (
    <section className="coordinator-bar no-print" aria-label="Running the meeting">
      <div className="coordinator-stage">
        <p className="coordinator-stage-now">
          Stage: <strong>{locked ? 'Plan agreed' : PHASE_LABELS[phase]}</strong>
        </p>
        {next !== undefined && !askingPrivate && (
          <button ref={nextButton} type="button" className="button button-primary" onClick={goNext} disabled={busy} aria-keyshortcuts="N">
            Next: {PHASE_LABELS[next]}
          </button>
        )}
        {askingPrivate && <PrivateTimeConfirm busy={busy} onStart={() => moveTo('private')} onCancel={() => setAskingPrivate(false)} />}
        {!locked && (
          <details className="coordinator-more-stages">
            <summary>Another stage</summary>
            <StageControl key={phase} conferenceId={conferenceId} phase={phase} />
          </details>
        )}
      </div>
      <div className="coordinator-people" aria-live="polite">
        {invites === null ? (
          <p className="hint">Checking who is here…</p>
        ) : (
          <>
            <p>
              <strong>On the board now:</strong> {here.length === 0 ? 'nobody else yet' : names(here)}
            </p>
            {notJoined.length > 0 && (
              <p>
                <strong>Not joined yet:</strong> {names(notJoined)}
              </p>
            )}
            {away.length > 0 && (
              <p>
                <strong>Joined, not on the board now:</strong> {names(away)}
              </p>
            )}
          </>
        )}
      </div>
      <div className="button-row coordinator-actions">
        <button type="button" className="button" onClick={() => setInvitesOpen(true)} aria-keyshortcuts="I">
          People and invites
        </button>
        <Link href={`/conferences/${encodeURIComponent(conferenceId)}/history`} className="button" aria-keyshortcuts="H">
          Who did what
        </Link>
        <Link href={`/conferences/${encodeURIComponent(conferenceId)}`} className="button">
          Conference page
        </Link>
        <a className="button" href={`/board/${encodeURIComponent(conferenceId)}?screen=tv`} target="_blank" rel="noopener">
          Open the room’s screen
        </a>
        <button
          type="button"
          className="button"
          onClick={() => {
            onBringEveryoneHere();
            setBrought(true);
            window.setTimeout(() => setBrought(false), 4_000);
          }}
        >
          Bring everyone here
        </button>
        <button type="button" className="button" onClick={onShowShortcuts} aria-keyshortcuts="Shift+?">
          Keyboard shortcuts
        </button>
        <button type="button" className="button button-quiet" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      <p className="hint" role="status">
        {brought ? 'Everyone’s board has been brought to where you are.' : ''}
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      <Dialog open={invitesOpen} title="People and invites" onClose={() => setInvitesOpen(false)} wide>
        <p>Each person gets their own link. It lets them join the board without an account.</p>
        <InviteForm conferenceId={conferenceId} onCreated={loadInvites} />
        {invites === null ? <p>Loading invites…</p> : <InviteList conferenceId={conferenceId} invites={invites} onChanged={loadInvites} />}
      </Dialog>
    </section>
  );
});
