// The help panel listing the board's keyboard shortcuts and the keys inside lists and the people's
// map, with the switch that turns single-key shortcuts off (for speech input and anyone who presses
// keys by accident).
import { Dialog } from '../Dialog.tsx';
import { SHORTCUTS } from './shortcuts.ts';

export function ShortcutsHelp({ open, onClose, coordinator, canUndo, singleKeys, onSingleKeysChange }: {
  open: boolean;
  onClose: () => void;
  coordinator: boolean;
  /** Whether this person can change the board (and so undo); observers and a locked plan cannot. */
  canUndo: boolean;
  singleKeys: boolean;
  onSingleKeysChange: (on: boolean) => void;
}) {
  const shown = SHORTCUTS.filter((s) => (coordinator || !s.coordinatorOnly) && (canUndo || (s.action !== 'undo' && s.action !== 'redo')));
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose}>
      <p>The one-key shortcuts work anywhere on the board except while you are typing in a box. Undo and redo work everywhere on the board.</p>
      <p>
        Each list of cards is one stop for <kbd>Tab</kbd>: inside it, <kbd>↑</kbd> and <kbd>↓</kbd> go from card to card, <kbd>←</kbd> and{' '}
        <kbd>→</kbd> from button to button on a card, and <kbd>Home</kbd> and <kbd>End</kbd> to the first and last card.
      </p>
      <p>
        The map of the people (“People map” under My people) is one stop for <kbd>Tab</kbd> too: <kbd>←</kbd> and <kbd>→</kbd> go round a ring,{' '}
        <kbd>↑</kbd> moves in towards the middle and <kbd>↓</kbd> out (past the last ring to the people not placed yet),
        {canUndo && (
          <>
            {' '}
            <kbd>Enter</kbd> opens a person to change them,
          </>
        )}{' '}
        and <kbd>Escape</kbd> leaves the map.
      </p>
      <p>
        The family tree (“Family tree” under My people) is one stop for <kbd>Tab</kbd> as well, and its arrows follow the family:{' '}
        <kbd>↑</kbd> goes to a parent, <kbd>↓</kbd> to a child, <kbd>←</kbd> and <kbd>→</kbd> to a partner, brother or sister (or the next person
        in the row), <kbd>Home</kbd> and <kbd>End</kbd> to the first and last person,
        {canUndo && (
          <>
            {' '}
            <kbd>Enter</kbd> opens a person to add their family or change their relationships,
          </>
        )}{' '}
        and <kbd>Escape</kbd> leaves the tree.
      </p>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Press</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.action}>
              <td>
                <kbd>{s.keys}</kbd>
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-check">
        <input id="single-key-shortcuts" type="checkbox" checked={singleKeys} onChange={(e) => onSingleKeysChange(e.target.checked)} />
        <label htmlFor="single-key-shortcuts">Use these one-key shortcuts on this device</label>
      </p>
    </Dialog>
  );
}
