/**
 * `hadir demo --serve` as `npm run demo` runs it, in a child process on a fresh SQLite
 * data folder, twice: the first run seeds the demo regency, the second finds it seeded
 * and starts the server without seeding again — and both print where the server runs
 * and the demo logins (a second run once printed no logins, so a newcomer who started
 * the demo again could not sign in). Needs the build (`npm test` builds first).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/hadir.js', import.meta.url);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Runs the demo until it says it is running and the server answers; then stops it. */
async function demoRun(dataDir: string): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN.pathname, 'demo', '--serve'], {
    env: { ...process.env, HADIR_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 120_000;
    while (!out.includes('Hentikan dengan Ctrl+C')) {
      if (child.exitCode !== null) throw new Error(`demo exited ${child.exitCode}:\n${out}`);
      if (Date.now() > deadline) throw new Error(`demo did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(health.status).toBe(200);
    return out;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe('npm run demo, twice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds once, and both runs print the address and the demo logins', async () => {
    const first = await demoRun(dir);
    expect(first).toContain('Kabupaten demo dibuat / demo regency created');
    const second = await demoRun(dir);
    expect(second).toContain('tidak diisi ulang');
    expect(second).not.toContain('Kabupaten demo dibuat');
    for (const out of [first, second]) {
      expect(out).toMatch(/Hadir berjalan di \/ is running at: http:\/\/127\.0\.0\.1:\d+/);
      expect(out).toContain('Akun demo / demo logins:');
      expect(out).toMatch(/^\s+admin\s+\S+/m);
      expect(out).toMatch(/^\s+admin\.dinkes\s+\S+/m);
    }
  });
});
