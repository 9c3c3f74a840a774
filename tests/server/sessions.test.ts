import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ApiClient, setupCoordinator } from '../helpers/api.ts';
import { startServer } from '../helpers/server.ts';

describe('sessions at rest', () => {
  it('deletes expired sessions when the server starts, keeping live ones', async () => {
    const first = await startServer();
    await setupCoordinator(first);
    // Signed in on a second device too (signing in again on the first would replace its session).
    const laptop = new ApiClient(first.url);
    const second = await laptop.post('/api/login', { email: 'casey@example.org', password: 'a long invented password' });
    expect(second.status).toBe(200);
    await first.stop();

    const file = path.join(first.dataDir, 'board.sqlite');
    const db = new Database(file);
    const ids = db.prepare<[], { id_hash: string }>('SELECT id_hash FROM sessions ORDER BY created_at').all();
    expect(ids).toHaveLength(2);
    db.prepare('UPDATE sessions SET expires_at = ? WHERE id_hash = ?').run(Date.now() - 1, ids[0]!.id_hash);
    db.close();

    const again = await startServer({ dataDir: first.dataDir });
    try {
      const check = new Database(file, { readonly: true });
      const left = check.prepare<[], { id_hash: string }>('SELECT id_hash FROM sessions').all();
      check.close();
      expect(left.map((r) => r.id_hash)).toEqual([ids[1]!.id_hash]);
    } finally {
      await again.stop();
    }
  });
});
