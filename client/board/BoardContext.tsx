// What every board component needs besides the board data: the document, who I am, whether I may edit, and a voice.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { Editors } from './editing.tsx';
import type { Clash, ClashField } from './conflicts.ts';
import type { EntryAuthors } from '../api.ts';
import type { Actor } from '../../shared/roles.ts';
import { mayWrite, type ChangeOp, type RuleContext } from '../../shared/rules.ts';
import { messageOf } from '../errors.ts';

/** The board's surroundings, provided once by BoardView. */
export interface BoardEnv {
  doc: Y.Doc;
  actor: Actor;
  /** False for observers and once the plan is locked. */
  canEdit: boolean;
  /** The server's rules as they apply to me now (shared/rules.ts), to offer only what I may do. */
  rules: RuleContext;
  /** A person's name for an id the board stores (who added or approved something), if known. */
  nameOf: (id: string) => string | null;
  /** My name as others see it. */
  myName: string;
  /** The young person's first name, as the board speaks of them ("Sam said yes"). */
  youngPerson: string;
  /** My participant or coordinator id, recorded as `createdBy`. */
  myId: string;
  /** Presence: who is here and what they have open (null only in tests without a connection). */
  awareness: Awareness | null;
  /** Who added and who last changed each card (by its id), from the server's record. */
  authors: Readonly<Record<string, EntryAuthors>>;
  /** "How often" or "When it starts" written by two people at once, not yet dismissed. */
  clashes: readonly Clash[];
  dismissClash: (offerId: string, field: ClashField) => void;
  /** Who else is changing each card now (by focus marker, e.g. "offer:<id>"). */
  editors: Editors;
  /** Says something to screen-reader users (polite live region). */
  announce: (message: string) => void;
}

const BoardEnvContext = createContext<BoardEnv | null>(null);

/** The surroundings of the board; only valid inside <BoardEnvProvider>. */
export function useBoardEnv(): BoardEnv {
  const env = useContext(BoardEnvContext);
  if (!env) throw new Error('useBoardEnv() used outside the board');
  return env;
}

/** Whether the rules let me do `op` at `pattern` on the board now (`ownerId`: the entry's owner field). */
export function useMay(): (op: ChangeOp, pattern: string, ownerId?: unknown) => boolean {
  const { rules } = useBoardEnv();
  return useCallback((op, pattern, ownerId) => mayWrite('board', op, pattern, rules, ownerId), [rules]);
}

/** Provides the board surroundings and renders the live region that `announce` speaks through. */
export function BoardEnvProvider({ value, children }: { value: Omit<BoardEnv, 'announce'>; children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    // A trailing no-break space toggles so the same sentence twice is still announced twice.
    setMessage((previous) => (previous === text ? `${text}\u00a0` : text));
  }, []);
  const env = useMemo(() => ({ ...value, announce }), [value, announce]);
  return (
    <BoardEnvContext.Provider value={env}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {message}
      </div>
    </BoardEnvContext.Provider>
  );
}


/**
 * A board write's error sentence and a runner for such writes: a refused write (BoardError)
 * shows its readable message instead of throwing; a successful one clears it.
 */
export function useBoardAction(): { error: string; run: (action: () => void) => void } {
  const [error, setError] = useState('');
  const run = useCallback((action: () => void) => {
    try {
      action();
      setError('');
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, []);
  return { error, run };
}
