// The built client as the server sends it (after `npm run build`): compressed ahead of time (brotli,
// else gzip, else as it is), hashed assets cached for a year, the page itself checked every time,
// and a participant's way in (join page and board) without the coordinator's or the plan's pages.
import fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const ASSETS = path.join(import.meta.dirname, '../../dist/client/assets');

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

async function get(pathname: string, encoding: string) {
  const { request } = await import('node:http');
  // node:http, so the body arrives exactly as sent (fetch would decompress it).
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const req = request(`${server.url}${pathname}`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the built client', () => {
  it('sends the board’s JavaScript compressed, brotli first, and the same bytes whichever way', async () => {
    const main = fs.readdirSync(ASSETS).find((name) => /^index-.*\.js$/.test(name));
    expect(main).toBeDefined();
    const plain = fs.readFileSync(path.join(ASSETS, main!));
    const br = await get(`/assets/${main}`, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.body.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gz = await get(`/assets/${main}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    const none = await get(`/assets/${main}`, 'identity');
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(plain)).toBe(true);
  });

  it('has the page itself checked again every time, and keeps the coordinator’s and the plan’s pages out of the first download', async () => {
    const page = await get('/board/anything', 'br');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    const html = page.body.toString('utf8');
    const scripts = [...html.matchAll(/src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const preloaded = [...html.matchAll(/href="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    const first = [...scripts, ...preloaded].join(' ');
    expect(scripts.length).toBeGreaterThan(0);
    for (const lazy of ['ConferencePage', 'HistoryPage', 'PlanPage', 'PlanDiffPage', 'TvBoard']) {
      expect(first).not.toContain(lazy);
      expect(fs.readdirSync(ASSETS).some((name) => name.startsWith(`${lazy}-`))).toBe(true);
    }
  });
});
