// /conferences/:id/plans/:version: an agreed version of the plan for everyone in the conference,
// read-only and printable; the young person sees their version (wishes first) and anyone can switch.
// A participant looking at the latest version can get a link of their own to keep it.
import { useEffect, useState } from 'react';
import type { Plan } from '../../shared/plan.ts';
import { api, type PlanVersion } from '../api.ts';
import { messageOf } from '../errors.ts';
import { formatDateTime } from '../format.ts';
import { Link } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { useSession } from '../session.ts';
import { planPath } from './paths.ts';
import { AgreedPlan, type PlanAudience } from './AgreedPlan.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { KeepPlanLink, mayKeepLink } from './KeepPlanLink.tsx';


/** The agreed plan page. */
export function PlanPage({ conferenceId, version }: { conferenceId: string; version: number }) {
  const session = useSession();
  const me = session.state === 'signedIn' ? session.me : null;
  const [plan, setPlan] = useState<Plan | null>(null);
  const [versions, setVersions] = useState<PlanVersion[]>([]);
  const [error, setError] = useState('');
  const [audience, setAudience] = useState<PlanAudience | null>(null);

  useEffect(() => {
    if (!me) return;
    api.plan(conferenceId, version).then(setPlan, (failure: unknown) => setError(messageOf(failure)));
    api.plans(conferenceId).then(setVersions, () => undefined);
  }, [conferenceId, version, me]);

  if (session.state === 'loading') return <Loading what="Opening the plan…" />;
  if (session.state !== 'signedIn') {
    return (
      <Page title="You are not signed in">
        <p>To see the plan, open the invite link you were sent, or sign in as the coordinator.</p>
      </Page>
    );
  }
  const shown: PlanAudience = audience ?? (session.me.kind === 'participant' && session.me.role === 'youngPerson' ? 'youngPerson' : 'everyone');
  const board = `/board/${encodeURIComponent(conferenceId)}`;
  const isCoordinator = session.me.kind === 'coordinator';
  const isLatest = versions.at(-1)?.version === version;
  return (
    <Page title={plan ? `${plan.title}: the agreed plan` : 'The agreed plan'}>
      <nav className="button-row no-print" aria-label="The plan">
        <Link href={board}>← The board</Link>
        {isCoordinator && <Link href={`/conferences/${encodeURIComponent(conferenceId)}`}>The conference</Link>}
      </nav>
      <ErrorMessage>{error}</ErrorMessage>
      {!plan && !error && <Loading what="Loading the plan…" />}
      {plan && (
        <>
          <div className="button-row no-print">
            <button type="button" className="button" aria-pressed={shown === 'youngPerson'} onClick={() => setAudience(shown === 'youngPerson' ? 'everyone' : 'youngPerson')}>
              {shown === 'youngPerson' ? 'Show offers first' : 'Show the young person’s version'}
            </button>
            <button type="button" className="button" onClick={() => window.print()}>
              Print
            </button>
          </div>
          <AgreedPlan plan={plan} audience={shown} />
          {isLatest && mayKeepLink(session.me.kind === 'coordinator' ? 'coordinator' : session.me.role) && (
            <KeepPlanLink conferenceId={conferenceId} version={version} headingLevel={2} />
          )}
          <ExportPanel
            conferenceId={conferenceId}
            version={version}
            mayFullCopy={isCoordinator || (session.me.kind === 'participant' && session.me.role === 'professional')}
            maySend={isCoordinator}
          />
        </>
      )}
      {versions.length > 1 && (
        <section className="no-print" aria-labelledby="plan-versions">
          <h2 id="plan-versions">Every agreed version</h2>
          <ul className="plan-list">
            {versions.map((v) => (
              <li key={v.version}>
                {v.version === version ? (
                  <strong>Version {v.version} (shown)</strong>
                ) : (
                  <Link href={planPath(conferenceId, v.version)}>Version {v.version}</Link>
                )}
                , agreed {formatDateTime(v.lockedAt)}
                {isCoordinator && v.version > 1 && (
                  <>
                    {' '}
                    · <Link href={`${planPath(conferenceId, v.version)}/changes`}>What changed since version {v.version - 1}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}
