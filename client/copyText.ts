// Copying a link someone must keep: the clipboard API, or else the text selected for them to copy
// themselves (plain http, an old browser, or a refused permission). Invite links and kept plan links alike.

/** How a copy went: on the clipboard, or only selected in the field for the person to copy. */
export type CopyOutcome = 'copied' | 'selected';

/** Copies `text`; when the clipboard refuses, selects it in `field` and tries the old copy command. */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<CopyOutcome> {
  try {
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    // reason: the clipboard API is missing or refused; the fallback below still gets the text to them.
  }
  field?.focus();
  field?.select();
  return (document.execCommand?.('copy') ?? false) ? 'copied' : 'selected';
}
