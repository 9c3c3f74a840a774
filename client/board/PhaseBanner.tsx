// The conference's stage in plain words, with what it means for the person looking, live; and in
// private family time, the family's "We're ready" for those waiting outside.
import { useState } from 'react';
import type { Actor } from '../../shared/roles.ts';
import { PHASE_LABELS, type Phase } from '../../shared/phases.ts';
import { api } from '../api.ts';
import { messageOf } from '../errors.ts';
import { formatWhen } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';

/** What each stage means, for the family and for the professionals. */
function meaning(phase: Phase, actor: Actor, youngPerson: string): string {
  const family = actor === 'youngPerson' || actor === 'network';
  switch (phase) {
    case 'preparing':
      return 'The board is being set up before the meeting. You can already add what matters.';
    case 'sharing':
      return `Everyone shares what they know and what ${youngPerson} would like.`;
    case 'private':
      return family
        ? 'The professionals have left the room. This is your time to make the plan together; they will see it when they come back.'
        : 'The family is talking on their own.';
    case 'planning':
      return actor === 'youngPerson'
        ? 'Decide together who offers what. You say yes to the offers you want: those go to “Agreed”.'
        : `Decide together who offers what. ${youngPerson} says yes to the offers they want: those go to “Agreed”.`;
    case 'agreed':
      return 'This is the plan everyone agreed. It is locked, so it cannot be changed now.';
    case 'review':
      return `Look back at what happened for ${youngPerson}, and what should change. ${youngPerson} says yes to what goes in the new plan.`;
    default:
      return phase satisfies never;
  }
}

/** "Stage: Making the plan — Decide together who offers what…" */
export function PhaseBanner({ phase, actor, youngPerson, conferenceId }: { phase: Phase; actor: Actor; youngPerson: string; conferenceId: string }) {
  return (
    <>
      <p className={`phase-banner phase-${phase}`} role="status" aria-live="polite">
        <strong>Stage: {PHASE_LABELS[phase]}.</strong> {meaning(phase, actor, youngPerson)}
      </p>
      {phase === 'private' && (actor === 'youngPerson' || actor === 'network') && <WeAreReady conferenceId={conferenceId} />}
    </>
  );
}

/** "We're ready": tells the coordinator waiting outside, who sees it on their waiting screen. */
function WeAreReady({ conferenceId }: { conferenceId: string }) {
  const [told, setTold] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const tell = () => {
    setBusy(true);
    api.ready(conferenceId).then(
      (answer) => {
        setTold(answer.readyAt);
        setError('');
        setBusy(false);
      },
      (failure: unknown) => {
        setError(messageOf(failure));
        setBusy(false);
      },
    );
  };
  return (
    <div className="ready-bar">
      <ErrorMessage>{error}</ErrorMessage>
      <button type="button" className="button button-primary" onClick={tell} disabled={busy}>
        {told === null ? 'We’re ready — tell the coordinator' : 'Tell the coordinator again'}
      </button>
      <p role="status" className="hint">
        {told === null ? 'The coordinator sees only that you are ready, never what you write.' : `Told the coordinator ${formatWhen(told)}.`}
      </p>
    </div>
  );
}
