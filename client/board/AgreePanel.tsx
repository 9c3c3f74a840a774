// "We agree": the young person is asked first, in their words ("I'm happy with this plan"), then
// everyone else; each says it for themselves (the server records it into the board) and can take
// it back until the plan is locked. Everyone sees who has agreed, live.
import { useState } from 'react';
import type { Agreement, Board } from '../../shared/board.ts';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { api } from '../api.ts';
import { messageOf } from '../errors.ts';
import { firstName, formatDateTime } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardEnv } from './BoardContext.tsx';

function roleWord(agreement: Agreement): string {
  return agreement.role in ROLE_LABELS ? ROLE_LABELS[agreement.role as keyof typeof ROLE_LABELS] : 'participant';
}

/** The agreement panel of the board (shown while making the plan and at the review). */
export function AgreePanel({ board, conferenceId }: { board: Board; conferenceId: string }) {
  const { actor, myId, announce } = useBoardEnv();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const name = firstName(board.meta.youngPersonName) || 'the young person';
  const youngPerson = board.agreements.filter((a) => a.role === 'youngPerson');
  const others = board.agreements.filter((a) => a.role !== 'youngPerson');
  const mine = board.agreements.find((a) => a.participantId === myId) ?? null;
  const mayAgree = actor !== 'observer' && actor !== 'coordinator';
  const isYoungPerson = actor === 'youngPerson';

  const act = (agree: boolean) => {
    setBusy(true);
    setError('');
    (agree ? api.agree(conferenceId) : api.withdrawAgreement(conferenceId)).then(
      () => {
        setBusy(false);
        announce(agree ? 'Your agreement is recorded.' : 'Your agreement is taken back.');
      },
      (failure: unknown) => {
        setBusy(false);
        setError(messageOf(failure));
      },
    );
  };

  return (
    <section className="panel agree-panel" aria-labelledby="agree-heading">
      <h2 id="agree-heading">{isYoungPerson ? 'Are you happy with this plan?' : 'Do we agree?'}</h2>
      {!isYoungPerson && (
        <p>
          {youngPerson.length > 0
            ? `${name} has said they are happy with this plan.`
            : `First we ask ${name} whether they are happy with this plan, in their own words.`}
        </p>
      )}
      {mayAgree && mine === null && (
        <button type="button" className="button button-primary button-big" disabled={busy} onClick={() => act(true)}>
          {isYoungPerson ? 'I’m happy with this plan' : 'I agree with this plan'}
        </button>
      )}
      {mayAgree && mine !== null && (
        <p>
          {isYoungPerson ? 'You said you are happy with this plan' : 'You agreed with this plan'} ({formatDateTime(mine.agreedAt)}).{' '}
          <button type="button" className="button button-quiet" disabled={busy} onClick={() => act(false)}>
            {isYoungPerson ? 'I’m not happy with it any more' : 'Take back my agreement'}
          </button>
        </p>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      <h3>Who has agreed</h3>
      {board.agreements.length === 0 ? (
        <p>Nobody yet.</p>
      ) : (
        <ul className="plan-list" aria-label="Who has agreed">
          {[...youngPerson, ...others].map((agreement) => (
            <li key={agreement.participantId}>
              <strong>
                <bdi>{agreement.displayName}</bdi>
              </strong> ({roleWord(agreement)}){agreement.role === 'youngPerson' ? ' is happy with this plan' : ' agrees'}
              <span className="hint"> · {formatDateTime(agreement.agreedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
