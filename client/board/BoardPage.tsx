// /board/:conferenceId: who am I → open the live document → show the board, or say plainly why not.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { api, type Conference } from '../api.ts';
import { Link } from '../navigate.ts';
import { ErrorMessage, Loading, Page } from '../Page.tsx';
import { displayNameOf, useSession } from '../session.ts';
import { closeMessage } from '../sync/closeMessages.ts';
import { colorFor, type PresenceUser } from '../sync/presence.ts';
import { useBoardConnection, type LiveNotice } from '../sync/useBoardConnection.ts';
import { ConnectionStatus } from './BoardHeader.tsx';
import { BoardView } from './BoardView.tsx';
import { LiveNoticeBanner } from './LiveNoticeBanner.tsx';
import { useParticipants } from './useParticipants.ts';
import { WaitingScreen } from './WaitingScreen.tsx';

/** The room's screen is its own chunk: phones joining the board never fetch it. */
const TvBoard = lazy(() => import('./TvBoard.tsx').then((m) => ({ default: m.TvBoard })));

/** The board page for coordinators and invited participants. */
export function BoardPage({ conferenceId }: { conferenceId: string }) {
  const [sessionVersion, setSessionVersion] = useState(0);
  const [roleNotice, setRoleNotice] = useState<LiveNotice | null>(null);
  const session = useSession(sessionVersion);
  const me = session.state === 'signedIn' ? session.me : null;
  const elsewhere = me?.kind === 'participant' && me.conferenceId !== conferenceId;
  const user = useMemo<PresenceUser | null>(() => {
    if (!me || elsewhere) return null;
    const name = displayNameOf(me);
    return { name, role: me.kind === 'coordinator' ? 'coordinator' : me.role, color: colorFor(name) };
  }, [me, elsewhere]);
  // The coordinator's own signed-in device keeps their boards; participants' phones keep nothing.
  const connection = useBoardConnection(conferenceId, user, me?.kind === 'coordinator');
  const [participantsAsked, setParticipantsAsked] = useState(0);
  const participants = useParticipants(user ? conferenceId : null, participantsAsked);
  const [conference, setConference] = useState<Conference | null>(null);

  // Closing the page while changes made offline have not gone out would lose them: the browser asks
  // first (unless this device keeps the board, when they are still here on the next visit).
  const unsent = connection?.unsent === true && !connection.keptOnDevice;
  useEffect(() => {
    if (!unsent) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set (its text is not shown).
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsent]);

  const changedRole = connection?.notice?.kind === 'roleChanged' ? connection.notice : null;
  useEffect(() => {
    if (changedRole === null) return;
    // The server already treats this person by their new role; the page asks who they are now.
    setRoleNotice(changedRole);
    setSessionVersion((v) => v + 1);
  }, [changedRole]);

  useEffect(() => {
    if (!user) return;
    // Only a fallback for the title while the document's meta is empty; failures are not shown.
    api.conference(conferenceId).then(setConference, () => undefined);
  }, [conferenceId, user]);

  if (session.state === 'loading') return <Loading what="Opening the board…" />;
  if (session.state === 'failed') {
    return (
      <Page title="We could not open the board">
        <ErrorMessage>{session.message}</ErrorMessage>
      </Page>
    );
  }
  if (session.state === 'signedOut') {
    return (
      <Page title="You are not signed in">
        <p>To see this board, open the invite link you were sent. If it no longer works, ask the coordinator for a new link.</p>
        <p>
          Coordinators: <Link href="/login">sign in</Link>.
        </p>
      </Page>
    );
  }
  if (elsewhere && session.me.kind === 'participant') {
    return (
      <Page title="This board is for a different conference">
        <p>
          <Link href={`/board/${encodeURIComponent(session.me.conferenceId)}`}>Go to your board</Link>
        </p>
      </Page>
    );
  }
  if (connection?.closed) {
    const { title, text } = closeMessage(connection.closed);
    return (
      <Page title={title}>
        <p role="alert">{text}</p>
      </Page>
    );
  }
  if (connection?.waiting) {
    return <WaitingScreen conferenceId={conferenceId} title={conference?.title ?? 'The board'} isCoordinator={session.me.kind === 'coordinator'} />;
  }
  // A plain "the plan is locked" needs no banner: the stage and the agreed plan on the board say it.
  // Changes left out of the agreed plan (lockedLeftOut) are always told.
  const live = connection?.notice?.kind === 'locked' ? null : (connection?.notice ?? null);
  const shown = roleNotice ?? live;
  const dismiss = () => {
    setRoleNotice(null);
    connection?.dismissNotice();
  };
  const notice = shown ? <LiveNoticeBanner notice={shown} onDismiss={dismiss} /> : null;
  if (!connection || !connection.loaded || !connection.doc || !connection.provider || !user) {
    return (
      <Page title={conference?.title ?? 'The board'} banner={<ConnectionStatus link={connection?.link ?? 'connecting'} />}>
        {notice}
        <Loading what="Connecting to the board…" />
      </Page>
    );
  }
  if (isSharedScreen() || (me?.kind === 'participant' && me.familySide)) {
    return (
      <Suspense fallback={<Loading what="Opening the room’s screen…" />}>
        <TvBoard
          key={connection.generation}
          doc={connection.doc}
          awareness={connection.provider.awareness}
          link={connection.link}
          fallbackTitle={conference?.title ?? 'The board'}
        />
      </Suspense>
    );
  }
  return (
    <BoardView
      key={connection.generation}
      doc={connection.doc}
      awareness={connection.provider.awareness}
      link={connection.link}
      keptOnDevice={connection.keptOnDevice}
      saved={connection.saved}
      actor={user.role}
      myName={user.name}
      myId={session.me.kind === 'coordinator' ? session.me.id : session.me.participantId}
      conference={conference}
      conferenceId={conferenceId}
      participants={participants}
      onUnknownPerson={() => setParticipantsAsked((n) => n + 1)}
      notice={notice}
    />
  );
}

/** True on the room's shared screen opened by address (`?screen=tv`); the room's screen's own invite opens it by itself. */
export function isSharedScreen(): boolean {
  return new URLSearchParams(window.location.search).get('screen') === 'tv';
}
