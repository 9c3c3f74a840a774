// Builds the browser client into dist/client; in development, proxies the API and live sync to the server.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const CLIENT_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
const SERVER_ORIGIN = 'http://127.0.0.1:8787';

export default defineConfig({
  root: CLIENT_DIR,
  plugins: [react()],
  build: {
    outDir: `${REPO_DIR}dist/client`,
    emptyOutDir: true,
    // No source maps in what the server serves: the readable source is in the repository for anyone
    // who needs it, and a production server need not hand it to every visitor.
    sourcemap: false,
    // One small single-page app: React, Yjs, dnd-kit and zod come to ~520 kB (~160 kB gzipped).
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
