// Reading an exported Word document back: its XML parts, and the text of a part as Word shows it.

import { strFromU8, unzipSync } from 'fflate';

/** Every part of a .docx file (it is a zip of XML files), by path. */
export function docxParts(bytes: Buffer): Record<string, string> {
  const files = unzipSync(new Uint8Array(bytes));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of a WordprocessingML part: a paragraph, a line break or a tab each becomes whitespace. */
export function docxText(xml: string): string {
  return xml
    .replace(/<w:(?:br|tab)\/>|<\/w:p>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
