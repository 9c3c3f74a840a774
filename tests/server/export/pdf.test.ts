// The PDF export, read back with pdf.js as a reader would: every section in order, every offer,
// name and agreement as real text (Welsh, accented, Arabic, Hebrew and emoji names included), a
// tagged structure in British English, the version and SHA-256 and page numbers on every page,
// DRAFT on every page of a draft, nothing professional-only in the family's copy, and a 200-offer
// plan of long texts laid out whole.

import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT } from '../../../shared/board.ts';
import { formatDateTime } from '../../../server/export/dates.ts';
import { renderPlanPdf } from '../../../server/export/pdf.ts';
import { familyCopy } from '../../../server/export/types.ts';
import { readPdf, squash, type ReadPdf } from '../../helpers/pdf.ts';
import { bigPlan, CANARY, NAMES, SAMPLE_SHA, SECTIONS_IN_ORDER, sampleInput } from '../../helpers/plans.ts';

const full = sampleInput();
const ARABIC_MARKS = /[\u064B-\u065F\u0670]/g;
let fullPdf: ReadPdf;
let familyPdf: ReadPdf;
let draftPdf: ReadPdf;

beforeAll(async () => {
  [fullPdf, familyPdf, draftPdf] = await Promise.all([
    renderPlanPdf(full).then(readPdf),
    renderPlanPdf(familyCopy(full)).then(readPdf),
    renderPlanPdf(familyCopy({ ...full, draft: true, sha256: null })).then(readPdf),
  ]);
});

/** Where each of `texts` first appears, failing the test when one is missing. */
function positions(text: string, texts: readonly string[]): number[] {
  return texts.map((wanted) => {
    const at = text.indexOf(wanted);
    expect(at, `"${wanted}" in the PDF's text`).toBeGreaterThanOrEqual(0);
    return at;
  });
}

describe('the PDF of a plan', () => {
  it('has every section, in the plan’s order', () => {
    const at = positions(fullPdf.text, SECTIONS_IN_ORDER);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('holds every offer, every person and every agreement as text a reader can select', () => {
    for (const offer of full.plan.offers) {
      // A right-to-left line with English in it comes out of pdf.js in the order it is drawn, and
      // with Arabic vowel marks (tanwīn) set apart, so such an offer is looked for word by word,
      // marks aside; the others whole.
      if (/[\u0590-\u08FF]/.test(offer.what) && /[A-Za-z]/.test(offer.what)) {
        const unmarked = (text: string) => text.replace(ARABIC_MARKS, '');
        positions(unmarked(fullPdf.text), unmarked(offer.what).split(/[\s()]+/).filter(Boolean));
      } else {
        positions(fullPdf.text, [squash(offer.what)]);
      }
    }
    positions(fullPdf.text, Object.values(NAMES).filter((name) => name !== NAMES.school));
    for (const agreement of full.plan.agreements) positions(fullPdf.text, [agreement.name, formatDateTime(agreement.agreedAt)]);
    positions(fullPdf.text, [
      'Approved by Sam Social Worker, 27 November 2026 at 13:40',
      'Needs approval — not approved',
      '— Partly happened',
      'Helped by: Gwenllïan Ŵyn (Visit)',
      'If a visit cannot happen, Nain will ring Rhys',
    ]);
  });

  it('gives Hebrew and Arabic back in reading order, as pdf.js reads them', () => {
    // The glyphs of a right-to-left run are drawn right to left; pdf.js puts a run back in reading order.
    positions(fullPdf.text, ['أريد أن أتعلم الطبخ مع خالتي', 'מכתבים על המשפחה ועל השמות שלנו', `${NAMES.aunt}, aunt`]);
  });

  it('carries the reading order of every line drawn in another order, and of characters no font has, as ActualText', () => {
    // What screen readers and copying use; pdf.js itself ignores ActualText, and shows U+FFFD for 李明.
    const actual = fullPdf.actualTexts;
    expect(actual).toContain(`${NAMES.aunt}, aunt`);
    expect(actual.some((text) => text.startsWith('طبخ معاً يوم السبت (cooking together'))).toBe(true);
    expect(actual).toContain(`${NAMES.school}, friend from school`);
    expect(fullPdf.text).toContain('\uFFFD\uFFFD, friend from school');
  });

  it('is tagged: marked, in British English, its title shown, with headings, paragraphs, lists and tables', () => {
    expect(fullPdf.marked).toBe(true);
    expect(fullPdf.language).toBe('en-GB');
    expect(fullPdf.title).toBe('Lifelong Links plan for Rhys');
    expect(fullPdf.raw).toContain('/StructTreeRoot');
    expect(fullPdf.raw).toMatch(/\/MarkInfo \d+ 0 R|\/Marked true/);
    expect(fullPdf.raw).toMatch(/\/DisplayDocTitle true/);
    expect(fullPdf.raw).toContain('/Lang (en-GB)');
    const roles = new Set(fullPdf.pages.flatMap((page) => page.roles));
    for (const role of ['Document', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD']) {
      expect(roles, role).toContain(role);
    }
    expect(fullPdf.raw).toMatch(/\/Scope \/Column/);
    expect(fullPdf.pages[0]?.roles.filter((role) => role.startsWith('H'))[0]).toBe('H1');
  });

  it('draws the map of the young person’s people and their family tree as tagged figures whose text alternatives say what they show, with captions', () => {
    const roles = new Set(fullPdf.pages.flatMap((page) => page.roles));
    expect(roles).toContain('Figure');
    expect(roles).toContain('Caption');
    const figures = fullPdf.pages.flatMap((page) => page.alts).filter((entry) => entry.role === 'Figure');
    expect(figures).toHaveLength(2);
    const [map, tree] = figures.map((figure) => figure.alt);
    expect(map).toMatch(/^A map of the people in Rhys’s life, Rhys in the middle/);
    for (const person of full.plan.people) expect(map, person.name).toContain(person.name);
    expect(tree).toMatch(/^A family tree of Rhys’s family, older generations above\./);
    expect(tree).toContain(`${NAMES.nan} is ${NAMES.nain}’s parent`);
    expect(tree).toContain(`${NAMES.carer} is Rhys’s carer`);
    expect(fullPdf.text).toContain('The map of Rhys’s people: solid lines in touch, dashed some contact, dotted not in touch');
    expect(fullPdf.text).toContain('Rhys’s family tree: older generations above');
    // The pictures come after who will do what, and before what happens if part of the plan does not work out.
    const [offers, map2, tree2, backup] = positions(fullPdf.text, ['Who will do what', 'The people in Rhys’s life', 'Rhys’s family tree', 'If part of the plan does not work out']);
    expect(offers! < map2! && map2! < tree2! && tree2! < backup!).toBe(true);
  });

  it('shows the version, the SHA-256 and “Page X of Y” at the foot of every page', () => {
    const pages = fullPdf.pages.length;
    expect(pages).toBeGreaterThan(1);
    fullPdf.pages.forEach((page, i) => {
      expect(squash(page.text)).toContain(`Version 3 · SHA-256 ${SAMPLE_SHA}`);
      expect(squash(page.text)).toContain(`Page ${i + 1} of ${pages}`);
    });
  });

  it('marks every page of a draft DRAFT, says so in its title, and shows no SHA-256', () => {
    expect(draftPdf.title).toBe('Draft: Lifelong Links plan for Rhys (not agreed)');
    expect(draftPdf.text).toContain('This is a draft. It has not been agreed');
    draftPdf.pages.forEach((page, i) => {
      expect(page.text).toContain('DRAFT');
      expect(squash(page.text)).toContain(`Draft — not agreed`);
      expect(squash(page.text)).toContain(`Page ${i + 1} of ${draftPdf.pages.length}`);
    });
    expect(draftPdf.text).not.toContain('SHA-256');
  });

  it('keeps the professionals’ notes and the reason for agreeing without the young person out of the family’s copy', () => {
    positions(fullPdf.text, [CANARY.safety, CANARY.address, CANARY.reason, 'For professionals only']);
    expect(familyPdf.text).toContain('This is the family’s copy of the plan.');
    for (const read of [familyPdf, draftPdf]) {
      expect(read.text).not.toContain('CANARY');
      expect(read.raw).not.toContain('CANARY');
      expect(read.text).not.toContain('For professionals only');
      expect(read.text).not.toContain('Agreed without');
    }
  });

  it('leaves out of the family’s copy anyone the professionals’ notes say must not be named, from the text, the map and their offers', async () => {
    // Someone who has offered something, with a name no other text in the plan contains.
    const giver = full.plan.people.find((person) => full.plan.offers.some((offer) => offer.personId === person.id) && person.name === NAMES.carer)!;
    expect(giver, 'the former foster carer has an offer in the sample plan').toBeDefined();
    const notes = [...(full.professional ?? []), { personId: giver.id, name: giver.name, safety: '', restrictions: '', contactDetails: '', mustNotBeTold: '', notNamedToFamily: true }];
    const input = { ...full, professional: notes };
    const theirs = await renderPlanPdf(familyCopy(input)).then(readPdf);
    expect(theirs.text).not.toContain('Łukasz');
    expect(theirs.pages.flatMap((page) => page.alts).map((entry) => entry.alt).join(' ')).not.toContain('Łukasz');
    expect(theirs.text).toContain('someone this copy does not name');
    // The full copy still names them, and tells the professionals they are not named to the family.
    const ours = await renderPlanPdf(input).then(readPdf);
    expect(ours.text).toContain('Łukasz');
    expect(ours.text).toContain('Not named in the family’s copy of the plan.');
  });

  it('lays out a 200-offer plan of 2,000-character texts, every offer on a page and no heading left at the foot of one', async () => {
    const plan = bigPlan(200);
    const read = await readPdf(await renderPlanPdf({ plan, copy: 'family', draft: false, sha256: SAMPLE_SHA, professional: null }));
    expect(read.pages.length).toBeGreaterThan(100);
    expect(read.pages.length).toBeLessThan(400);
    for (let n = 1; n <= 200; n++) expect(read.text, `offer ${n}`).toContain(`Offer ${n}: `);
    for (const offer of plan.offers) expect(read.text).toContain(squash(offer.what).slice(-40));
    const headingSizes = new Set([20, 15, 12]);
    read.pages.forEach((page, i) => {
      // The lowest line above the footer (drawn at 7.5 and 8.5 points).
      const last = page.items.find((item) => item.size !== 7.5 && item.size !== 8.5 && item.size < 100);
      expect(headingSizes.has(last?.size ?? 0), `page ${i + 1} ends with "${last?.text}"`).toBe(false);
    });
  });

  it('wraps a 2,000-character word inside its cell, over two pages, losing none of it', async () => {
    const input = sampleInput();
    const offer = input.plan.offers[0];
    if (!offer) throw new Error('the sample plan has offers');
    const word = 'Llanfairpwllgwyngyll'.repeat(MAX_TEXT / 20);
    const read = await readPdf(await renderPlanPdf({ ...input, plan: { ...input.plan, offers: [{ ...offer, what: word }, ...input.plan.offers.slice(1)] } }));
    // The cell's own text on each page (the table's headings repeat as artifacts, which are left out).
    const cell = read.pages.flatMap((page) => page.tagged.filter((content) => content.tag === 'TD' && /Llanfair|gyngyll/.test(content.text)));
    expect(cell.length).toBeGreaterThan(1);
    expect(cell.map((content) => content.text).join('').replace(/\s+/g, '')).toContain(word);
    // The page the row goes on to repeats the column headings, as an artifact: one tagged TH per column.
    const continued = read.pages.find((page) => page.tagged.some((content) => content.tag === 'TD' && content.text.includes('gyll')) && !page.text.includes('Gwenllïan Ŵyn, grandmother'));
    expect(squash(continued?.text ?? '')).toContain('Who else is there');
    const headings = read.pages.flatMap((page) => page.tagged.filter((content) => content.tag === 'TH'));
    // Five columns in each person's table of offers, four in the table of who agreed.
    const offerTables = new Set(input.plan.offers.map((o) => o.personId)).size;
    expect(headings).toHaveLength(offerTables * 5 + 4);
  });
});
