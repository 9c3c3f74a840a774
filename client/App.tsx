// The app's pages, chosen by location.pathname (no router library). The way in through an invite
// link and the board are in the first download; the coordinator's pages and the plan's pages load
// as their own chunks when opened, so a phone joining the board does not fetch them.
import { lazy, Suspense } from 'react';
import { usePathname } from './navigate.ts';
import { Loading, Page } from './Page.tsx';
import { BoardPage } from './board/BoardPage.tsx';
import { JoinPage } from './join/JoinPage.tsx';
import { RequireCoordinator } from './coordinator/RequireCoordinator.tsx';

const ConferenceListPage = lazy(() => import('./coordinator/ConferenceListPage.tsx').then((m) => ({ default: m.ConferenceListPage })));
const ConferencePage = lazy(() => import('./coordinator/ConferencePage.tsx').then((m) => ({ default: m.ConferencePage })));
const HistoryPage = lazy(() => import('./coordinator/HistoryPage.tsx').then((m) => ({ default: m.HistoryPage })));
const LoginPage = lazy(() => import('./coordinator/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const NewConferencePage = lazy(() => import('./coordinator/NewConferencePage.tsx').then((m) => ({ default: m.NewConferencePage })));
const SetupPage = lazy(() => import('./coordinator/SetupPage.tsx').then((m) => ({ default: m.SetupPage })));
const PlanPage = lazy(() => import('./plan/PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const PlanLinkPage = lazy(() => import('./plan/PlanLinkPage.tsx').then((m) => ({ default: m.PlanLinkPage })));
const PlanDiffPage = lazy(() => import('./plan/PlanDiffPage.tsx').then((m) => ({ default: m.PlanDiffPage })));

/** Picks the page for the current path (pages in their own chunk show "Opening…" while they load). */
export function App() {
  return (
    <Suspense fallback={<Loading what="Opening…" />}>
      <Route />
    </Suspense>
  );
}

function Route() {
  const path = usePathname();
  const conference = /^\/conferences\/([^/]+)\/?$/.exec(path);
  const history = /^\/conferences\/([^/]+)\/history\/?$/.exec(path);
  const board = /^\/board\/([^/]+)\/?$/.exec(path);
  const plan = /^\/conferences\/([^/]+)\/plans\/([1-9][0-9]{0,8})\/?$/.exec(path);
  const changes = /^\/conferences\/([^/]+)\/plans\/([1-9][0-9]{0,8})\/changes\/?$/.exec(path);

  if (path === '/setup') return <SetupPage />;
  if (path === '/login') return <LoginPage />;
  if (path === '/join') return <JoinPage />;
  if (path === '/plan') return <PlanLinkPage />;
  if (board?.[1]) return <BoardPage key={board[1]} conferenceId={decodeURIComponent(board[1])} />;
  if (path === '/') return <RequireCoordinator>{(me) => <ConferenceListPage me={me} />}</RequireCoordinator>;
  if (path === '/conferences/new') return <RequireCoordinator>{(me) => <NewConferencePage me={me} />}</RequireCoordinator>;
  if (plan?.[1] && plan[2]) {
    const id = decodeURIComponent(plan[1]);
    return <PlanPage key={path} conferenceId={id} version={Number(plan[2])} />;
  }
  if (changes?.[1] && changes[2]) {
    const id = decodeURIComponent(changes[1]);
    const version = Number(changes[2]);
    return <RequireCoordinator>{(me) => <PlanDiffPage key={path} me={me} conferenceId={id} version={version} />}</RequireCoordinator>;
  }
  if (history?.[1]) {
    const id = decodeURIComponent(history[1]);
    return <RequireCoordinator>{(me) => <HistoryPage key={id} me={me} conferenceId={id} />}</RequireCoordinator>;
  }
  if (conference?.[1]) {
    const id = decodeURIComponent(conference[1]);
    return <RequireCoordinator>{(me) => <ConferencePage key={id} me={me} conferenceId={id} />}</RequireCoordinator>;
  }
  return (
    <Page title="Page not found">
      <p>There is nothing at this address. Check the link, or ask the coordinator for a new one.</p>
    </Page>
  );
}
