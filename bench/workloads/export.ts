// Export: a 200-offer plan of 2,000-character texts (with emoji, and Arabic and Hebrew names) as
// the tagged PDF and the Word document, in this process. The first PDF is timed on its own (fonts
// read and parsed, code not yet optimised); then each format is timed RUNS times after a warm-up,
// and the median reported. The plan is the one the export tests lay out.

import { renderPlanDocx } from '../../server/export/docx.ts';
import { renderPlanPdf } from '../../server/export/pdf.ts';
import type { ExportInput } from '../../server/export/types.ts';
import { bigPlan } from '../../tests/helpers/plans.ts';
import { percentile } from '../stats.ts';
import type { WorkloadResult } from './common.ts';

const OFFERS = 200;
const RUNS = 5;
/** What a PDF of the plan must take at most, in milliseconds. */
const PDF_TARGET_MS = 1_000;

async function time<T>(render: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await render();
  return { ms: performance.now() - started, result };
}

async function median(render: () => Promise<Buffer>): Promise<{ ms: number; bytes: number }> {
  await render();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const { ms, result } = await time(render);
    times.push(ms);
    bytes = result.length;
  }
  return { ms: percentile(times, 50) ?? 0, bytes };
}

/** The export rows: PDF and DOCX time and size for a 200-offer plan. */
export async function exportWorkload(log: (message: string) => void): Promise<WorkloadResult> {
  const plan = bigPlan(OFFERS);
  const input: ExportInput = { plan, copy: 'full', draft: false, sha256: 'ab'.repeat(32), professional: [] };
  const first = await time(() => renderPlanPdf(input));
  const pages = first.result.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
  const pdf = await median(() => renderPlanPdf(input));
  const docx = await median(() => renderPlanDocx(input));
  log(`export: PDF ${pdf.ms.toFixed(0)} ms (first ${first.ms.toFixed(0)} ms), DOCX ${docx.ms.toFixed(0)} ms`);
  const w = `export (${OFFERS} offers × 2,000 characters, emoji, Arabic and Hebrew names)`;
  return {
    name: 'export',
    rows: [
      { workload: w, measure: `PDF, median of ${RUNS} after a warm-up`, unit: 'ms', ours: pdf.ms, baseline: null, target: { kind: 'below', max: PDF_TARGET_MS, text: 'PDF < 1 s' }, digits: 0 },
      { workload: w, measure: 'PDF, the first in a fresh process', unit: 'ms', ours: first.ms, baseline: null, digits: 0 },
      { workload: w, measure: `PDF size (${pages} pages)`, unit: 'KB', ours: pdf.bytes / 1024, baseline: null, digits: 0 },
      { workload: w, measure: `DOCX, median of ${RUNS} after a warm-up`, unit: 'ms', ours: docx.ms, baseline: null, digits: 0 },
      { workload: w, measure: 'DOCX size', unit: 'KB', ours: docx.bytes / 1024, baseline: null, digits: 0 },
    ],
    details: { offers: OFFERS, runs: RUNS, pdf: { ...pdf, firstMs: first.ms, pages }, docx },
    notes: ['export: rendered in the bench process itself (no server); the relay has no export, so no baseline'],
  };
}
