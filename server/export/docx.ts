// An agreed plan as a Word document: the same blocks as the PDF (content.ts), with Word's own
// heading styles, tables with a repeating heading row, bullet lists, pictures (with their words), British English as the
// document's language, the title and creator in its properties, the version and SHA-256 (or
// "Draft") with "Page X of Y" in the footer, and DRAFT in the header of a draft. Word does bidi
// and font fallback itself; runs in Hebrew or Arabic are marked right to left, and a paragraph
// that starts in one of them is laid out right to left.

import bidiFactory from 'bidi-js';
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TabStopPosition,
  TabStopType,
  TextRun,
  WidthType,
} from 'docx';
import { assertNever } from '../../shared/roles.ts';
import { CREATOR, DRAFT_MARK, documentTitle, footerText, planContent, planPictures, type Block, type Run } from './content.ts';
import type { ExportInput } from './types.ts';
import { pictureRun } from './docx-picture.ts';

const bidi = bidiFactory();
/** The width between A4's default margins, in twentieths of a point (docx's full-width tab stop). */
const TEXT_WIDTH_TWIPS = TabStopPosition.MAX;
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;
const HEADER_FILL = 'E6ECF2';
// Word sizes text in half-points and spaces paragraphs in twentieths of a point.
const BODY_HALF_POINTS = 22;
const CELL_HALF_POINTS = 20;
const FOOTER_HALF_POINTS = 16;
const PAGE_NUMBER_HALF_POINTS = 18;
const DRAFT_HALF_POINTS = 36;
const AFTER_PARAGRAPH_TWIPS = 120;
const AFTER_CELL_PARAGRAPH_TWIPS = 40;
// A stretch of Hebrew or Arabic, with the spaces between its words.
const RTL_STRETCH = /([\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]+(?:[ \u00A0]+[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]+)*)/;

/** The plan as a .docx file. */
export async function renderPlanDocx(input: ExportInput): Promise<Buffer> {
  const title = documentTitle(input);
  const blocks = planContent(input, await planPictures(input));
  const pictures = new Map<Block, ImageRun>();
  for (const block of blocks) if (block.kind === 'figure') pictures.set(block, await pictureRun(block.drawing, block.caption));
  const doc = new Document({
    title,
    creator: CREATOR,
    lastModifiedBy: CREATOR,
    subject: `A Lifelong Links plan of support for ${input.plan.youngPersonName}`,
    description: input.copy === 'family' ? 'The family’s copy' : 'The full copy, for the care record',
    styles: {
      default: {
        // A plain sans-serif at 11 points, a little space after each paragraph; British English throughout.
        document: { run: { language: { value: 'en-GB' }, font: 'Arial', size: BODY_HALF_POINTS }, paragraph: { spacing: { after: AFTER_PARAGRAPH_TWIPS } } },
      },
    },
    sections: [
      {
        ...(input.draft ? { headers: { default: draftHeader() } } : {}),
        footers: { default: footer(footerText(input)) },
        children: blocks.flatMap((block) => toWord(block, pictures)),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function draftHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text: `${DRAFT_MARK} — not agreed`, bold: true, color: 'B00020', size: DRAFT_HALF_POINTS })],
      }),
    ],
  });
}

function footer(words: string): Footer {
  return new Footer({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: TabStopPosition.MAX }],
        children: [
          new TextRun({ text: words, size: FOOTER_HALF_POINTS }),
          new TextRun({ children: ['\t', 'Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: PAGE_NUMBER_HALF_POINTS, bold: true }),
        ],
      }),
    ],
  });
}

function toWord(block: Block, pictures: ReadonlyMap<Block, ImageRun>): Array<Paragraph | Table> {
  switch (block.kind) {
    case 'heading':
      return [new Paragraph({ heading: HEADINGS[block.level], keepNext: true, children: runs([{ text: block.text }]) })];
    case 'paragraph':
      return [paragraph(block.runs, block.direction)];
    case 'list':
      return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: runs(item) }));
    case 'table':
      return [table(block)];
    case 'figure': {
      const picture = pictures.get(block);
      return [
        ...(picture ? [new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [picture] })] : []),
        new Paragraph({ style: 'Caption', children: runs([{ text: block.caption }]) }),
      ];
    }
    default:
      return assertNever(block);
  }
}

/** How a paragraph of a table cell differs: bold (a heading cell), smaller, closer together. */
interface CellStyle {
  bold: boolean;
}

function paragraph(content: readonly Run[], direction: 'ltr' | 'auto', cell?: CellStyle): Paragraph {
  const text = content.map((run) => run.text).join('');
  const rtl = direction === 'auto' && bidi.getEmbeddingLevels(text, 'auto').paragraphs[0]?.level === 1;
  return new Paragraph({
    ...(rtl ? { bidirectional: true } : {}),
    ...(cell ? { spacing: { after: AFTER_CELL_PARAGRAPH_TWIPS } } : {}),
    children: runs(content, cell),
  });
}

/** Word runs: a newline becomes a line break, and Hebrew or Arabic is marked right to left. */
function runs(content: readonly Run[], cell?: CellStyle): TextRun[] {
  const out: TextRun[] = [];
  for (const run of content) {
    run.text.split('\n').forEach((line, i) => {
      if (i > 0) out.push(new TextRun({ break: 1 }));
      for (const part of line.split(RTL_STRETCH)) {
        if (part === '') continue;
        out.push(
          new TextRun({
            text: part,
            ...(cell?.bold || run.strong ? { bold: true } : {}),
            ...(cell ? { size: CELL_HALF_POINTS } : {}),
            ...(RTL_STRETCH.test(part) ? { rightToLeft: true } : {}),
          }),
        );
      }
    });
  }
  return out;
}

function table(block: Extract<Block, { kind: 'table' }>): Table {
  const total = block.columns.reduce((sum, column) => sum + column.share, 0);
  const widths = block.columns.map((column) => Math.round((TEXT_WIDTH_TWIPS * column.share) / total));
  const cell = (content: readonly Run[], i: number, heading: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      ...(heading ? { shading: { fill: HEADER_FILL, type: ShadingType.CLEAR, color: 'auto' } } : {}),
      // Each line of a cell on its own, so what someone wrote in Arabic or Hebrew reads right to left.
      children: splitLines(content).map((line) => paragraph(line, 'auto', { bold: heading })),
    });
  return new Table({
    width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, children: block.columns.map((column, i) => cell([{ text: column.title }], i, true)) }),
      ...block.rows.map((row) => new TableRow({ children: row.map((content, i) => cell(content, i, false)) })),
    ],
  });
}

/** A cell's runs cut at its newlines into one list of runs per line. */
function splitLines(content: readonly Run[]): Run[][] {
  const lines: Run[][] = [[]];
  for (const run of content) {
    run.text.split('\n').forEach((text, i) => {
      if (i > 0) lines.push([]);
      if (text !== '') lines[lines.length - 1]?.push({ ...run, text });
    });
  }
  return lines.filter((line) => line.length > 0);
}
