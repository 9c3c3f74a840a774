// A textarea bound to a Y.Text: typing edits the shared text character by character; others' typing
// appears in place while the caret and selection stay where they were.
import { useEffect, useId, useRef, useState } from 'react';
import { TextCounter } from './TextCounter.tsx';
import * as Y from 'yjs';
import { editText } from '../../shared/text.ts';
import { MAX_TEXT } from '../../shared/board.ts';

/** Transaction origin of this browser's own typing, so its echo is not re-applied to the textarea. */
export const LOCAL_TYPING = Symbol('local typing');

interface CollabTextareaProps {
  ytext: Y.Text;
  label: string;
  hint?: string;
  rows?: number;
  /** Runs in the same transaction as each edit (e.g. clearing an offer's approval). */
  alsoOnEdit?: () => void;
}

/** Moves a caret index across one remote change (a Yjs text delta). */
export function shiftIndex(index: number, delta: ReadonlyArray<{ retain?: number; insert?: unknown; delete?: number }>): number {
  let at = 0;
  let result = index;
  for (const step of delta) {
    if (step.retain !== undefined) at += step.retain;
    else if (typeof step.insert === 'string') {
      if (at < result) result += step.insert.length;
      at += step.insert.length;
    } else if (step.delete !== undefined) {
      if (at < result) result -= Math.min(step.delete, result - at);
    }
  }
  return result;
}

/** A labelled textarea that edits `ytext` together with everyone else. */
export function CollabTextarea({ ytext, label, hint, rows = 3, alsoOnEdit }: CollabTextareaProps) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  const [length, setLength] = useState(() => ytext.length);

  useEffect(() => {
    const area = ref.current;
    if (!area) return undefined;
    area.value = ytext.toString();
    setLength(ytext.length);
    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      const next = ytext.toString();
      setLength(next.length);
      if (transaction.origin === LOCAL_TYPING && area.value === next) return;
      if (document.activeElement === area && !composing.current) {
        const start = shiftIndex(area.selectionStart, event.delta);
        const end = shiftIndex(area.selectionEnd, event.delta);
        area.value = next;
        area.setSelectionRange(start, end, area.selectionDirection);
      } else if (!composing.current) {
        area.value = next;
      }
    };
    ytext.observe(onChange);
    return () => ytext.unobserve(onChange);
  }, [ytext]);

  const push = () => {
    const area = ref.current;
    if (!area || composing.current) return;
    const apply = () => {
      if (ytext.toString() === area.value) return;
      editText(ytext, area.value);
      // In the same transaction, so the server sees both as one change (e.g. an approval cleared).
      alsoOnEdit?.();
    };
    if (ytext.doc) ytext.doc.transact(apply, LOCAL_TYPING);
    else apply();
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        ref={ref}
        rows={rows}
        data-collab="true"
        maxLength={MAX_TEXT}
        aria-describedby={hint ? `${id}-hint ${id}-count` : `${id}-count`}
        onInput={push}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={() => {
          composing.current = false;
          push();
        }}
      />
      <TextCounter id={`${id}-count`} length={length} />
    </div>
  );
}
