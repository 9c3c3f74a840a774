// The family map: laying out 500 people on the ecomap, and the family tree of a family of 500 with
// 2,000 relationships (bench/family500.ts), in this process and on a throttled phone — a Chromium
// page with its CPU slowed 4×, running the same layout code bundled by esbuild — and the agreed
// plan's PDF with both pictures of that family. Medians of RUNS after a warm-up (the family tree's
// first layout, which loads ELK, is reported too). The relay has no family map, so no baseline.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { layoutEcomap, type MapPerson } from '../../shared/familyMap/ecomapLayout.ts';
import { layoutGenogram } from '../../shared/familyMap/genogramLayout.ts';
import { familyOf500, type BenchFamily } from '../family500.ts';
import { SECTORS } from '../../shared/vocabulary.ts';
import { renderPlanPdf } from '../../server/export/pdf.ts';
import { rng } from '../../tests/helpers/random.ts';
import { samplePlan } from '../../tests/helpers/plans.ts';
import { percentile } from '../stats.ts';
import type { Row } from '../report.ts';
import type { WorkloadResult } from './common.ts';
import type { Plan } from '../../shared/plan.ts';

const PEOPLE = 500;
const RUNS = 5;
/** The issue's target: the map laid out in under 200 ms on a throttled phone. */
const PHONE_TARGET_MS = 200;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** 500 invented people, seeded: closeness and part of life mostly said, some not. */
function mapPeople(): MapPerson[] {
  const random = rng(500);
  return Array.from({ length: PEOPLE }, (_, i) => ({
    id: `person-${i}`,
    displayName: `Person ${i} ${['Jones', 'Haddad', 'Ŵyn', 'Nowak'][i % 4]}`,
    closeness: random.chance(0.9) ? 1 + random.int(3) : null,
    sector: random.chance(0.9) ? (random.pick(SECTORS) ?? null) : null,
  }));
}

async function median(run: () => unknown | Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return percentile(times, 50) ?? 0;
}

/** The layout code as one script for a page: `FamilyMapBench.timeLayouts` (ELK inlined). */
async function pageScript(): Promise<string> {
  const entry = fileURLToPath(new URL('./familyMapPage.ts', import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, format: 'iife', globalName: 'FamilyMapBench', write: false, target: 'es2022', platform: 'browser', define: { 'process.env.NODE_ENV': '"production"' } });
  return out.outputFiles[0]?.text ?? '';
}

/** Median times of both layouts on a page whose CPU is slowed 4× (a mid-range phone), or null without Chromium. */
async function onPhone(people: readonly MapPerson[], family: BenchFamily): Promise<{ ecomap: number; tree: number } | null> {
  if (!existsSync(CHROMIUM)) return null;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.setContent('<!doctype html><title>family map bench</title>');
    await page.addScriptTag({ content: await pageScript() });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // As a string: this file's own functions carry helpers (tsx's) the page does not have.
    const input = JSON.stringify({ people, family: { people: family.people, relationships: family.relationships, youngPersonName: 'Robin' }, runs: RUNS });
    return (await page.evaluate(`(() => { const i = ${input}; return FamilyMapBench.timeLayouts(i.people, i.family, i.runs); })()`)) as { ecomap: number; tree: number };
  } finally {
    await browser.close();
  }
}

/** The family map rows. */
export async function familyMapWorkload(log: (message: string) => void): Promise<WorkloadResult> {
  const people = mapPeople();
  const family = familyOf500();
  const ecomap = await median(() => layoutEcomap(people));
  const treeInput = { people: family.people, relationships: family.relationships, youngPersonName: 'Robin' };
  const firstStarted = performance.now();
  await layoutGenogram(treeInput);
  const treeFirst = performance.now() - firstStarted;
  const tree = await median(() => layoutGenogram(treeInput));
  const phone = await onPhone(people, family);
  // The sample plan with this family on its map and its family tree.
  const sample = samplePlan();
  const random = rng(501);
  const plan = {
    ...sample,
    people: family.people.map((person) => ({
      id: person.id,
      name: person.name,
      relationship: 'Family',
      circle: 'family' as const,
      connection: (['direct', 'indirect', 'none'] as const)[random.int(3)] ?? 'none',
      atConference: false,
      gender: person.gender,
      born: null,
      died: person.died,
      closeness: person.closeness,
      sector: person.sector,
      newSinceStart: random.chance(0.3),
    })),
    relationships: family.relationships,
  } as unknown as Plan;
  const pdf = await median(() => renderPlanPdf({ plan, copy: 'full', draft: false, sha256: 'ab'.repeat(32), professional: [] }));
  log(
    `family map: ecomap of ${PEOPLE} in ${ecomap.toFixed(1)} ms, family tree of ${family.people.length} with ${family.relationships.length} relationships in ${tree.toFixed(0)} ms (first ${treeFirst.toFixed(0)} ms)` +
      `${phone === null ? ', no Chromium' : `; on a CPU ×4 page ${phone.ecomap.toFixed(1)} ms and ${phone.tree.toFixed(0)} ms`}; PDF with both ${pdf.toFixed(0)} ms`,
  );
  const w = `family map (${PEOPLE} people; family tree: 2,000 relationships)`;
  const target = { kind: 'below' as const, max: PHONE_TARGET_MS, text: `< ${PHONE_TARGET_MS} ms` };
  const rows: Row[] = [
    { workload: w, measure: `ecomap layout, this process, median of ${RUNS}`, unit: 'ms', ours: ecomap, baseline: null, digits: 1 },
    { workload: w, measure: `family tree layout (ELK), this process, median of ${RUNS}`, unit: 'ms', ours: tree, baseline: null, digits: 0 },
    { workload: w, measure: 'family tree layout, the first (ELK loading)', unit: 'ms', ours: treeFirst, baseline: null, digits: 0 },
    ...(phone === null
      ? []
      : [
          { workload: w, measure: `ecomap layout, phone (Chromium, CPU ×4), median of ${RUNS}`, unit: 'ms', ours: phone.ecomap, baseline: null, target, digits: 1 },
          { workload: w, measure: `family tree layout, phone (Chromium, CPU ×4), median of ${RUNS}`, unit: 'ms', ours: phone.tree, baseline: null, target, digits: 0 },
        ]),
    { workload: w, measure: `agreed plan PDF with the map and the family tree, median of ${RUNS}`, unit: 'ms', ours: pdf, baseline: null, digits: 0 },
  ];
  return {
    name: 'familyMap',
    rows,
    details: { people: PEOPLE, relationships: family.relationships.length, runs: RUNS, ecomapNodeMs: ecomap, treeNodeMs: tree, treeFirstMs: treeFirst, phone, pdfMs: pdf },
    notes: ['family map: laid out in the bench process and in a Chromium page with its CPU slowed 4×; the relay has no family map, so no baseline'],
  };
}
