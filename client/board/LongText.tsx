// A long text on a card shows its start and "Show more", so a 2,000-character offer is not a card
// taller than the screen; the whole text is one press away (and always there for screen readers
// after "Show more"). Short texts show as they are.
import { useId, useState } from 'react';

/** Longer than this, a text is folded to its first FOLD_AT characters. */
export const FOLD_AT = 280;

/** Where to cut: at the last space before `at` (so no word is cut in half), or at `at`. */
export function foldedText(text: string, at = FOLD_AT): string {
  if (text.length <= at) return text;
  const cut = text.lastIndexOf(' ', at);
  return `${text.slice(0, cut > at / 2 ? cut : at).trimEnd()}…`;
}

export function LongText({ text, className }: { text: string; className: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (text.length <= FOLD_AT) return <p className={className} dir="auto">{text}</p>;
  return (
    <>
      <p className={className} id={id} dir="auto">
        {open ? text : foldedText(text)}
      </p>
      <button type="button" className="button button-quiet show-more" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {open ? 'Show less' : 'Show more'}
      </button>
    </>
  );
}
