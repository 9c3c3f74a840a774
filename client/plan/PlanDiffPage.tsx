// /conferences/:id/plans/:version/changes: what changed from the version before, for the
// coordinator at the review: offers added, removed and changed, wishes' status, connections.
import { useEffect, useState } from 'react';
import { OBJECTIVE_STATUS_LABELS, OFFER_KIND_LABELS, type ObjectiveStatus } from '../../shared/board.ts';
import { OFFER_FIELD_LABELS, type PlanDiff } from '../../shared/planDiff.ts';
import { api, type CoordinatorMe } from '../api.ts';
import { messageOf } from '../errors.ts';
import { Link } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { SignOut } from '../coordinator/RequireCoordinator.tsx';
import { planPath } from './paths.ts';

const status = (value: ObjectiveStatus | null) => (value === null ? 'not in that version' : OBJECTIVE_STATUS_LABELS[value]);

/** What changed between version `version - 1` and `version`. */
export function PlanDiffPage({ me, conferenceId, version }: { me: CoordinatorMe; conferenceId: string; version: number }) {
  const [diff, setDiff] = useState<PlanDiff | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (version < 2) {
      setError('The first agreed version has nothing before it to compare with.');
      return;
    }
    api.planDiff(conferenceId, version - 1, version).then(setDiff, (failure: unknown) => setError(messageOf(failure)));
  }, [conferenceId, version]);

  return (
    <Page title={`What changed in version ${version}`} banner={<SignOut me={me} />}>
      <p>
        <Link href={planPath(conferenceId, version)}>← Version {version} of the plan</Link>
      </p>
      <ErrorMessage>{error}</ErrorMessage>
      {!diff && !error && <Loading what="Comparing the versions…" />}
      {diff && (
        <>
          <p>
            From version {diff.from} to version {diff.to}. People the young person is in touch with: {diff.connections.before.now} then,{' '}
            {diff.connections.after.now} now (at the start of Lifelong Links: {diff.connections.after.atStart}).
          </p>
          <section aria-labelledby="diff-added">
            <h2 id="diff-added">Offers added ({diff.offers.added.length})</h2>
            {diff.offers.added.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="plan-list">
                {diff.offers.added.map((offer) => (
                  <li key={offer.id}>
                    <strong>{offer.from}</strong> · {OFFER_KIND_LABELS[offer.kind]}: {offer.what}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="diff-removed">
            <h2 id="diff-removed">Offers no longer in the plan ({diff.offers.removed.length})</h2>
            {diff.offers.removed.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="plan-list">
                {diff.offers.removed.map((offer) => (
                  <li key={offer.id}>
                    <strong>{offer.from}</strong> · {OFFER_KIND_LABELS[offer.kind]}: {offer.what}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="diff-changed">
            <h2 id="diff-changed">Offers changed ({diff.offers.changed.length})</h2>
            {diff.offers.changed.length === 0 ? (
              <p>None.</p>
            ) : (
              <ul className="plan-list">
                {diff.offers.changed.map((offer) => (
                  <li key={offer.id}>
                    <strong>{offer.from}</strong>: {offer.what}
                    <ul>
                      {offer.fields.map((field) => (
                        <li key={field.field}>
                          {OFFER_FIELD_LABELS[field.field]}: “{field.before}” → “{field.after}”
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="diff-wishes">
            <h2 id="diff-wishes">Wishes</h2>
            {diff.wishes.length === 0 ? (
              <p>No wish changed.</p>
            ) : (
              <ul className="plan-list">
                {diff.wishes.map((wish) => (
                  <li key={wish.id}>
                    “{wish.text}”: {status(wish.before)} → <strong>{status(wish.after)}</strong>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="diff-family">
            <h2 id="diff-family">The family map</h2>
            {diff.relationships.added.length + diff.relationships.removed.length + diff.relationships.changed.length === 0 ? (
              <p>No relationship changed.</p>
            ) : (
              <ul className="plan-list">
                {diff.relationships.added.map((words, i) => (
                  <li key={`added-${String(i)}`}>Added: {words}</li>
                ))}
                {diff.relationships.removed.map((words, i) => (
                  <li key={`removed-${String(i)}`}>No longer on the map: {words}</li>
                ))}
                {diff.relationships.changed.map((change, i) => (
                  <li key={`changed-${String(i)}`}>
                    Changed: {change.before} → <strong>{change.after}</strong>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
