// The live board once the document has loaded: header, notices, and the three sections.
import { useMemo } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Actor } from '../../shared/roles.ts';
import type { Conference } from '../api.ts';
import { firstName } from '../format.ts';
import { Page } from '../Page.tsx';
import { useHereNow } from '../sync/presence.ts';
import type { LinkState } from '../sync/useBoardConnection.ts';
import { BoardEnvProvider } from './BoardContext.tsx';
import { BoardHeader, ConnectionStatus } from './BoardHeader.tsx';
import { ObjectivesSection } from './ObjectivesSection.tsx';
import { OffersSection } from './OffersSection.tsx';
import { PeopleSection } from './PeopleSection.tsx';
import { useBoard } from './useBoard.ts';

/** Roles that leave the room during private family time (DESIGN.md). */
const LEAVE_DURING_PRIVATE_TIME: readonly Actor[] = ['professional', 'carer', 'observer'];

interface BoardViewProps {
  doc: Y.Doc;
  awareness: Awareness;
  link: LinkState;
  actor: Actor;
  myName: string;
  myId: string;
  conference: Conference | null;
}

/** The board for one person, with editing controls only where their role allows. */
export function BoardView({ doc, awareness, link, actor, myName, myId, conference }: BoardViewProps) {
  const board = useBoard(doc);
  const people = useHereNow(awareness);
  const title = board.meta.title || conference?.title || 'The board';
  const youngPerson = firstName(board.meta.youngPersonName || conference?.youngPersonName || '') || 'the young person';
  const locked = board.meta.locked;
  const canEdit = actor !== 'observer' && !locked;
  const env = useMemo(() => ({ doc, actor, canEdit, myName, myId }), [doc, actor, canEdit, myName, myId]);
  const waiting = board.meta.phase === 'private' && LEAVE_DURING_PRIVATE_TIME.includes(actor);

  return (
    <Page title={title} wide banner={<ConnectionStatus link={link} />}>
      <BoardHeader youngPersonName={youngPerson} people={people} />
      {actor === 'observer' && (
        <p className="notice" role="note">
          <strong>You are watching.</strong> You can see the plan as it is made, but not change it.
        </p>
      )}
      {locked && (
        <p className="notice" role="note">
          <strong>This plan has been agreed.</strong> It is locked, so it cannot be changed now.
        </p>
      )}
      {waiting ? (
        <div className="notice notice-waiting">
          <h2>Private family time</h2>
          <p>
            {youngPerson} and their family and friends are talking on their own now. The board will come back when the coordinator ends
            private family time.
          </p>
        </div>
      ) : (
        <BoardEnvProvider value={env}>
          <div className="board-grid">
            <ObjectivesSection board={board} />
            <PeopleSection board={board} />
            <OffersSection board={board} />
          </div>
        </BoardEnvProvider>
      )}
    </Page>
  );
}
