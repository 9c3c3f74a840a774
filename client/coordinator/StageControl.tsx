// The coordinator's control for the conference's stage: getting ready, sharing, private family
// time, making the plan. Starting private family time asks first, since it closes other boards.
import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorMessage } from '../Page.tsx';
import { messageOf } from '../errors.ts';
import { MEETING_PHASES, PHASE_LABELS, type Phase } from '../../shared/phases.ts';

type MeetingPhase = (typeof MEETING_PHASES)[number];

function isMeetingPhase(value: string): value is MeetingPhase {
  return (MEETING_PHASES as readonly string[]).includes(value);
}

/** A select and a button; `onChanged` hears the new stage. */
export function StageControl({ conferenceId, phase, onChanged }: { conferenceId: string; phase: Phase; onChanged?: (phase: Phase) => void }) {
  const [next, setNext] = useState<MeetingPhase>(isMeetingPhase(phase) ? phase : 'planning');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const change = async () => {
    setBusy(true);
    setError('');
    try {
      await api.setPhase(conferenceId, next);
      setConfirming(false);
      onChanged?.(next);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next === 'private' && phase !== 'private') setConfirming(true);
    else void change();
  };

  if (phase === 'agreed' || phase === 'review') return null;
  return (
    <form className="stage-control" onSubmit={submit} aria-label="Change the stage">
      <ErrorMessage>{error}</ErrorMessage>
      <label htmlFor={`stage-${conferenceId}`}>Move the conference to</label>{' '}
      <select id={`stage-${conferenceId}`} value={next} onChange={(e) => isMeetingPhase(e.target.value) && setNext(e.target.value)}>
        {MEETING_PHASES.map((value) => (
          <option key={value} value={value}>
            {PHASE_LABELS[value]}
          </option>
        ))}
      </select>{' '}
      {!confirming && (
        <button type="submit" className="button" disabled={busy || next === phase}>
          Change stage
        </button>
      )}
      {confirming && <PrivateTimeConfirm busy={busy} onStart={() => void change()} onCancel={() => setConfirming(false)} />}
    </form>
  );
}

/** Asked before private family time starts, since it closes the professionals' boards (and the coordinator's). */
export function PrivateTimeConfirm({ busy, onStart, onCancel }: { busy: boolean; onStart: () => void; onCancel: () => void }) {
  return (
    <div className="confirm" role="group" aria-label="Start private family time?">
      <p>
        You, the professionals, carers and anyone watching will leave the board until private family time ends. The young person and their
        family and friends stay.
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={onStart} disabled={busy}>
          Start private family time
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Not yet
        </button>
      </div>
    </div>
  );
}
