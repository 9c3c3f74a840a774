// "What I'd like": the young person's wishes, grouped by category, with add / edit / remove.
import { useState, type FormEvent } from 'react';
import {
  addObjective,
  CATEGORIES,
  CATEGORY_LABELS,
  type Board,
  type Category,
} from '../../shared/board.ts';
import { ErrorMessage } from '../Page.tsx';
import { firstName } from '../format.ts';
import { useBoardEnv, useMay } from './BoardContext.tsx';
import { messageOf } from '../errors.ts';
import { oneOf } from './choices.ts';
import { AddDisclosure } from './AddDisclosure.tsx';
import { ObjectiveItem } from './ObjectiveItem.tsx';
import { RemovedWhileEditing } from './RemovedSection.tsx';
import { RovingList } from './roving.tsx';
import { CategoryIcon } from './CategoryIcon.tsx';

/** The "What I'd like" section. */
export function ObjectivesSection({ board }: { board: Board }) {
  const may = useMay();
  const canAdd = may('add', 'objectives.*');
  // Held here, not in the item: changing a wish's category moves it to another group (a remount).
  const [editingId, setEditingId] = useState<string | null>(null);
  const name = firstName(board.meta.youngPersonName) || 'the young person';
  const groups = CATEGORIES.map((category) => ({
    category,
    items: board.objectives.filter((objective) => objective.category === category),
  })).filter((group) => group.items.length > 0);

  return (
    <section className="board-section" aria-labelledby="wishes-heading" data-focus="section:wishes">
      <h2 id="wishes-heading">What I’d like</h2>
      <p className="section-intro">What {name} would like this plan to do.</p>
      <RemovedWhileEditing board={board} kind="objective" editingId={editingId} onDone={() => setEditingId(null)} />
      {groups.length === 0 && <p className="empty">Nothing written here yet.</p>}
      {groups.map((group) => (
        <div key={group.category} className="group">
          <h3 id={`wishes-${group.category}`} className="with-icon">
            <CategoryIcon category={group.category} />
            {CATEGORY_LABELS[group.category]}
          </h3>
          <RovingList className="item-list" aria-labelledby={`wishes-${group.category}`}>
            {group.items.map((objective) => (
              <ObjectiveItem
                key={objective.id}
                objective={objective}
                editing={editingId === objective.id}
                onEditingChange={(on) => setEditingId(on ? objective.id : null)}
              />
            ))}
          </RovingList>
        </div>
      ))}
      {canAdd && <AddDisclosure label="Add something I’d like">{(close) => <AddObjectiveForm onClose={close} />}</AddDisclosure>}
    </section>
  );
}

function AddObjectiveForm({ onClose }: { onClose: () => void }) {
  const { doc, myId, announce } = useBoardEnv();
  const [text, setText] = useState('');
  const [category, setCategory] = useState<Category>('family');
  const [error, setError] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      addObjective(doc, { text, category, raisedBy: myId });
      announce(`Added to What I’d like: ${text.trim()}`);
      onClose();
    } catch (failure) {
      setError(messageOf(failure));
    }
  };

  return (
    <form className="form panel add-form" onSubmit={submit} aria-label="Add something I’d like">
      <ErrorMessage>{error}</ErrorMessage>
      <div className="field">
        <label htmlFor="new-wish-text">What would you like?</label>
        <p className="hint" id="new-wish-text-hint">
          For example “See my sisters more” or “A photo of me as a baby”.
        </p>
        <textarea id="new-wish-text" rows={2} required autoFocus aria-describedby="new-wish-text-hint" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-wish-category">What is it about?</label>
        <select id="new-wish-category" value={category} onChange={(e) => setCategory(oneOf(CATEGORIES, e.target.value, 'family'))}>
          {CATEGORIES.map((value) => (
            <option key={value} value={value}>
              {CATEGORY_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="submit" className="button button-primary">
          Add this
        </button>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
