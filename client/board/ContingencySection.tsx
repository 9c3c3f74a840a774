// "If something doesn't work out": the plan's backup, written together in one shared text —
// who to call and what happens instead when part of the plan cannot happen.
import { useMemo } from 'react';
import { getContingencyText, type Board } from '../../shared/board.ts';
import { useBoardEnv, useMay } from './BoardContext.tsx';
import { CollabTextarea } from './CollabTextarea.tsx';

export function ContingencySection({ board }: { board: Board }) {
  const { doc } = useBoardEnv();
  const may = useMay();
  const ytext = useMemo(() => getContingencyText(doc), [doc]);
  const canEdit = may('edit', 'contingency');
  return (
    <section className="board-section contingency-section" aria-labelledby="contingency-heading" data-focus="section:backup">
      <h2 id="contingency-heading">If something doesn’t work out</h2>
      <p className="section-intro">What happens if part of the plan can’t happen: who to call, and what happens instead.</p>
      {canEdit ? (
        <>
          <CollabTextarea ytext={ytext} label="The backup plan" hint="Everyone can write here together; others see your typing as you go." rows={4} />
          <p className="plan-contingency print-only">{board.contingency.trim() || 'Nothing written here yet.'}</p>
        </>
      ) : board.contingency.trim() === '' ? (
        <p className="empty">Nothing written here yet.</p>
      ) : (
        <p className="plan-contingency">{board.contingency}</p>
      )}
    </section>
  );
}
