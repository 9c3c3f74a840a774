// Where a board stands: its phase and whether its plan is locked, as the rules and the relay read it.

import type * as Y from 'yjs';
import type { DocName } from '../../shared/roles.ts';
import { isPhase, type Phase } from '../../shared/phases.ts';
import { boardRoots, META_KEYS } from '../../shared/board.ts';

/** The board's phase and lock (a notes document has neither). */
export interface Stage {
  phase: Phase;
  locked: boolean;
}

/**
 * The board's phase and lock, read raw on every update (only the server writes them, so they are
 * never malformed; readBoardMeta's validation would cost more than the rest of the check).
 */
export function stageOf(doc: Y.Doc, docName: DocName): Stage {
  if (docName !== 'board') return { phase: 'planning', locked: false };
  const meta = boardRoots(doc).meta;
  const phase: unknown = meta.get(META_KEYS.phase);
  return { phase: isPhase(phase) ? phase : 'preparing', locked: meta.get(META_KEYS.locked) === true };
}
