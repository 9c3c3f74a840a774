// The pages of a PDF export: where the next line goes, a new page when it will not fit, and the
// tagging that goes with both. Everything drawn is either structure content (marked with its
// structure element, and carried on to the next page when a page breaks in its middle) or an
// artifact (the watermark, rules, cell shading, repeated table headings, the footer).

import type { FontKey } from './pdf-fonts.ts';
import type { Line } from './pdf-text.ts';

declare global {
  namespace PDFKit {
    interface PDFStructureElement {
      /** The element's dictionary (PDFKit's own table code writes its `A` attributes there too). */
      dictionary: { data: Record<string, unknown> };
    }
  }
}

/** A4, in points. */
export const PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = { left: 56.7, right: 56.7, top: 56.7, bottom: 70 } as const;
/** Where the footer's baseline sits, up from the bottom edge, in points. */
const FOOTER_FROM_BOTTOM = 36;
const TEXT_COLOUR = '#1a1a1a';

/** Where the flow is drawing, and what it draws with. */
export interface Flow {
  readonly doc: PDFKit.PDFDocument;
  /** The top of the next thing drawn. */
  y: number;
  readonly left: number;
  /** The highest point body text starts at. */
  readonly top: number;
  readonly width: number;
  /** The lowest point body text may reach. */
  readonly bottom: number;
  /** True when nothing has been drawn on this page yet. */
  atTop(): boolean;
  /** Will `height` points fit below `y`? */
  fits(height: number): boolean;
  /** Starts a new page, carrying any open structure content over to it. */
  newPage(): void;
  /** Starts content for structure element `el` (the tag is its type). */
  mark(el: PDFKit.PDFStructureElement, tag: string): void;
  /** Ends the content started by `mark`. */
  unmark(): void;
  /** Draws as an artifact: decoration that is not part of the text. */
  artifact(draw: () => void, type?: 'Layout' | 'Pagination'): void;
  /** Draws a laid-out line with its top at `y` and its left edge at `x`; moves `y` down by its height. */
  line(line: Line, x: number, size: number, colour?: string): void;
  /** Writes the footer on every page (the page count is known only at the end). */
  finish(footer: string, pageLabel: (page: number, pages: number) => string): void;
}

/** A flow over a PDFKit document made with `bufferPages: true` and `autoFirstPage: false`. */
export function createFlow(doc: PDFKit.PDFDocument, options: { watermark: string | null }): Flow {
  let open: { el: PDFKit.PDFStructureElement; tag: string } | null = null;

  const flow: Flow = {
    doc,
    y: MARGIN.top,
    left: MARGIN.left,
    top: MARGIN.top,
    width: PAGE.width - MARGIN.left - MARGIN.right,
    bottom: PAGE.height - MARGIN.bottom,
    atTop: () => flow.y <= MARGIN.top,
    fits: (height) => flow.y + height <= flow.bottom,
    newPage() {
      const carried = open;
      if (carried) flow.unmark();
      doc.addPage({ size: [PAGE.width, PAGE.height], margins: MARGIN });
      if (options.watermark !== null) watermark(options.watermark);
      flow.y = MARGIN.top;
      if (carried) flow.mark(carried.el, carried.tag);
    },
    mark(el, tag) {
      el.add(doc.markStructureContent(tag));
      open = { el, tag };
    },
    unmark() {
      doc.endMarkedContent();
      open = null;
    },
    artifact(draw, type = 'Layout') {
      const carried = open;
      // Marking an artifact ends any structure content (PDFKit), so it is carried on after it.
      if (carried) flow.unmark();
      doc.markContent('Artifact', { type });
      draw();
      doc.endMarkedContent();
      if (carried) flow.mark(carried.el, carried.tag);
    },
    line(line, x, size, colour = TEXT_COLOUR) {
      const baseline = flow.y + line.baseline;
      doc.fillColor(colour);
      if (line.actual === null) {
        for (const segment of line.segments) drawText(segment.font, size, segment.text, x + segment.x, baseline, segment.rtl);
      } else {
        // A line drawn in another order than it reads (right-to-left runs, mirrored or replaced
        // characters) carries its reading order as ActualText, for screen readers and copying.
        // Each run is a span of its own too: a reader that ignores ActualText (pdf.js) then puts
        // each right-to-left run back in reading order by itself, rather than the line as a whole.
        doc.markContent('Span', { actual: line.actual });
        for (const segment of line.segments) {
          doc.markContent('Span');
          drawText(segment.font, size, segment.text, x + segment.x, baseline, segment.rtl);
          doc.endMarkedContent();
        }
        doc.endMarkedContent();
      }
      flow.y += line.height;
    },
    finish(footer, pageLabel) {
      const { start, count } = doc.bufferedPageRange();
      for (let i = 0; i < count; i++) {
        doc.switchToPage(start + i);
        const baseline = PAGE.height - FOOTER_FROM_BOTTOM;
        doc.markContent('Artifact', { type: 'Pagination', attached: ['Bottom'] });
        doc.fillColor('#444444');
        drawText('sans', 7.5, footer, flow.left, baseline, false);
        const label = pageLabel(i + 1, count);
        doc.font('sansBold').fontSize(8.5);
        drawText('sansBold', 8.5, label, flow.left + flow.width - doc.widthOfString(label), baseline, false);
        doc.endMarkedContent();
      }
    },
  };

  function drawText(font: FontKey, size: number, text: string, x: number, baseline: number, rtl: boolean): void {
    // An empty feature list makes PDFKit lay the run out whole rather than word by word, which
    // fontkit needs to put the words of a right-to-left run in order.
    doc.font(font).fontSize(size).text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', ...(rtl ? { features: [] } : {}) });
  }

  function watermark(word: string): void {
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.save();
    doc.rotate(-50, { origin: [PAGE.width / 2, PAGE.height / 2] });
    doc.font('sansBold').fontSize(150).fillColor('#b00020', 0.12);
    const wide = doc.widthOfString(word);
    doc.text(word, (PAGE.width - wide) / 2, PAGE.height / 2 + 50, { lineBreak: false, baseline: 'alphabetic' });
    doc.restore();
    doc.endMarkedContent();
  }

  return flow;
}
