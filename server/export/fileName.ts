// The names exported plans are saved under, so a social worker can file them without renaming:
// the young person's first name, "plan", the version and the day it was agreed (UK time) —
// "Sam-plan-v1-2026-12-07.pdf", "Sam-plan-v1-2026-12-07-family.pdf", "Sam-draft-plan-2026-12-07.pdf".

import { EXPORT_TIME_ZONE } from './zone.ts';
import type { Copy } from './types.ts';

/** What a file is: an agreed version (its number), the unlocked draft, or the family map as it is now. */
export type Edition = { version: number } | 'draft' | 'family';

let isoDay: Intl.DateTimeFormat | null = null;
/** The day in UK time as YYYY-MM-DD; made on first use, as it loads time zone data a server may never need. */
function dayOf(at: number): string {
  isoDay ??= new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: EXPORT_TIME_ZONE });
  return isoDay.format(new Date(at));
}

/** The young person's first name as one safe word of a file name ('' when nothing is left). */
function nameWord(youngPersonName: string): string {
  const first = youngPersonName.trim().split(/\s+/)[0] ?? '';
  // Letters and digits of any script stay; anything a file system or a mail client may choke on goes.
  return first.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

/** The file's name, e.g. "Sam-plan-v1-2026-12-07.pdf" (`at`: when the version was locked, or now for a draft). */
export function exportFileName(youngPersonName: string, edition: Edition, at: number, copy: Copy, extension: 'json' | 'pdf' | 'docx' | 'ged'): string {
  const name = nameWord(youngPersonName);
  const what = edition === 'draft' ? 'draft-plan' : edition === 'family' ? 'family-map' : `plan-v${edition.version}`;
  const parts = [name, what, dayOf(at), ...(copy === 'family' ? ['family'] : [])].filter((part) => part !== '');
  return `${parts.join('-')}.${extension}`;
}

/**
 * A Content-Disposition header carrying `fileName` for every browser: an ASCII fallback in
 * `filename`, and the name itself in RFC 8187's `filename*` (a name in Arabic or Welsh survives).
 */
export function contentDisposition(kind: 'attachment' | 'inline', fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
