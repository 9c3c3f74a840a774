// An agreed plan, read-only and printable: who will do what, the young person's wishes, the people
// and connections, what happens if it breaks down, and who agreed it when. The young person's
// version leads with their wishes in their own words; everyone else's leads with the offers.
import {
  CIRCLE_LABELS,
  CONNECTION_LABELS,
  OBJECTIVE_STATUS_LABELS,
  OFFER_KIND_LABELS,
  SUPERVISION_LABELS,
} from '../../shared/board.ts';
import type { Plan } from '../../shared/plan.ts';
import { agreementWords, takingPartAs, yesWords, youngPersonFirst } from '../../shared/planWords.ts';
import { firstName, formatDate, formatDateTime, plural } from '../format.ts';

/** Which version of the plan to show first. */
export type PlanAudience = 'youngPerson' | 'everyone';

/** The whole agreed plan; `headingLevel` is that of its section headings (2 on its own page). */
export function AgreedPlan({ plan, audience, headingLevel = 2 }: { plan: Plan; audience: PlanAudience; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const name = firstName(plan.youngPersonName) || 'the young person';
  const wishes = plan.wishesByCategory.flatMap((group) => group.wishes);
  const wishText = new Map(wishes.map((wish) => [wish.id, wish.text]));
  const offerFrom = new Map(plan.offers.map((offer) => [offer.id, offer.from]));

  const wishSection = (
    <section className="plan-section" aria-labelledby="plan-wishes">
      <H id="plan-wishes">{audience === 'youngPerson' ? 'What I’d like' : `What ${name} would like`}</H>
      {plan.wishesByCategory.length === 0 && <p>No wishes were written down.</p>}
      {plan.wishesByCategory.map((group) => (
        <div key={group.category}>
          <p className="plan-category">{group.label}</p>
          <ul className="plan-list">
            {group.wishes.map((wish) => (
              <li key={wish.id}>
                <span className="plan-wish">“{wish.text}”</span>
                {wish.status !== 'open' && <span className={`plan-status status-${wish.status}`}> — {OBJECTIVE_STATUS_LABELS[wish.status]}</span>}
                {wish.offerIds.length > 0 && (
                  <span className="plan-note"> Helped by: {wish.offerIds.map((id) => offerFrom.get(id) ?? 'someone').join(', ')}.</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );

  const offerSection = (
    <section className="plan-section" aria-labelledby="plan-offers">
      <H id="plan-offers">Who will do what</H>
      {plan.offers.length === 0 && <p>No offers were agreed.</p>}
      <ul className="plan-list plan-offers">
        {plan.offers.map((offer) => (
          <li key={offer.id} className="plan-offer">
            <p className="plan-offer-who">
              <strong>{offer.from}</strong> · {OFFER_KIND_LABELS[offer.kind]}
            </p>
            <p>{offer.what || <em>(no words)</em>}</p>
            {yesWords(plan, offer) !== null && <p className="said-yes">{yesWords(plan, offer)}</p>}
            <dl className="offer-details">
              {offer.howOften && (
                <div>
                  <dt>How often</dt>
                  <dd>{offer.howOften}</dd>
                </div>
              )}
              {offer.startsOn && (
                <div>
                  <dt>From when</dt>
                  <dd>{offer.startsOn}</dd>
                </div>
              )}
              <div>
                <dt>Who else is there</dt>
                <dd>{SUPERVISION_LABELS[offer.supervision]}</dd>
              </div>
              {offer.needsApproval && (
                <div>
                  <dt>Approved</dt>
                  <dd>{offer.approval ? `by ${offer.approval.by}, ${formatDateTime(offer.approval.at)}` : 'not approved'}</dd>
                </div>
              )}
              {offer.wishIds.length > 0 && (
                <div>
                  <dt>Helps with</dt>
                  <dd>{offer.wishIds.map((id) => wishText.get(id) ?? '').filter(Boolean).join('; ')}</dd>
                </div>
              )}
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );

  return (
    <article className="agreed-plan" aria-label={`The agreed plan, version ${plan.version}`}>
      <p className="plan-stamp">
        <strong>Agreed plan, version {plan.version}.</strong> Locked on {formatDateTime(plan.lockedAt)}.
        {plan.reviewDate && <> Review meeting: {formatDate(plan.reviewDate)}.</>}
      </p>
      {(plan.conferenceDate || plan.place || plan.coordinator) && (
        <p className="plan-about">
          {(plan.conferenceDate || plan.place) && (
            <>
              The conference was{plan.conferenceDate ? ` on ${formatDate(plan.conferenceDate)}` : ''}
              {plan.place ? (
                <>
                  {' '}
                  at <bdi>{plan.place}</bdi>
                </>
              ) : null}
              .{' '}
            </>
          )}
          {plan.coordinator && (
            <>
              Coordinator: <bdi>{plan.coordinator.name}</bdi>.
            </>
          )}
        </p>
      )}
      {audience === 'youngPerson' ? (
        <>
          {wishSection}
          {offerSection}
        </>
      ) : (
        <>
          {offerSection}
          {wishSection}
        </>
      )}
      <section className="plan-section" aria-labelledby="plan-contingency">
        <H id="plan-contingency">If part of the plan does not work out</H>
        <p className="plan-contingency">{plan.contingency.trim() || (plan.contingencyNotNeeded ? 'No backup plan was needed.' : 'Nothing was written down.')}</p>
      </section>
      <section className="plan-section" aria-labelledby="plan-people">
        <H id="plan-people">{audience === 'youngPerson' ? 'My people' : `${name}’s people`}</H>
        <p>
          People {name} is in touch with: {plan.connections.atStart} when Lifelong Links began, {plan.connections.now} now.
        </p>
        <ul className="plan-list">
          {plan.people.map((person) => (
            <li key={person.id}>
              <strong>{person.name}</strong>
              {person.relationship && <>, {person.relationship}</>} · {CIRCLE_LABELS[person.circle]} · {CONNECTION_LABELS[person.connection]}
            </li>
          ))}
        </ul>
      </section>
      {plan.participants && (
        <section className="plan-section" aria-labelledby="plan-took-part">
          <H id="plan-took-part">Who took part</H>
          <ul className="plan-list">
            {plan.participants.map((person, index) => (
              <li key={person.id ?? `at-${index}`}>
                <strong>
                  <bdi>{person.name}</bdi>
                </strong>
                , {takingPartAs(person)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="plan-section" aria-labelledby="plan-agreed">
        <H id="plan-agreed">Who agreed</H>
        {plan.agreements.length === 0 ? (
          <p>Nobody said “I agree” on the board.</p>
        ) : (
          <ul className="plan-list">
            {youngPersonFirst(plan.agreements).map((agreement) => {
              const person = plan.participants?.find((p) => p.id === agreement.participantId);
              return (
                <li key={agreement.participantId}>
                  <strong>
                    <bdi>{agreement.name}</bdi>
                  </strong>{' '}
                  ({takingPartAs(person ?? { role: agreement.role, relationship: '' })}): {agreementWords(plan, agreement)}, {formatDateTime(agreement.agreedAt)}
                </li>
              );
            })}
          </ul>
        )}
        {plan.agreedWithoutYoungPerson && (
          <p>
            Agreed without {name} saying so, because: {plan.agreedWithoutYoungPerson}
          </p>
        )}
        <p className="plan-note">{plural(plan.offers.length, 'agreed offer')}.</p>
      </section>
    </article>
  );
}
