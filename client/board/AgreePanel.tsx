// "We agree": the young person is asked first, in their words ("I'm happy with this plan"), then
// everyone else; each says it for themselves (the server records it into the board) and can take
// it back until the plan is locked. There is nothing to agree to until an offer is in "Agreed", and
// the buttons say what is agreed to (how many offers). An agreement to offers that have changed
// since is shown as such, so nobody's yes is taken for a plan they did not see. Everyone sees who
// has agreed, live.
import { useState } from 'react';
import { agreedOfferIds, agreesToNow, type Agreement, type Board } from '../../shared/board.ts';
import { ROLE_LABELS } from '../../shared/roles.ts';
import { api } from '../api.ts';
import { messageOf } from '../errors.ts';
import { formatDateTime, plural } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardEnv } from './BoardContext.tsx';

function roleWord(agreement: Agreement): string {
  return agreement.role in ROLE_LABELS ? ROLE_LABELS[agreement.role as keyof typeof ROLE_LABELS] : 'participant';
}

/** The agreement panel of the board (shown while making the plan and at the review). */
export function AgreePanel({ board, conferenceId }: { board: Board; conferenceId: string }) {
  const { actor, myId, announce, youngPerson: name } = useBoardEnv();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const agreedNow = agreedOfferIds(board);
  const count = agreedNow.length;
  const offers = plural(count, 'agreed offer');
  const youngPerson = board.agreements.filter((a) => a.role === 'youngPerson');
  const others = board.agreements.filter((a) => a.role !== 'youngPerson');
  const mine = board.agreements.find((a) => a.participantId === myId) ?? null;
  const mineNow = mine !== null && agreesToNow(mine, agreedNow);
  const mayAgree = actor !== 'observer' && actor !== 'coordinator';
  const isYoungPerson = actor === 'youngPerson';
  const youngPersonNow = youngPerson.some((a) => agreesToNow(a, agreedNow));

  const act = (agree: boolean) => {
    setBusy(true);
    setError('');
    (agree ? api.agree(conferenceId) : api.withdrawAgreement(conferenceId)).then(
      () => {
        setBusy(false);
        announce(agree ? `Your agreement is recorded: ${offers}.` : 'Your agreement is taken back.');
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
      {count === 0 ? (
        <p>
          {isYoungPerson
            ? 'There is nothing to agree to yet. Say “Yes please” to the offers you want: they go to “Agreed”, and then you can say whether you are happy with the plan.'
            : `There is nothing to agree to yet. When ${name} says yes to an offer, it goes to “Agreed”; then everyone can say whether they agree.`}
        </p>
      ) : (
        <>
          {!isYoungPerson && (
            <p>
              {youngPersonNow
                ? `${name} has said they are happy with this plan (${offers}).`
                : youngPerson.length > 0
                  ? `The agreed offers changed after ${name} said they were happy: ${name} is asked again first.`
                  : `First we ask ${name} whether they are happy with this plan, in their own words.`}
            </p>
          )}
          {mayAgree && !mineNow && (
            <>
              {mine !== null && <p>The agreed offers changed after you agreed. Is this still the plan for you?</p>}
              <button type="button" className="button button-primary button-big button-stacked" disabled={busy} onClick={() => act(true)}>
                <span>{isYoungPerson ? 'I’m happy with this plan' : 'I agree with this plan'}</span> <span className="button-detail">({offers})</span>
              </button>
            </>
          )}
          {mayAgree && mineNow && mine !== null && (
            <p>
              {isYoungPerson ? 'You said you are happy with this plan' : 'You agreed with this plan'} ({offers}, {formatDateTime(mine.agreedAt)}).{' '}
              <button type="button" className="button button-quiet" disabled={busy} onClick={() => act(false)}>
                {isYoungPerson ? 'I’m not happy with it any more' : 'Take back my agreement'}
              </button>
            </p>
          )}
        </>
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
              {!agreesToNow(agreement, agreedNow) && <em> — before the agreed offers changed</em>}
              <span className="hint"> · {formatDateTime(agreement.agreedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
