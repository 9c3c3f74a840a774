// The app's pages, chosen by location.pathname (no router library).
import { usePathname } from './navigate.ts';
import { Page } from './Page.tsx';
import { BoardPage } from './board/BoardPage.tsx';
import { ConferenceListPage } from './coordinator/ConferenceListPage.tsx';
import { ConferencePage } from './coordinator/ConferencePage.tsx';
import { HistoryPage } from './coordinator/HistoryPage.tsx';
import { LoginPage } from './coordinator/LoginPage.tsx';
import { NewConferencePage } from './coordinator/NewConferencePage.tsx';
import { RequireCoordinator } from './coordinator/RequireCoordinator.tsx';
import { SetupPage } from './coordinator/SetupPage.tsx';
import { JoinPage } from './join/JoinPage.tsx';
import { PlanDiffPage } from './plan/PlanDiffPage.tsx';
import { PlanPage } from './plan/PlanPage.tsx';

/** Picks the page for the current path. */
export function App() {
  const path = usePathname();
  const conference = /^\/conferences\/([^/]+)\/?$/.exec(path);
  const history = /^\/conferences\/([^/]+)\/history\/?$/.exec(path);
  const board = /^\/board\/([^/]+)\/?$/.exec(path);
  const plan = /^\/conferences\/([^/]+)\/plans\/([1-9][0-9]{0,8})\/?$/.exec(path);
  const changes = /^\/conferences\/([^/]+)\/plans\/([1-9][0-9]{0,8})\/changes\/?$/.exec(path);

  if (path === '/setup') return <SetupPage />;
  if (path === '/login') return <LoginPage />;
  if (path === '/join') return <JoinPage />;
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
