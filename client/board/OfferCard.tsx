// One offer card: drag handle, who and what, its details, and Edit / Move to… / Remove.
import { useEffect, useId, useRef } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { approveOffer, OFFER_KIND_LABELS, SUPERVISION_LABELS, type Board, type Offer } from '../../shared/board.ts';
import { mayApprove } from '../../shared/rules.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardAction, useBoardEnv } from './BoardContext.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { MoveMenu, type MoveChoice } from './MoveMenu.tsx';
import { OfferEditor } from './OfferEditor.tsx';
import { offerTitle, personName } from './offerTitle.ts';

interface OfferCardProps {
  board: Board;
  offer: Offer;
  isFirst: boolean;
  isLast: boolean;
  editing: boolean;
  onEditingChange: (on: boolean) => void;
  onMove: (choice: MoveChoice) => void;
  onRemove: () => void;
}

/** A sortable offer card (the handle is the only drag start, so the rest of the card scrolls on a phone). */
export function OfferCard({ board, offer, isFirst, isLast, editing, onEditingChange, onMove, onRemove }: OfferCardProps) {
  const { doc, canEdit, nameOf, rules, myId, announce } = useBoardEnv();
  const approval = useBoardAction();
  const canApprove = offer.needsApproval && offer.approvedBy === null && mayApprove(rules);
  const id = useId();
  const title = offerTitle(board, offer);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: offer.id,
    data: { type: 'offer' },
    disabled: !canEdit,
  });

  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const linked = board.objectives.filter((objective) => offer.objectiveIds.includes(objective.id));
  const open = editing && canEdit;

  return (
    <li
      ref={setNodeRef}
      className={isDragging ? 'offer-card is-dragging' : 'offer-card'}
      style={{ transform: CSS.Translate.toString(transform), transition }}
    >
      <div className="offer-top">
        {canEdit && (
          <button
            ref={setActivatorNodeRef}
            type="button"
            className="drag-handle"
            {...attributes}
            aria-roledescription="drag handle"
            aria-label={`Drag to move: ${title}`}
            title="Drag to move, or press space"
            {...listeners}
          >
            <span aria-hidden="true">⠿</span>
          </button>
        )}
        <h4 className="offer-who" id={`${id}-title`}>
          {personName(board, offer)}
          <span className="offer-kind"> · {OFFER_KIND_LABELS[offer.kind]}</span>
        </h4>
      </div>
      {!open && <p className="offer-text">{offer.text || <em>(no words yet)</em>}</p>}
      {!open && (
        <dl className="offer-details">
          {offer.frequency && (
            <div>
              <dt>How often</dt>
              <dd>{offer.frequency}</dd>
            </div>
          )}
          {offer.startsOn && (
            <div>
              <dt>Starts</dt>
              <dd>{offer.startsOn}</dd>
            </div>
          )}
          <div>
            <dt>Who else is there</dt>
            <dd>{SUPERVISION_LABELS[offer.supervision]}</dd>
          </div>
          {linked.length > 0 && (
            <div>
              <dt>Helps with</dt>
              <dd>{linked.map((objective) => objective.text).join('; ')}</dd>
            </div>
          )}
          {offer.needsApproval && (
            <div>
              <dt>Approval</dt>
              <dd>{offer.approvedBy ? `Approved by ${nameOf(offer.approvedBy) ?? 'a professional'}` : 'Needs a professional to approve it'}</dd>
            </div>
          )}
        </dl>
      )}
      {open && <OfferEditor board={board} offer={offer} onDone={() => onEditingChange(false)} />}
      <ErrorMessage>{approval.error}</ErrorMessage>
      {canApprove && !open && (
        <button
          type="button"
          className="button"
          aria-label={`Approve: ${title}`}
          onClick={() =>
            approval.run(() => {
              approveOffer(doc, offer.id, myId, new Date().toISOString());
              announce(`Approved: ${title}`);
            })
          }
        >
          Approve
        </button>
      )}
      {canEdit && !open && (
        <div className="button-row card-actions">
          <button ref={editButton} type="button" className="button button-quiet" aria-label={`Edit: ${title}`} onClick={() => onEditingChange(true)}>
            Edit
          </button>
          <MoveMenu offerId={offer.id} titleId={`${id}-title`} column={offer.column} isFirst={isFirst} isLast={isLast} onMove={onMove} />
          <ConfirmButton label="Remove" accessibleLabel={`Remove: ${title}`} question="Remove this offer from the plan?" confirmLabel="Yes, remove" onConfirm={onRemove} />
        </div>
      )}
    </li>
  );
}
