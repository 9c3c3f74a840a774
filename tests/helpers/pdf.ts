// Reading an exported PDF back as a person's PDF reader would: its text page by page (pdf.js,
// through unpdf), its structure tree, its metadata and its raw bytes.

import { inflateSync } from 'node:zlib';
import { getDocumentProxy } from 'unpdf';

/** One page: its text, each line's font size with its text, and the structure element types on it. */
export interface ReadPage {
  text: string;
  /** Text items with the font size they are drawn at and their baseline, bottom of the page first. */
  items: Array<{ text: string; size: number; y: number }>;
  roles: string[];
  /** The text alternative (Alt) of each structure element that has one, such as a Figure's. */
  alts: Array<{ role: string; alt: string }>;
  /** The text of each piece of structure content (not artifacts), with its tag, in drawing order. */
  tagged: Array<{ tag: string; text: string }>;
}

/** What a PDF says. */
export interface ReadPdf {
  pages: ReadPage[];
  /** All the text, whitespace collapsed to single spaces. */
  text: string;
  title: string;
  language: string;
  marked: boolean;
  raw: string;
  /** Every ActualText in the page content, decoded. */
  actualTexts: string[];
}

interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
}

const altsOf = (node: StructNode | null, into: Array<{ role: string; alt: string }> = []): Array<{ role: string; alt: string }> => {
  if (!node) return into;
  if (node.alt) into.push({ role: node.role ?? '', alt: node.alt });
  for (const child of node.children ?? []) altsOf(child, into);
  return into;
};

const rolesOf = (node: StructNode | null, into: string[] = []): string[] => {
  if (!node) return into;
  if (node.role) into.push(node.role);
  for (const child of node.children ?? []) rolesOf(child, into);
  return into;
};

/** Collapses every run of whitespace to one space. */
export const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Reads `bytes` with pdf.js. */
export async function readPdf(bytes: Buffer): Promise<ReadPdf> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const pages: ReadPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent({ includeMarkedContent: true });
    let text = '';
    const items: ReadPage['items'] = [];
    const tagged: ReadPage['tagged'] = [];
    // Open marked content, innermost last; text belongs to the innermost structure content (one with an id).
    const open: Array<{ tag: string; structure: boolean }> = [];
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'endMarkedContent') open.pop();
        else {
          // pdf.js gives the tag too, though its types leave it out.
          const tag = 'tag' in item && typeof item.tag === 'string' ? item.tag : '';
          const structure = item.type === 'beginMarkedContentProps' && typeof item.id === 'string';
          open.push({ tag, structure });
          if (structure) tagged.push({ tag, text: '' });
        }
        continue;
      }
      text += item.str + (item.hasEOL ? '\n' : '');
      if (open.some((mark) => mark.structure)) {
        const last = tagged[tagged.length - 1];
        if (last) last.text += item.str + (item.hasEOL ? '\n' : '');
      }
      if (item.str.trim() !== '') items.push({ text: item.str, size: Math.round(Math.abs(item.transform[3] ?? 0) * 10) / 10, y: item.transform[5] ?? 0 });
    }
    items.sort((a, b) => a.y - b.y);
    const tree = (await page.getStructTree()) as StructNode | null;
    pages.push({ text, items, tagged, roles: rolesOf(tree), alts: altsOf(tree) });
  }
  const meta = await pdf.getMetadata();
  const info = meta.info as { Title?: string; Language?: string };
  const markInfo = (await pdf.getMarkInfo()) as { Marked?: boolean } | null;
  return {
    pages,
    text: squash(pages.map((page) => page.text).join('\n')),
    title: info.Title ?? '',
    language: info.Language ?? '',
    marked: markInfo?.Marked === true,
    raw: bytes.toString('latin1'),
    actualTexts: actualTexts(bytes),
  };
}

/** The ActualText strings in the PDF's compressed content streams. */
function actualTexts(bytes: Buffer): string[] {
  const found: string[] = [];
  const raw = bytes.toString('latin1');
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1');
    } catch {
      // reason: not every stream is deflated page content (an image or an uncompressed stream); those hold no ActualText.
      continue;
    }
    for (const at of content.matchAll(/\/ActualText \(/g)) found.push(literalString(content, at.index + at[0].length));
  }
  return found;
}

/** A PDF literal string starting at `from` (just after its opening bracket), decoded from UTF-16BE. */
function literalString(content: string, from: number): string {
  const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
  let bytes = '';
  let depth = 0;
  for (let i = from; i < content.length; i++) {
    const char = content[i] ?? '';
    if (char === '\\') {
      const next = content[++i] ?? '';
      const octal = /^[0-7]{1,3}/.exec(content.slice(i, i + 3));
      if (octal) {
        bytes += String.fromCharCode(parseInt(octal[0], 8));
        i += octal[0].length - 1;
      } else bytes += ESCAPES[next] ?? next;
    } else if (char === '(') {
      depth++;
      bytes += char;
    } else if (char === ')') {
      if (depth-- === 0) break;
      bytes += char;
    } else bytes += char;
  }
  if (!bytes.startsWith('\u00fe\u00ff')) return bytes;
  return Buffer.from(bytes.slice(2), 'latin1').swap16().toString('utf16le');
}
