// What the family map bench runs in a phone's page (bundled by esbuild into one script): the two
// layouts the board uses, exactly as it uses them, timed in the page.
import { layoutEcomap, type MapPerson } from '../../shared/familyMap/ecomapLayout.ts';
import { layoutGenogram, type GenogramInput } from '../../shared/familyMap/genogramLayout.ts';

async function median(run: () => unknown, runs: number): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** The median times of the ecomap of `people` and the family tree of `family`, in milliseconds. */
export async function timeLayouts(people: readonly MapPerson[], family: GenogramInput, runs: number): Promise<{ ecomap: number; tree: number }> {
  return { ecomap: await median(() => layoutEcomap(people), runs), tree: await median(() => layoutGenogram(family), runs) };
}
