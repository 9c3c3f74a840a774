// The "Add offer" form: who offers what, how often, from when, and with whom present.
import { useState, type FormEvent } from 'react';
import { addOffer, MAX_TEXT, type Board } from '../../shared/board.ts';
import { objectiveId, personId } from '../../shared/ids.ts';
import { ErrorMessage } from '../Page.tsx';
import { useBoardEnv } from './BoardContext.tsx';
import { messageOf } from '../errors.ts';
import { OfferFields, type OfferDetails } from './OfferFields.tsx';
import { TextCounter } from './TextCounter.tsx';

/** Adds a new offer at the end of "Suggested", then closes. */
export function OfferForm({ board, onClose }: { board: Board; onClose: () => void }) {
  const { doc, myId, announce } = useBoardEnv();
  const [text, setText] = useState('');
  const [details, setDetails] = useState<OfferDetails>(() => ({
    personId: board.people.length === 1 ? (board.people[0]?.id ?? '') : '',
    kind: '',
    frequency: '',
    startsOn: '',
    supervision: 'none',
    objectiveIds: [],
  }));
  const [error, setError] = useState('');

  if (board.people.length === 0) {
    return (
      <div className="panel add-form">
        <p>First add the person who is offering, under “My people”. Then you can add what they offer.</p>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!details.personId) {
      setError('Choose who is offering.');
      return;
    }
    if (details.kind === '') {
      setError('Choose what kind of support it is.');
      return;
    }
    try {
      addOffer(doc, {
        personId: personId(details.personId),
        kind: details.kind,
        text,
        frequency: details.frequency,
        startsOn: details.startsOn,
        supervision: details.supervision,
        objectiveIds: details.objectiveIds.map(objectiveId),
        createdBy: myId,
      });
      announce(`Added the offer “${text.trim()}” to Suggested.`);
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <form className="form panel add-form" onSubmit={submit} aria-label="Add offer">
      <ErrorMessage>{error}</ErrorMessage>
      <OfferFields
        board={board}
        value={details}
        onChange={(patch) => setDetails((previous) => ({ ...previous, ...patch }))}
        afterPerson={
      <div className="field">
        <label htmlFor="new-offer-text">What is offered?</label>
        <p className="hint" id="new-offer-text-hint">
          In their words, for example “Tea at mine every other Sunday” or “Help with forms when you leave care”.
        </p>
        <textarea
          id="new-offer-text"
          rows={3}
          required
          maxLength={MAX_TEXT}
          aria-describedby="new-offer-text-hint new-offer-text-count"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <TextCounter id="new-offer-text-count" length={text.length} />
      </div>
        }
      />
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Add this offer
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
