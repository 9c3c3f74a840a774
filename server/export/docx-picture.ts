// A picture in the Word copy (pictures.ts): the SVG itself, which Word 2016 and later draw sharp at
// any size, and a PNG of it for programs that cannot, drawn by resvg (WebAssembly, no native
// binary) with the same Noto fonts the PDF embeds, so every name in every script is drawn. Its
// words go in the picture's alternative text.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { ImageRun } from 'docx';
import { fontFile, FONT_KEYS } from './pdf-fonts.ts';
import { svgOf, type Drawing } from './pictures.ts';

/** Widest a picture is in Word: the text's width on A4, in pixels at 96 to the inch. */
const MAX_WIDTH_PX = 600;
/** Tallest, so a picture and its caption stay on one page. */
const MAX_HEIGHT_PX = 660;
/** The PNG's pixels for each pixel of the picture in Word (sharp enough to print). */
const PNG_ZOOM = 2;

const require = createRequire(import.meta.url);
let ready: Promise<Uint8Array[]> | null = null;

/** The renderer started once per process, and the fonts it draws with. */
function renderer(): Promise<Uint8Array[]> {
  ready ??= initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm'))).then(() => FONT_KEYS.map((key) => new Uint8Array(readFileSync(fontFile(key)))));
  return ready;
}

/** The picture as a Word image, fitted to the page, with its caption as its title and its words as its description. */
export async function pictureRun(drawing: Drawing, caption: string): Promise<ImageRun> {
  const fonts = await renderer();
  const svg = svgOf(drawing, caption);
  const { width, height } = drawing.bounds;
  const scale = Math.min(MAX_WIDTH_PX / width, MAX_HEIGHT_PX / height);
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: Math.round(width * scale * PNG_ZOOM) }, font: { fontBuffers: fonts, defaultFontFamily: 'Noto Sans', sansSerifFamily: 'Noto Sans' } });
  try {
    const png = resvg.render().asPng();
    return new ImageRun({
      type: 'svg',
      data: Buffer.from(svg, 'utf8'),
      fallback: { type: 'png', data: png },
      transformation: { width: Math.round(width * scale), height: Math.round(height * scale) },
      altText: { name: caption, title: caption, description: drawing.alt },
    });
  } finally {
    resvg.free();
  }
}
