// The live board once the document has loaded: header, notices, and the three sections.
import { useMemo } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { ReactNode } from 'react';
import type { Actor } from '../../shared/roles.ts';
import { mayWrite, type RuleContext } from '../../shared/rules.ts';
import type { Conference, Participant } from '../api.ts';
import { firstName } from '../format.ts';
import { Page } from '../Page.tsx';
import { useHereNow } from '../sync/presence.ts';
import type { LinkState } from '../sync/useBoardConnection.ts';
import { BoardEnvProvider } from './BoardContext.tsx';
import { BoardHeader, ConnectionStatus } from './BoardHeader.tsx';
import { ObjectivesSection } from './ObjectivesSection.tsx';
import { OffersSection } from './OffersSection.tsx';
import { PeopleSection } from './PeopleSection.tsx';
import { PhaseBanner } from './PhaseBanner.tsx';
import { StageControl } from '../coordinator/StageControl.tsx';
import { useBoard } from './useBoard.ts';
import { AgreePanel } from './AgreePanel.tsx';
import { LockPanel } from '../coordinator/LockPanel.tsx';
import { AgreedOnBoard } from '../plan/AgreedOnBoard.tsx';
import { LOCKABLE_PHASES } from '../../shared/lock.ts';

interface BoardViewProps {
  doc: Y.Doc;
  awareness: Awareness;
  link: LinkState;
  actor: Actor;
  myName: string;
  myId: string;
  conference: Conference | null;
  conferenceId: string;
  participants: ReadonlyMap<string, Participant>;
  /** A message about the connection to show above the board. */
  notice: ReactNode;
}

/** The board for one person, with editing controls only where their role allows. */
export function BoardView({ doc, awareness, link, actor, myName, myId, conference, conferenceId, participants, notice }: BoardViewProps) {
  const board = useBoard(doc);
  const people = useHereNow(awareness);
  const title = board.meta.title || conference?.title || 'The board';
  const youngPerson = firstName(board.meta.youngPersonName || conference?.youngPersonName || '') || 'the young person';
  const { locked, phase } = board.meta;
  // The clock is the server's concern (approval times); the client's is close enough to decide what to offer.
  const rules = useMemo<RuleContext>(() => ({ writer: actor, selfId: myId, phase, locked, now: Date.now() }), [actor, myId, phase, locked]);
  const canEdit = mayWrite('board', 'edit', 'contingency', rules);
  const env = useMemo(
    () => ({ doc, actor, canEdit, myName, myId, rules, nameOf: (id: string) => participants.get(id)?.displayName ?? null }),
    [doc, actor, canEdit, myName, myId, rules, participants],
  );

  return (
    <Page title={title} wide banner={<ConnectionStatus link={link} />}>
      <BoardHeader youngPersonName={youngPerson} people={people} />
      <PhaseBanner phase={phase} actor={actor} youngPerson={youngPerson} />
      {actor === 'coordinator' && <StageControl key={phase} conferenceId={conferenceId} phase={phase} />}
      {notice}
      {actor === 'observer' && (
        <p className="notice" role="note">
          <strong>You are watching.</strong> You can see the plan as it is made, but not change it.
        </p>
      )}
      <BoardEnvProvider value={env}>
        {locked && <AgreedOnBoard conferenceId={conferenceId} version={board.meta.version} youngPerson={actor === 'youngPerson'} />}
        {!locked && LOCKABLE_PHASES.includes(phase) && <AgreePanel board={board} conferenceId={conferenceId} />}
        {!locked && actor === 'coordinator' && LOCKABLE_PHASES.includes(phase) && <LockPanel board={board} conferenceId={conferenceId} />}
        {locked ? (
          <details className="agreed-board">
            <summary>See the board as it was agreed</summary>
            <div className="board-grid">
              <ObjectivesSection board={board} />
              <PeopleSection board={board} conferenceId={conferenceId} />
              <OffersSection board={board} />
            </div>
          </details>
        ) : (
          <div className="board-grid">
            <ObjectivesSection board={board} />
            <PeopleSection board={board} conferenceId={conferenceId} />
            <OffersSection board={board} />
          </div>
        )}
      </BoardEnvProvider>
    </Page>
  );
}
