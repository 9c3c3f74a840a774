// A picture in a PDF export (pictures.ts): drawn as vectors, scaled to the text's width, as one
// Figure in the structure tree whose Alt is the picture in words, with its caption under it.

import type { Flow } from './pdf-flow.ts';
import { layoutParagraph } from './pdf-text.ts';
import type { Drawing, Shape } from './pictures.ts';

/** Tallest a picture may be on the page, in points (the rest of the page keeps its text). */
const MAX_HEIGHT_PT = 500;
const CAPTION_PT = 9;
const AFTER_FIGURE_PT = 4;

/** A picture fitted to the width: its scale and the height it takes with its caption. */
export interface LaidFigure {
  kind: 'figure';
  drawing: Drawing;
  caption: ReturnType<typeof layoutParagraph>;
  scale: number;
  height: number;
}

/** Fits a picture to `width`, no taller than MAX_HEIGHT_PT, and lays out its caption. */
export function layFigure(drawing: Drawing, caption: string, width: number): LaidFigure {
  const scale = Math.min(width / drawing.bounds.width, MAX_HEIGHT_PT / drawing.bounds.height, 1.2);
  const lines = layoutParagraph([{ text: caption }], width, CAPTION_PT);
  const height = drawing.bounds.height * scale + AFTER_FIGURE_PT + lines.reduce((sum, line) => sum + line.height, 0);
  return { kind: 'figure', drawing, caption: lines, scale, height };
}

/** Places a picture (on a new page when it does not fit) and its caption, each tagged. */
export function placeFigure(flow: Flow, root: PDFKit.PDFStructureElement, figure: LaidFigure): void {
  const { doc } = flow;
  if (!flow.atTop() && !flow.fits(figure.height)) flow.newPage();
  const { bounds } = figure.drawing;
  const el = doc.struct('Figure', { alt: figure.drawing.alt });
  root.add(el);
  const top = flow.y;
  const left = flow.left + (flow.width - bounds.width * figure.scale) / 2;
  flow.mark(el, 'Figure');
  doc.save();
  doc.translate(left, top).scale(figure.scale).translate(-bounds.x, -bounds.y);
  for (const shape of figure.drawing.shapes) draw(flow, shape);
  doc.restore();
  flow.unmark();
  // PDF/UA: a figure's bounding box, so assistive technology can find it on the page.
  el.dictionary.data.A = { O: 'Layout', BBox: [left, doc.page.height - top - bounds.height * figure.scale, left + bounds.width * figure.scale, doc.page.height - top] };
  el.end();
  flow.y = top + bounds.height * figure.scale + AFTER_FIGURE_PT;
  const caption = doc.struct('Caption');
  root.add(caption);
  flow.mark(caption, 'Caption');
  for (const line of figure.caption) flow.line(line, flow.left, CAPTION_PT, '#444444');
  flow.unmark();
  caption.end();
}

function draw(flow: Flow, shape: Shape): void {
  const { doc } = flow;
  switch (shape.kind) {
    case 'path':
      doc.path(shape.d).fill(shape.fill);
      return;
    case 'line':
      doc.moveTo(shape.x1, shape.y1).lineTo(shape.x2, shape.y2).lineWidth(shape.weight);
      if (shape.dash) doc.dash(shape.dash[0], { space: shape.dash[1] });
      doc.stroke(shape.colour);
      doc.undash();
      return;
    case 'circle': {
      doc.circle(shape.cx, shape.cy, shape.r).lineWidth(shape.weight ?? 1);
      if (shape.fill !== null && shape.stroke !== null) doc.fillAndStroke(shape.fill, shape.stroke);
      else if (shape.fill !== null) doc.fill(shape.fill);
      else if (shape.stroke !== null) doc.stroke(shape.stroke);
      return;
    }
    case 'mark': {
      const h = shape.size / 2;
      doc.lineWidth(1.2);
      if (shape.gender === 'female') doc.circle(shape.cx, shape.cy, h);
      else if (shape.gender === 'male') doc.rect(shape.cx - h, shape.cy - h, shape.size, shape.size);
      else doc.polygon([shape.cx, shape.cy - h * 1.2], [shape.cx + h * 1.2, shape.cy], [shape.cx, shape.cy + h * 1.2], [shape.cx - h * 1.2, shape.cy]);
      doc.fillAndStroke(shape.fill, '#1a1a1a');
      if (shape.died) {
        doc.moveTo(shape.cx - h, shape.cy - h).lineTo(shape.cx + h, shape.cy + h).moveTo(shape.cx + h, shape.cy - h).lineTo(shape.cx - h, shape.cy + h).stroke('#1a1a1a');
      }
      return;
    }
    case 'text': {
      const [line] = layoutParagraph([{ text: shape.text, strong: shape.bold === true }], 10_000, shape.size, 'auto', shape.bold === true);
      if (!line || line.segments.length === 0) return;
      // Laid out on a wide line, a right-to-left label sits at its right end: measure what is drawn.
      const from = Math.min(...line.segments.map((segment) => segment.x));
      const wide = Math.max(...line.segments.map((segment) => segment.x + segment.width)) - from;
      const x = (shape.anchor === 'middle' ? shape.x - wide / 2 : shape.anchor === 'end' ? shape.x - wide : shape.x) - from;
      const kept = flow.y;
      flow.y = shape.y - line.baseline;
      // A name over a line stays readable: paper-coloured behind it.
      if (shape.halo === true) doc.rect(x + from - 1.5, flow.y + 1, wide + 3, line.height - 2).fill('#ffffff');
      flow.line(line, x, shape.size, shape.colour ?? '#1a1a1a');
      flow.y = kept;
      return;
    }
    default:
      shape satisfies never;
  }
}
