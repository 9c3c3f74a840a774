// Builds the browser client into dist/client; in development, proxies the API and live sync to the server.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const CLIENT_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
const SERVER_ORIGIN = 'http://127.0.0.1:8787';
/** Files worth compressing ahead of time; the server sends the .br or .gz one when the browser takes it. */
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

/** Writes a brotli (.br) and a gzip (.gz) copy of every compressible file of the build, once, at build time. */
function precompress(outDir: string): Plugin {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? walk(file) : [file];
    });
  return {
    name: 'llb-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const bytes = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Writes /sw.js, the coordinator's service worker (client/offline/sw.js), with this build's file
 * list and a version made from it, so a new build replaces the kept files and an old one's go.
 */
function serviceWorker(): Plugin {
  return {
    name: 'llb-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [...Object.keys(bundle).filter((name) => name.startsWith('assets/')).map((name) => `/${name}`), '/early-join.js', '/favicon.svg'].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const source = readFileSync(path.join(CLIENT_DIR, 'offline/sw.js'), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `const VERSION = ${JSON.stringify(version)};\nconst FILES = ${JSON.stringify(files)};\n${source}`,
      });
    },
  };
}

export default defineConfig({
  root: CLIENT_DIR,
  plugins: [react(), serviceWorker(), precompress(`${REPO_DIR}dist/client`)],
  build: {
    outDir: `${REPO_DIR}dist/client`,
    emptyOutDir: true,
    // No source maps in what the server serves: the readable source is in the repository for anyone
    // who needs it, and a production server need not hand it to every visitor.
    sourcemap: false,
    // React, Yjs, dnd-kit and zod come to ~520 kB (~160 kB gzipped) in the board's chunk; the
    // coordinator's and the plan's pages load as their own chunks when opened.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // The client imports shared/ by source path, which lives outside the client root.
    fs: { allow: [REPO_DIR] },
    proxy: {
      '/api': { target: SERVER_ORIGIN, changeOrigin: false },
      '/sync': { target: SERVER_ORIGIN, ws: true, changeOrigin: false },
    },
  },
});
