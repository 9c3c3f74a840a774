// The live board once the document has loaded: header, notices, and the three sections.
import { useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { ReactNode } from 'react';
import type { Actor } from '../../shared/roles.ts';
import { mayWrite, type RuleContext } from '../../shared/rules.ts';
import type { Conference, Participant } from '../api.ts';
import { firstName, formatDateTime } from '../format.ts';
import { Page } from '../Page.tsx';
import { useHereNow } from '../sync/presence.ts';
import type { LinkState } from '../sync/useBoardConnection.ts';
import { BoardEnvProvider } from './BoardContext.tsx';
import { BoardHeader, ConnectionStatus } from './BoardHeader.tsx';
import { ObjectivesSection } from './ObjectivesSection.tsx';
import { OffersSection } from './OffersSection.tsx';
import { PeopleSection } from './PeopleSection.tsx';
import { ContingencySection } from './ContingencySection.tsx';
import { RemovedSection } from './RemovedSection.tsx';
import { YoungPersonWelcome } from './YoungPersonWelcome.tsx';
import { PlanOutline } from './PlanOutline.tsx';
import { PhaseBanner } from './PhaseBanner.tsx';
import { CoordinatorBar, type CoordinatorBarHandle } from '../coordinator/CoordinatorBar.tsx';
import { navigate } from '../navigate.ts';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';
import { BringHereNotice } from './BringHereNotice.tsx';
import { bringEveryoneHere, useShareFocus } from './follow.ts';
import { useEditors } from './editing.tsx';
import { useUndo } from './undo.ts';
import { useAuthors } from './useAuthors.ts';
import { useClashes } from './conflicts.ts';
import { shortcutFor, SINGLE_KEYS_OFF, type ShortcutAction } from './shortcuts.ts';
import { useBoard } from './useBoard.ts';
import { AgreePanel } from './AgreePanel.tsx';
import { LockPanel } from '../coordinator/LockPanel.tsx';
import { AgreedOnBoard } from '../plan/AgreedOnBoard.tsx';
import { LOCKABLE_PHASES } from '../../shared/lock.ts';

interface BoardViewProps {
  doc: Y.Doc;
  awareness: Awareness;
  link: LinkState;
  /** True when this device keeps the board (the coordinator's): changes survive a reload with no connection. */
  keptOnDevice?: boolean;
  /** True when the server has confirmed every change made on this page. */
  saved?: boolean;
  actor: Actor;
  myName: string;
  myId: string;
  conference: Conference | null;
  conferenceId: string;
  participants: ReadonlyMap<string, Participant>;
  /** Asks for the names again: someone on the board is not among `participants` (they joined since). */
  onUnknownPerson?: () => void;
  /** A message about the connection to show above the board. */
  notice: ReactNode;
}

/** The board for one person, with editing controls only where their role allows. */
export function BoardView({ doc, awareness, link, keptOnDevice = false, saved = true, actor, myName, myId, conference, conferenceId, participants, onUnknownPerson, notice }: BoardViewProps) {
  const board = useBoard(doc);
  const people = useHereNow(awareness);
  const title = board.meta.title || conference?.title || 'The board';
  const youngPerson = firstName(board.meta.youngPersonName || conference?.youngPersonName || '') || 'the young person';
  const { locked, phase } = board.meta;
  // The clock is the server's concern (approval times); the client's is close enough to decide what to offer.
  const rules = useMemo<RuleContext>(() => ({ writer: actor, selfId: myId, phase, locked, now: Date.now() }), [actor, myId, phase, locked]);
  const canEdit = mayWrite('board', 'edit', 'contingency', rules);
  const editors = useEditors(awareness);
  const authors = useAuthors(conferenceId, doc);
  const { clashes, dismiss: dismissClash } = useClashes(doc);
  // Someone who joined after the names were loaded: ask for them again (once per new set of strangers).
  const strangers = [...new Set(Object.values(authors).flatMap((a) => [a.addedBy, a.changedBy]).filter((id): id is string => id !== null && !participants.has(id)))].sort().join(',');
  const askedFor = useRef('');
  useEffect(() => {
    if (strangers === '' || strangers === askedFor.current) return;
    askedFor.current = strangers;
    onUnknownPerson?.();
  }, [strangers, onUnknownPerson]);
  const env = useMemo(
    () => ({ doc, actor, canEdit, myName, myId, youngPerson, rules, awareness, editors, authors, clashes, dismissClash, nameOf: (id: string) => participants.get(id)?.displayName ?? null }),
    [doc, actor, canEdit, myName, myId, youngPerson, rules, awareness, editors, authors, clashes, dismissClash, participants],
  );

  const coordinator = actor === 'coordinator';
  const undo = useUndo(doc, myId, canEdit);
  const undoRef = useRef(undo);
  undoRef.current = undo;
  // The coordinator's place on the board is shared, for the room's screen to follow.
  useShareFocus(awareness, coordinator);
  const bar = useRef<CoordinatorBarHandle>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [singleKeys, setSingleKeys] = useState(() => readSingleKeys());
  const changeSingleKeys = (on: boolean) => {
    setSingleKeys(on);
    writeSingleKeys(on);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const action = shortcutFor(event, { singleKeys, coordinator });
      if (action === null) return;
      event.preventDefault();
      runShortcut(action);
    };
    const runShortcut = (action: ShortcutAction) => {
      switch (action) {
        case 'help':
          return setHelpOpen(true);
        case 'wishes':
        case 'people':
        case 'offers':
        case 'backup':
          return focusSection(SECTION_HEADINGS[action]);
        case 'nextStage':
          return bar.current?.nextStage();
        case 'invites':
          return bar.current?.openInvites();
        case 'history':
          return navigate(`/conferences/${encodeURIComponent(conferenceId)}/history`);
        case 'undo':
          return undoRef.current.undo();
        case 'redo':
          return undoRef.current.redo();
        default:
          return action satisfies never;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [singleKeys, coordinator, conferenceId]);

  return (
    <Page title={title} wide banner={<ConnectionStatus link={link} keptOnDevice={keptOnDevice} saved={saved} />}>
      <nav className="section-skips no-print" aria-label="Parts of the board">
        {SECTION_LINKS.map(([section, words]) => (
          <a
            key={section}
            className="section-skip"
            href={`#${SECTION_HEADINGS[section]}`}
            onClick={(event) => {
              event.preventDefault();
              focusSection(SECTION_HEADINGS[section]);
            }}
          >
            Skip to {words}
          </a>
        ))}
      </nav>
      <BoardHeader youngPersonName={youngPerson} people={people} />
      <PhaseBanner phase={phase} actor={actor} youngPerson={youngPerson} conferenceId={conferenceId} />
      {actor === 'observer' && (
        <p className="no-print">
          <a className="button" href="?screen=tv">
            Show as the room’s screen
          </a>{' '}
          <span className="hint">For a TV or projector in the room: the whole plan in large type, following the coordinator.</span>
        </p>
      )}
      <p className="print-only">
        Printed {formatDateTime(new Date().toISOString())}. {locked ? 'The agreed plan, as locked.' : 'A draft: the plan is not agreed yet.'}
      </p>
      {coordinator && (
        <CoordinatorBar
          ref={bar}
          conferenceId={conferenceId}
          phase={phase}
          locked={locked}
          onShowShortcuts={() => setHelpOpen(true)}
          onBringEveryoneHere={() => bringEveryoneHere(awareness)}
        />
      )}
      {!coordinator && <BringHereNotice awareness={awareness} />}
      {actor === 'youngPerson' && !locked && <YoungPersonWelcome name={youngPerson} wishes={board.objectives.length} />}
      <div className="undo-bar no-print" role="group" aria-label="Undo and redo">
        {canEdit && (
          <>
            <button type="button" className="button" onClick={undo.undo} disabled={!undo.canUndo} aria-keyshortcuts="Control+Z Meta+Z">
              <span aria-hidden="true">↶ </span>Undo
            </button>
            <button type="button" className="button" onClick={undo.redo} disabled={!undo.canRedo} aria-keyshortcuts="Control+Shift+Z Control+Y Meta+Shift+Z">
              <span aria-hidden="true">↷ </span>Redo
            </button>
          </>
        )}
        {!coordinator && (
          <button type="button" className="button button-quiet" onClick={() => setHelpOpen(true)} aria-keyshortcuts="Shift+?">
            Keyboard shortcuts
          </button>
        )}
        <PlanOutline board={board} youngPerson={youngPerson} />
        <span className="hint" role="status">
          {undo.notUndoable ?? ''}
        </span>
      </div>
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} coordinator={coordinator} canUndo={canEdit} singleKeys={singleKeys} onSingleKeysChange={changeSingleKeys} />
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
              <ContingencySection board={board} />
            </div>
          </details>
        ) : (
          <div className="board-grid">
            <ObjectivesSection board={board} />
            <PeopleSection board={board} conferenceId={conferenceId} />
            <OffersSection board={board} />
            <ContingencySection board={board} />
            <RemovedSection board={board} />
          </div>
        )}
      </BoardEnvProvider>
    </Page>
  );
}

/** The skip links at the top of the board, in the order of the sections. */
const SECTION_LINKS = [
  ['wishes', '“What I’d like”'],
  ['people', 'the people'],
  ['offers', 'the offers'],
  ['backup', 'the backup plan'],
] as const;

/** The heading each "go to" shortcut moves focus to. */
const SECTION_HEADINGS = { wishes: 'wishes-heading', people: 'people-heading', offers: 'offers-heading', backup: 'contingency-heading' } as const;

/** Moves focus (and the view) to a section's heading, so a screen reader reads where you are. */
function focusSection(headingId: string): void {
  const heading = document.getElementById(headingId);
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.focus();
  heading.scrollIntoView({ block: 'start' });
}

function readSingleKeys(): boolean {
  try {
    return localStorage.getItem(SINGLE_KEYS_OFF) !== '1';
  } catch {
    // reason: storage can be unavailable (private mode, blocked); the shortcuts then stay on.
    return true;
  }
}

function writeSingleKeys(on: boolean): void {
  try {
    if (on) localStorage.removeItem(SINGLE_KEYS_OFF);
    else localStorage.setItem(SINGLE_KEYS_OFF, '1');
  } catch {
    // reason: without storage the choice lasts until the page is closed, which is still honest.
  }
}
