// Tables in a PDF export: column widths from the columns' shares, cells laid out as bidi paragraphs,
// and rows placed with their structure (Table, TR, TH with a column scope, TD). A row too tall for
// what is left of a page is split over two when a fair part of it fits, and the column headings
// are repeated, as artifacts, on every page the table goes on to.

import type { Block, Run } from './content.ts';
import type { Flow } from './pdf-flow.ts';
import { layoutParagraph, type Line } from './pdf-text.ts';

const TABLE_PT = 9;
const CELL_PADDING_PT = 4;
/** Fewer lines than this of a table row at the foot of a page, and the row starts on the next page. */
const MIN_ROW_LINES = 3;
const RULE_COLOUR = '#8a8a8a';
const HEADER_FILL = '#e6ecf2';

/** A table with its cells laid out: widths in points, each cell as lines. */
export interface LaidTable {
  kind: 'table';
  caption: string;
  widths: number[];
  header: Line[][];
  rows: Line[][][];
}

/** The height of some lines, in points. */
export const heightOf = (lines: readonly Line[]) => lines.reduce((sum, line) => sum + line.height, 0);
const rowHeight = (cells: readonly Line[][]) => Math.max(0, ...cells.map(heightOf)) + 2 * CELL_PADDING_PT;

/** Lays out a table block across `width` points. */
export function layTable(block: Extract<Block, { kind: 'table' }>, width: number): LaidTable {
  const total = block.columns.reduce((sum, column) => sum + column.share, 0);
  const widths = block.columns.map((column) => (width * column.share) / total);
  // Each line of a cell is its own bidi paragraph: what someone wrote reads right to left when it is Arabic or Hebrew.
  const cell = (runs: readonly Run[], i: number, bold = false) =>
    layoutParagraph(runs, (widths[i] ?? 0) - 2 * CELL_PADDING_PT, TABLE_PT, 'auto', bold);
  return {
    kind: 'table',
    caption: block.caption,
    widths,
    header: block.columns.map((column, i) => cell([{ text: column.title }], i, true)),
    rows: block.rows.map((row) => row.map((runs, i) => cell(runs, i))),
  };
}

/** The room a table needs to start at the foot of a page: its headings and a few lines of its first row. */
export function tableLead(block: LaidTable): number {
  const first = block.rows[0] ?? [];
  return rowHeight(block.header) + Math.max(0, ...first.map((cell) => heightOf(cell.slice(0, MIN_ROW_LINES)))) + 2 * CELL_PADDING_PT;
}

/** Places a laid-out table at the flow's position, as a Table element of `root`. */
export function placeTable(flow: Flow, root: PDFKit.PDFStructureElement, block: LaidTable): void {
  const { doc } = flow;
  const el = doc.struct('Table', { title: block.caption });
  root.add(el);
  const xs = block.widths.map((_, i) => flow.left + block.widths.slice(0, i).reduce((sum, w) => sum + w, 0));
  const headerHeight = rowHeight(block.header);

  // The column headings: tagged once, and repeated as an artifact on each page the table goes on to.
  const header = (tagged: boolean) => {
    const top = flow.y;
    flow.artifact(() => {
      doc.rect(flow.left, top, flow.width, headerHeight).fill(HEADER_FILL);
      grid(flow, xs, block.widths, top, headerHeight);
    });
    const tr = tagged ? doc.struct('TR') : null;
    if (tr) el.add(tr);
    block.header.forEach((cell, i) => {
      flow.y = top + CELL_PADDING_PT;
      if (tr) {
        const th = doc.struct('TH');
        th.dictionary.data.A = { O: 'Table', Scope: 'Column' };
        tr.add(th);
        flow.mark(th, 'TH');
        for (const line of cell) flow.line(line, (xs[i] ?? 0) + CELL_PADDING_PT, TABLE_PT);
        flow.unmark();
        th.end();
      } else {
        flow.artifact(() => {
          for (const line of cell) flow.line(line, (xs[i] ?? 0) + CELL_PADDING_PT, TABLE_PT);
        }, 'Pagination');
      }
    });
    tr?.end();
    flow.y = top + headerHeight;
  };
  if (!flow.atTop() && !flow.fits(tableLead(block))) flow.newPage();
  header(true);

  for (const row of block.rows) {
    const tr = doc.struct('TR');
    el.add(tr);
    const cells = row.map(() => doc.struct('TD'));
    for (const td of cells) tr.add(td);
    let left = row.map((cell) => [...cell]);
    let fresh = false;
    while (left.some((cell) => cell.length > 0)) {
      const top = flow.y;
      const room = flow.bottom - top - 2 * CELL_PADDING_PT;
      const taken = left.map((cell) => {
        let used = 0;
        let count = 0;
        while (count < cell.length && used + (cell[count]?.height ?? 0) <= room) used += cell[count++]?.height ?? 0;
        return count;
      });
      // Split a row over two pages only when each cell that does not fit shows a few lines of itself.
      const cramped = taken.some((count, i) => count < (left[i]?.length ?? 0) && count < MIN_ROW_LINES);
      if (cramped && !fresh) {
        flow.newPage();
        header(false);
        fresh = true;
        continue;
      }
      const height = Math.max(...left.map((cell, i) => heightOf(cell.slice(0, taken[i])))) + 2 * CELL_PADDING_PT;
      flow.artifact(() => grid(flow, xs, block.widths, top, height));
      left.forEach((cell, i) => {
        const td = cells[i];
        const count = taken[i] ?? 0;
        if (!td || count === 0) return;
        flow.y = top + CELL_PADDING_PT;
        flow.mark(td, 'TD');
        for (const line of cell.slice(0, count)) flow.line(line, (xs[i] ?? 0) + CELL_PADDING_PT, TABLE_PT);
        flow.unmark();
      });
      left = left.map((cell, i) => cell.slice(taken[i]));
      flow.y = top + height;
      if (left.some((cell) => cell.length > 0)) {
        flow.newPage();
        header(false);
        fresh = true;
      }
    }
    for (const td of cells) td.end();
    tr.end();
  }
  el.end();
}

/** The rules around one row of cells. */
function grid(flow: Flow, xs: readonly number[], widths: readonly number[], top: number, height: number): void {
  const { doc } = flow;
  doc.save().lineWidth(0.5).strokeColor(RULE_COLOUR);
  xs.forEach((x, i) => doc.rect(x, top, widths[i] ?? 0, height).stroke());
  doc.restore();
}
