// One offer card: drag handle, who and what, its details, and Edit / Move to… / Remove.
import { useEffect, useId, useRef, useState } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { approveOffer, editOffer, giveYes, moveOffer, OFFER_KIND_LABELS, requiresApproval, SUPERVISION_LABELS, type Board, type Offer } from '../../shared/board.ts';
import { OFFER_RECORD } from '../../shared/records/index.ts';
import { mayApprove, maySayYes } from '../../shared/rules.ts';
import { formatDateTime } from '../format.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardAction, useBoardEnv } from './BoardContext.tsx';
import { ConfirmButton } from './ConfirmButton.tsx';
import { MoveMenu, type MoveChoice } from './MoveMenu.tsx';
import { OfferEditor } from './OfferEditor.tsx';
import { offerTitle, personName } from './offerTitle.ts';
import { EditingNow, useShareEditing } from './editing.tsx';
import { removeQuestion } from './removeQuestion.ts';
import { WhoChanged } from './WhoChanged.tsx';
import { LongText } from './LongText.tsx';
import { ClashNotice } from './ClashNotice.tsx';

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

/** Why an offer needs a professional's approval, in a few words. */
function whyApproval(offer: Offer): string {
  if (offer.kind === 'overnightStay') return 'an overnight stay';
  if (offer.supervision === 'professional') return 'a professional is there';
  return 'it was marked to be checked';
}

/** Whose yes put the offer in "Agreed", in words: "Sam said yes", "Sam said yes (recorded by Casey)". */
function yesWords(offer: Offer, youngPerson: string, nameOf: (id: string) => string | null, myId: string): string {
  if (offer.yes === null) return `Not said yet: ${youngPerson} has not said yes to this since it was put here`;
  const when = formatDateTime(offer.yes.at);
  if (!offer.yes.recorded) return `${offer.yes.by === myId ? 'You' : youngPerson} said yes · ${when}`;
  const by = offer.yes.by === myId ? 'you' : (nameOf(offer.yes.by) ?? 'the coordinator');
  return `${youngPerson} said yes (recorded by ${by}) · ${when}`;
}

/** A sortable offer card (the handle is the only drag start, so the rest of the card scrolls on a phone). */
export function OfferCard({ board, offer, isFirst, isLast, editing, onEditingChange, onMove, onRemove }: OfferCardProps) {
  const { doc, canEdit, nameOf, rules, myId, announce, awareness, editors, clashes, dismissClash, actor, youngPerson } = useBoardEnv();
  const sayer = canEdit && maySayYes(rules);
  const yesKind = sayer ? (actor === 'youngPerson' ? 'own' : 'recorded') : null;
  // "Agreed" holds only what the young person said yes to: anyone else changes an agreed offer by moving it back first.
  const changeMovesBack = offer.column === 'agreed' && !sayer;
  const myClashes = clashes.filter((clash) => clash.offerId === offer.id);
  const others = editors.get(`offer:${offer.id}`);
  const approval = useBoardAction();
  const needsApproval = requiresApproval(offer);
  const canApprove = needsApproval && offer.approvedBy === null && mayApprove(rules);
  const id = useId();
  const title = offerTitle(board, offer);
  // An approval taken away (the offer changed) is shown to everyone until it is approved again.
  const [approvalLost, setApprovalLost] = useState(false);
  const approvedBefore = useRef(offer.approvedBy);
  useEffect(() => {
    const before = approvedBefore.current;
    approvedBefore.current = offer.approvedBy;
    if (before !== null && offer.approvedBy === null) {
      setApprovalLost(true);
      announce(`The approval of ${title} was taken away because the offer changed. It needs approving again.`);
    } else if (offer.approvedBy !== null) {
      setApprovalLost(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [offer.approvedBy]);
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
  useShareEditing(awareness, { kind: 'offer', id: offer.id }, editing && canEdit);

  const linked = board.objectives.filter((objective) => offer.objectiveIds.includes(objective.id));
  const open = editing && canEdit;

  return (
    <li
      ref={setNodeRef}
      className={isDragging ? 'offer-card is-dragging' : 'offer-card'}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-focus={`offer:${offer.id}`}
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
          <bdi>{personName(board, offer)}</bdi>
          <span className="offer-kind"> · {OFFER_KIND_LABELS[offer.kind]}</span>
        </h4>
      </div>
      <EditingNow names={others} />
      {!open && (offer.text ? <LongText className="offer-text" text={offer.text} /> : <p className="offer-text"><em>(no words yet)</em></p>)}
      {!open && (
        <dl className="offer-details">
          {offer.frequency && (
            <div>
              <dt>{OFFER_RECORD.fields.frequency.label}</dt>
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
          {offer.column === 'agreed' && (
            <div className={offer.yes ? 'said-yes' : 'approval approval-needed'}>
              <dt>{youngPerson}’s say</dt>
              <dd>{yesWords(offer, youngPerson, nameOf, myId)}</dd>
            </div>
          )}
          {needsApproval && (
            <div className={offer.approvedBy ? 'approval approval-given' : 'approval approval-needed'}>
              <dt>Approval</dt>
              <dd>
                {offer.approvedBy
                  ? `Approved by ${nameOf(offer.approvedBy) ?? 'a professional'}${offer.approvedAt ? `, ${formatDateTime(offer.approvedAt)}` : ''}`
                  : `${approvalLost ? 'Changed since it was approved: needs' : 'Needs'} a professional to approve it (${whyApproval(offer)})`}
              </dd>
            </div>
          )}
        </dl>
      )}
      {!open && <WhoChanged id={offer.id} addedBy={offer.createdBy} />}
      {myClashes.map((clash) => (
        <ClashNotice key={clash.field} offer={offer} clash={clash} onDone={() => dismissClash(offer.id, clash.field)} />
      ))}
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
      {mayApprove(rules) && !open && !(offer.kind === 'overnightStay' || offer.supervision === 'professional') && (
        <button
          type="button"
          className="button button-quiet"
          aria-label={`${offer.needsApproval ? 'No approval needed' : 'Needs approval'}: ${title}`}
          onClick={() =>
            approval.run(() => {
              editOffer(doc, offer.id, { needsApproval: !offer.needsApproval });
              announce(offer.needsApproval ? `No approval needed: ${title}` : `Marked as needing approval: ${title}`);
            })
          }
        >
          {offer.needsApproval ? 'No approval needed' : 'Mark as needing approval'}
        </button>
      )}
      {canEdit && !open && actor === 'youngPerson' && offer.column === 'suggested' && (
        // The young person's own say on each suggestion, in their words.
        <div className="button-row young-say" role="group" aria-label={`What do you think of: ${title}?`}>
          <button type="button" className="button button-primary" onClick={() => onMove({ kind: 'column', column: 'agreed' })}>
            Yes please
          </button>
          <button type="button" className="button" onClick={() => onMove({ kind: 'column', column: 'notNow' })}>
            Not now
          </button>
        </div>
      )}
      {canEdit && !open && actor === 'coordinator' && offer.column !== 'agreed' && (
        // The coordinator holds the pen in the room: one tap records the young person's yes, shown as recorded.
        <div className="button-row young-say">
          <button type="button" className="button" aria-label={`${youngPerson} said yes: ${title}`} onClick={() => onMove({ kind: 'column', column: 'agreed' })}>
            {youngPerson} said yes
          </button>
        </div>
      )}
      {sayer && !open && offer.column === 'agreed' && offer.yes === null && (
        // In "Agreed" from before the young person's yes was asked: the lock asks for it.
        <button
          type="button"
          className="button"
          onClick={() =>
            approval.run(() => {
              giveYes(doc, offer.id, { by: myId, at: new Date().toISOString(), recorded: actor !== 'youngPerson' });
              announce(actor === 'youngPerson' ? `You said yes to ${title}.` : `Recorded: ${youngPerson} said yes to ${title}.`);
            })
          }
        >
          {actor === 'youngPerson' ? 'Yes please' : `Record ${youngPerson}’s yes`}
        </button>
      )}
      {canEdit && !open && (
        <div className="button-row card-actions">
          {changeMovesBack ? (
            <ConfirmButton
              label="Edit"
              accessibleLabel={`Edit: ${title}`}
              question={`${youngPerson} said yes to this. Changing it takes it back to “Suggested”, for ${youngPerson} to say yes again.`}
              confirmLabel="Move it back and change it"
              cancelLabel="Leave it agreed"
              tone="primary"
              onConfirm={() =>
                approval.run(() => {
                  moveOffer(doc, offer.id, { column: 'suggested', beforeId: null });
                  announce(`“${title}” is back in Suggested, for ${youngPerson} to say yes again.`);
                  onEditingChange(true);
                })
              }
            />
          ) : (
            <button ref={editButton} type="button" className="button button-quiet" aria-label={`Edit: ${title}`} onClick={() => onEditingChange(true)}>
              Edit
            </button>
          )}
          <MoveMenu
            offerId={offer.id}
            titleId={`${id}-title`}
            column={offer.column}
            isFirst={isFirst}
            isLast={isLast}
            yes={yesKind}
            youngPerson={youngPerson}
            onMove={onMove}
          />
          <ConfirmButton label="Remove" accessibleLabel={`Remove: ${title}`} question={removeQuestion('this offer', others)} confirmLabel="Yes, remove" onConfirm={onRemove} />
        </div>
      )}
    </li>
  );
}
