// An agreed plan as an accessible PDF: real text in embedded Unicode fonts, tagged (a structure
// tree of headings, paragraphs, lists, tables and pictures with their words, in reading order, in
// en-GB, with its title shown), the version and SHA-256 or "Draft" with "Page X of Y" on every
// page, and a DRAFT watermark on every page of a draft. The blocks come from content.ts; this file places them on pages.

import PDFDocument from 'pdfkit';
import { assertNever } from '../../shared/roles.ts';
import { CREATOR, DRAFT_MARK, documentTitle, footerText, pageLabel, planContent, planPictures, type Block } from './content.ts';
import { createFlow, type Flow } from './pdf-flow.ts';
import { FONT_KEYS, pdfFonts } from './pdf-fonts.ts';
import { heightOf, layTable, placeTable, tableLead, type LaidTable } from './pdf-table.ts';
import { layFigure, placeFigure, type LaidFigure } from './pdf-figure.ts';
import { layoutParagraph, type Line } from './pdf-text.ts';
import type { ExportInput } from './types.ts';

const BODY_PT = 10.5;
const HEADING_PT = { 1: 20, 2: 15, 3: 12 } as const;
const SPACE_BEFORE_PT = { 1: 0, 2: 14, 3: 8 } as const;
const AFTER_HEADING_PT = 4;
const AFTER_BLOCK_PT = 7;
const AFTER_TABLE_PT = 10;
const AFTER_ITEM_PT = 2.5;
const LIST_INDENT_PT = 16;
const HEADING_COLOUR = '#0b2545';

/** A block with its lines laid out for its width. */
type Laid =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; lines: Line[] }
  | { kind: 'paragraph'; lines: Line[] }
  | { kind: 'list'; items: Line[][] }
  | LaidTable
  | LaidFigure;

/** The plan as a tagged PDF. */
export async function renderPlanPdf(input: ExportInput): Promise<Buffer> {
  const title = documentTitle(input);
  const doc = new PDFDocument({
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    bufferPages: true,
    autoFirstPage: false,
    info: {
      Title: title,
      Author: CREATOR,
      Subject: `A Lifelong Links plan of support for ${input.plan.youngPersonName}`,
      Creator: CREATOR,
      CreationDate: new Date(input.plan.lockedAt),
    },
  });
  const done = collect(doc);
  const fonts = pdfFonts();
  for (const key of FONT_KEYS) doc.registerFont(key, fonts[key]);

  const flow = createFlow(doc, { watermark: input.draft ? DRAFT_MARK : null });
  const root = doc.struct('Document', { title });
  doc.addStructure(root);
  flow.newPage();
  const laid = planContent(input, await planPictures(input)).map((block) => lay(block, flow.width));
  laid.forEach((block, i) => place(flow, root, laid, i, block));
  root.end();
  flow.finish(footerText(input), pageLabel);
  doc.end();
  return done;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function lay(block: Block, width: number): Laid {
  switch (block.kind) {
    case 'heading':
      return { ...block, lines: layoutParagraph([{ text: block.text }], width, HEADING_PT[block.level], 'ltr', true) };
    case 'paragraph':
      return { kind: 'paragraph', lines: layoutParagraph(block.runs, width, BODY_PT, block.direction) };
    case 'list':
      return { kind: 'list', items: block.items.map((runs) => layoutParagraph(runs, width - LIST_INDENT_PT, BODY_PT)) };
    case 'table':
      return layTable(block, width);
    case 'figure':
      return layFigure(block.drawing, block.caption, width);
    default:
      return assertNever(block);
  }
}

/** How much room block `i` needs at the foot of a page for a start that is not left on its own. */
function lead(laid: readonly Laid[], i: number): number {
  const block = laid[i];
  if (!block) return 0;
  switch (block.kind) {
    case 'heading':
      return SPACE_BEFORE_PT[block.level] + heightOf(block.lines) + AFTER_HEADING_PT + lead(laid, i + 1);
    case 'paragraph':
      return heightOf(block.lines.slice(0, 2));
    case 'list':
      return heightOf((block.items[0] ?? []).slice(0, 2));
    case 'table':
      return tableLead(block);
    case 'figure':
      return block.height;
    default:
      return assertNever(block);
  }
}

function place(flow: Flow, root: PDFKit.PDFStructureElement, laid: readonly Laid[], i: number, block: Laid): void {
  const { doc } = flow;
  switch (block.kind) {
    case 'heading': {
      const need = lead(laid, i);
      // A heading goes to the next page with the start of what it heads, unless that could never fit.
      if (!flow.atTop() && !flow.fits(need) && need < flow.bottom - flow.top) flow.newPage();
      if (!flow.atTop()) flow.y += SPACE_BEFORE_PT[block.level];
      const tag = `H${block.level}`;
      const el = doc.struct(tag);
      root.add(el);
      if (block.level === 2) doc.outline.addItem(block.text);
      lines(flow, el, tag, block.lines, flow.left, HEADING_PT[block.level], HEADING_COLOUR);
      el.end();
      flow.y += AFTER_HEADING_PT;
      return;
    }
    case 'paragraph': {
      const el = doc.struct('P');
      root.add(el);
      if (!flow.atTop() && !flow.fits(lead(laid, i))) flow.newPage();
      lines(flow, el, 'P', block.lines, flow.left, BODY_PT);
      el.end();
      flow.y += AFTER_BLOCK_PT;
      return;
    }
    case 'list': {
      const list = doc.struct('L');
      root.add(list);
      for (const item of block.items) {
        const li = doc.struct('LI');
        list.add(li);
        if (!flow.atTop() && !flow.fits(heightOf(item.slice(0, 2)))) flow.newPage();
        const label = doc.struct('Lbl');
        li.add(label);
        const first = item[0];
        if (first) {
          const top = flow.y;
          flow.mark(label, 'Lbl');
          flow.line(bullet(first), flow.left + 3, BODY_PT);
          flow.unmark();
          flow.y = top;
        }
        label.end();
        const body = doc.struct('LBody');
        li.add(body);
        lines(flow, body, 'LBody', item, flow.left + LIST_INDENT_PT, BODY_PT);
        body.end();
        li.end();
        flow.y += AFTER_ITEM_PT;
      }
      list.end();
      flow.y += AFTER_BLOCK_PT - AFTER_ITEM_PT;
      return;
    }
    case 'table':
      placeTable(flow, root, block);
      flow.y += AFTER_TABLE_PT;
      return;
    case 'figure':
      placeFigure(flow, root, block);
      flow.y += AFTER_BLOCK_PT;
      return;
    default:
      return assertNever(block);
  }
}

/** A bullet sitting on the baseline of an item's first line. */
function bullet(first: Line): Line {
  return { ...first, segments: [{ text: '•', font: 'sans', x: 0, width: 6, rtl: false }], actual: null };
}

/** Lines of one structure element, breaking to a new page wherever the next line will not fit. */
function lines(flow: Flow, el: PDFKit.PDFStructureElement, tag: string, laid: readonly Line[], x: number, size: number, colour?: string): void {
  flow.mark(el, tag);
  for (const line of laid) {
    if (!flow.fits(line.height)) flow.newPage();
    flow.line(line, x, size, colour);
  }
  flow.unmark();
}
