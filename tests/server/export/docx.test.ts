// The Word export, read back from its XML: the plan's sections in order under Word's own heading
// styles, real tables and bullet lists, British English as its language, title and creator in its
// properties, every offer, name and agreement, the version and SHA-256 (or DRAFT) and page numbers,
// and nothing professional-only in the family's copy.

import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../../server/export/dates.ts';
import { renderPlanDocx } from '../../../server/export/docx.ts';
import { familyCopy } from '../../../server/export/types.ts';
import { docxParts, docxText } from '../../helpers/docx.ts';
import { bigPlan, CANARY, NAMES, SAMPLE_SHA, SECTIONS_IN_ORDER, sampleInput } from '../../helpers/plans.ts';

const full = sampleInput();
let fullParts: Record<string, string>;
let familyParts: Record<string, string>;
let draftParts: Record<string, string>;
const body = (parts: Record<string, string>) => parts['word/document.xml'] ?? '';

beforeAll(async () => {
  [fullParts, familyParts, draftParts] = await Promise.all([
    renderPlanDocx(full).then(docxParts),
    renderPlanDocx(familyCopy(full)).then(docxParts),
    renderPlanDocx(familyCopy({ ...full, draft: true, sha256: null })).then(docxParts),
  ]);
});

describe('the Word document of a plan', () => {
  it('has every section, in the plan’s order, under Word’s heading styles', () => {
    const xml = body(fullParts);
    const text = docxText(xml);
    const at = SECTIONS_IN_ORDER.map((wanted) => {
      expect(text, wanted).toContain(wanted);
      return text.indexOf(wanted);
    });
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*?Lifelong Links plan for Rhys/);
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>(?:(?!<\/w:p>).)*Who will do what/);
    expect(xml).toContain('<w:pStyle w:val="Heading3"/>');
  });

  it('puts the offers of each person, and the agreements, in real tables with a heading row, and the people in a bullet list', () => {
    const xml = body(fullParts);
    const givers = new Set(full.plan.offers.map((offer) => offer.personId));
    expect(xml.match(/<w:tbl>/g)).toHaveLength(givers.size + 1);
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(givers.size + 1);
    expect(xml).toMatch(/<w:tc>.*?What<\/w:t>/);
    expect(xml.match(/<w:numPr>/g)?.length ?? 0).toBeGreaterThanOrEqual(8);
    expect(fullParts['word/numbering.xml']).toContain('w:numFmt w:val="bullet"');
  });

  it('carries the map of the young person’s people as a picture, SVG with a PNG for older Word, its words as its description', async () => {
    const media = Object.entries(unzipSync(new Uint8Array(await renderPlanDocx(full)))).filter(([name]) => name.startsWith('word/media/'));
    const svg = media.find(([name]) => name.endsWith('.svg'));
    const png = media.find(([name]) => name.endsWith('.png'));
    expect(svg, 'an SVG picture').toBeDefined();
    expect(png, 'a PNG of it').toBeDefined();
    expect([...png![1].subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png![1].byteLength).toBeGreaterThan(10_000);
    const drawn = new TextDecoder().decode(svg![1]);
    for (const person of full.plan.people) expect(drawn, person.name).toContain(person.name.replace(/&/g, '&amp;').slice(0, 10));
    const xml = body(fullParts);
    expect(xml).toMatch(/<wp:docPr [^>]*descr="A map of the people in Rhys’s life, Rhys in the middle/);
    expect(docxText(xml)).toContain('The map of Rhys’s people: solid lines in touch, dashed some contact, dotted not in touch');
  });

  it('is in British English, with the title and creator in its properties', () => {
    expect(fullParts['word/styles.xml']).toMatch(/<w:docDefaults>.*<w:lang w:val="en-GB"\/>.*<\/w:docDefaults>/);
    expect(fullParts['docProps/core.xml']).toContain('<dc:title>Lifelong Links plan for Rhys</dc:title>');
    expect(fullParts['docProps/core.xml']).toContain('<dc:creator>Lifelong Links Board</dc:creator>');
  });

  it('holds every offer, every person and every agreement, Hebrew and Arabic runs marked right to left', () => {
    const text = docxText(body(fullParts));
    for (const offer of full.plan.offers) expect(text).toContain(offer.what);
    for (const name of Object.values(NAMES)) expect(text).toContain(name);
    for (const agreement of full.plan.agreements) expect(text).toContain(`${agreement.name} `);
    for (const agreement of full.plan.agreements) expect(text).toContain(formatDateTime(agreement.agreedAt));
    expect(text).toContain('Needs approval — not approved');
    expect(body(fullParts)).toMatch(/<w:rtl\/><\/w:rPr><w:t xml:space="preserve">מכתבים על המשפחה ועל השמות שלנו<\/w:t>/);
    expect(body(fullParts)).toMatch(/<w:bidi\/>(?:(?!<\/w:p>).)*طبخ معاً يوم السبت/);
  });

  it('shows the version and SHA-256 with “Page X of Y” in the footer, and DRAFT in the header of a draft only', () => {
    const footer = fullParts['word/footer1.xml'] ?? '';
    expect(docxText(footer)).toContain(`Version 3 · SHA-256 ${SAMPLE_SHA}`);
    expect(docxText(footer)).toContain('Page PAGE of NUMPAGES');
    expect(Object.keys(fullParts).some((name) => name.startsWith('word/header'))).toBe(false);
    expect(docxText(draftParts['word/header1.xml'] ?? '')).toBe('DRAFT — not agreed');
    expect(docxText(draftParts['word/footer1.xml'] ?? '')).toContain('Draft — not agreed');
    expect(draftParts['docProps/core.xml']).toContain('<dc:title>Draft: Lifelong Links plan for Rhys (not agreed)</dc:title>');
    expect(JSON.stringify(draftParts)).not.toContain('SHA-256');
  });

  it('keeps the professionals’ notes and the reason for agreeing without the young person out of the family’s copy', () => {
    const fullText = docxText(body(fullParts));
    for (const canary of Object.values(CANARY)) expect(fullText).toContain(canary);
    expect(docxText(body(familyParts))).toContain('This is the family’s copy of the plan.');
    for (const parts of [familyParts, draftParts]) {
      const everything = Object.values(parts).join('\n');
      expect(everything).not.toContain('CANARY');
      expect(everything).not.toContain('For professionals only');
    }
  });

  it('writes a 200-offer plan of 2,000-character texts whole', async () => {
    const plan = bigPlan(200);
    const text = docxText(body(docxParts(await renderPlanDocx({ plan, copy: 'family', draft: false, sha256: SAMPLE_SHA, professional: null }))));
    for (const offer of plan.offers) expect(text).toContain(offer.what);
  });
});
