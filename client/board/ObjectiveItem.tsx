// One wish in "What I'd like": its text, who raised it, and edit (shared text, category) / remove.
import { useEffect, useMemo, useRef } from 'react';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  OBJECTIVE_STATUSES,
  OBJECTIVE_STATUS_LABELS,
  editObjective,
  getObjectiveText,
  removeToList,
  type Objective,
} from '../../shared/board.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardAction, useBoardEnv, useMay } from './BoardContext.tsx';
import { oneOf } from './choices.ts';
import { CollabTextarea } from './CollabTextarea.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { WhoChanged } from './WhoChanged.tsx';
import { LongText } from './LongText.tsx';
import { EditingNow, useShareEditing } from './editing.tsx';
import { removeQuestion } from './removeQuestion.ts';

/** A wish, editable in place by the young person, the coordinator and whoever added it (shared/rules.ts). */
export function ObjectiveItem({ objective, editing, onEditingChange }: { objective: Objective; editing: boolean; onEditingChange: (on: boolean) => void }) {
  const { doc, announce, myId, awareness, editors } = useBoardEnv();
  const others = editors.get(`wish:${objective.id}`);
  const may = useMay();
  const canEdit = may('set', 'objectives.*', objective.raisedBy);
  // At the review, the coordinator marks each wish as met, partly met or not met.
  const canMark = may('set', 'objectives.*.status');
  const { error, run } = useBoardAction();
  const categorySelect = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    // Arriving in a new group after a category change: the focused select was unmounted with the old one.
    if (editing && document.activeElement === document.body) categorySelect.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const open = editing && canEdit;
  useShareEditing(awareness, { kind: 'wish', id: objective.id }, open);
  const ytext = useMemo(() => (open ? getObjectiveText(doc, objective.id) : null), [doc, objective.id, open]);
  const short = objective.text.length > 60 ? `${objective.text.slice(0, 57)}…` : objective.text;

  return (
    <li className="item" data-focus={`wish:${objective.id}`}>
      {!open && (objective.text ? <LongText className="item-text" text={objective.text} /> : <p className="item-text"><em>(no words yet)</em></p>)}
      {!open && <WhoChanged id={objective.id} addedBy={objective.raisedBy} />}
      <EditingNow names={others} />
      {canMark ? (
        <div className="field field-inline">
          <label htmlFor={`wish-status-${objective.id}`}>At the review</label>
          <select
            id={`wish-status-${objective.id}`}
            value={objective.status}
            onChange={(e) =>
              run(() => {
                const status = oneOf(OBJECTIVE_STATUSES, e.target.value, objective.status);
                editObjective(doc, objective.id, { status });
                announce(`“${short}”: ${OBJECTIVE_STATUS_LABELS[status]}`);
              })
            }
          >
            {OBJECTIVE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {OBJECTIVE_STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
      ) : (
        objective.status !== 'open' && <p className={`item-meta status-${objective.status}`}>{OBJECTIVE_STATUS_LABELS[objective.status]}</p>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      {open && ytext && (
        <div className="panel edit-panel">
          <CollabTextarea ytext={ytext} label="What I’d like" hint="Others see your typing as you go." rows={2} />
          <div className="field">
            <label htmlFor={`wish-category-${objective.id}`}>What is it about?</label>
            <select
              ref={categorySelect}
              id={`wish-category-${objective.id}`}
              value={objective.category}
              onChange={(e) => run(() => editObjective(doc, objective.id, { category: oneOf(CATEGORIES, e.target.value, objective.category) }))}
            >
              {CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {CATEGORY_LABELS[value]}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {canEdit && (
        <div className="button-row">
          <button type="button" className="button button-quiet" aria-expanded={editing} aria-label={editing ? `Done editing “${short}”` : `Edit “${short}”`} onClick={() => onEditingChange(!editing)}>
            {editing ? 'Done' : 'Edit'}
          </button>
          <ConfirmButton
            label="Remove"
            accessibleLabel={`Remove “${short}”`}
            question={removeQuestion('this wish', others)}
            confirmLabel="Yes, remove"
            onConfirm={() =>
              run(() => {
                removeToList(doc, 'objective', objective.id, myId, new Date().toISOString());
                announce(`Removed from What I’d like: ${short}. It is in Removed, where anyone can put it back.`);
              })
            }
          />
        </div>
      )}
    </li>
  );
}
