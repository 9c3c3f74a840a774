// On the board once the plan is locked: the agreed version as everyone will keep it, with a link to
// the printable page, and for a participant a link of their own to keep (a locked board shows the
// latest agreed version). The young person sees their version, wishes first.
import { useEffect, useState } from 'react';
import type { Plan } from '../../shared/plan.ts';
import { api } from '../api.ts';
import { messageOf } from '../errors.ts';
import { useBoardEnv } from '../board/BoardContext.tsx';
import { Link } from '../navigate.ts';
import { ErrorMessage, Loading } from '../Page.tsx';
import { AgreedPlan } from './AgreedPlan.tsx';
import { KeepPlanLink, mayKeepLink } from './KeepPlanLink.tsx';
import { planPath } from './paths.ts';

/** The agreed plan of a locked board. */
export function AgreedOnBoard({ conferenceId, version, youngPerson }: { conferenceId: string; version: number; youngPerson: boolean }) {
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState('');
  const { actor } = useBoardEnv();
  useEffect(() => {
    let live = true;
    setPlan(null);
    api.plan(conferenceId, version).then(
      (found) => live && setPlan(found),
      (failure: unknown) => live && setError(messageOf(failure)),
    );
    return () => {
      live = false;
    };
  }, [conferenceId, version]);
  return (
    <section className="panel agreed-panel" aria-labelledby="agreed-heading">
      <h2 id="agreed-heading">The agreed plan</h2>
      <p>
        <Link href={planPath(conferenceId, version)}>Open the plan to read or print it</Link>
      </p>
      {mayKeepLink(actor) && <KeepPlanLink conferenceId={conferenceId} version={version} headingLevel={3} />}
      <ErrorMessage>{error}</ErrorMessage>
      {!plan && !error && <Loading what="Loading the agreed plan…" />}
      {plan && <AgreedPlan plan={plan} audience={youngPerson ? 'youngPerson' : 'everyone'} headingLevel={3} />}
    </section>
  );
}
