// The accessibility check of the browser suite: axe-core's WCAG 2.x A and AA rules on a page as it
// is now. The page's context needs bypassCSP (the app's CSP rightly refuses injected scripts).

import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every WCAG 2.x A and AA violation on the page, as "rule: targets". */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // From the top of the page, so a target that merely sits under the sticky banner at the current
  // scroll position (target-size counts it as covered) does not make the result depend on scrolling.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}
