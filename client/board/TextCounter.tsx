// "1,840 of 2,000 characters": under a long text box, so nobody is cut off without warning. Read
// with the box (aria-describedby); said aloud only once the limit is near.
import { MAX_TEXT } from '../../shared/board.ts';

/** Within this many characters of the limit, the counter is announced as it changes. */
const NEAR_LIMIT = 100;

export function TextCounter({ id, length, max = MAX_TEXT }: { id: string; length: number; max?: number }) {
  const near = max - length <= NEAR_LIMIT;
  return (
    <p className={near ? 'hint text-counter text-counter-near' : 'hint text-counter'} id={id} aria-live={near ? 'polite' : 'off'}>
      {length.toLocaleString('en-GB')} of {max.toLocaleString('en-GB')} characters{near && length >= max ? ': that is the most it can hold' : ''}
    </p>
  );
}
