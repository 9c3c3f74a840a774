// How `npm run build:server` bundles the server into dist/ (server.js and its lazily loaded chunks).
// Every package stays in node_modules, loaded from there at run time, except Kysely: its ES module
// build is hundreds of small files, which cost about 19 MB of memory when Node loads them one by
// one and about 3 MB bundled here with only the parts the server uses.

import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const BUNDLED = new Set(['kysely']);

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

// Chunks are named by their hash: the last build's would otherwise stay beside the new ones.
rmSync('dist/server-chunks', { recursive: true, force: true });

await build({
  entryPoints: ['server/main.ts'],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  sourcemap: true,
  logLevel: 'warning',
  outdir: 'dist',
  entryNames: 'server',
  chunkNames: 'server-chunks/[name]-[hash]',
});
