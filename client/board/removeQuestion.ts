// The question before removing something: where it goes (the Removed list, so it can be put back)
// and, if someone else is changing it right now, that their words are kept.
import { editingWords } from './editing.tsx';

/** "Remove this offer? You can put it back from Removed." — with a warning when others have it open. */
export function removeQuestion(what: string, others: readonly string[] | undefined): string {
  const busy = editingWords(others);
  if (busy) return `${busy}. Remove ${what} anyway? Their words are kept: it goes to Removed, where anyone can put it back.`;
  return `Remove ${what}? It goes to Removed, where anyone can put it back.`;
}
