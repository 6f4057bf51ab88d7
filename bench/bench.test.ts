/**
 * The benchmark runs and prints the document RESULTS.md is made of. Speed is measured,
 * never asserted: this checks the fields and the verification, not the figures.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Any number (typed, so the matchers below stay type-checked). */
const NUM: unknown = expect.any(Number);
const OBJ: unknown = expect.any(Object);

const RUN = join(import.meta.dirname, '..', 'dist', 'bench', 'run.js');

describe('npm run bench (steady, tiny)', () => {
  it('prints one JSON document with the ratio, latencies, statuses, generator CPU and the verification', () => {
    const r = spawnSync(
      process.execPath,
      [
        RUN,
        '--employees',
        '300',
        '--duration',
        '1',
        '--rounds',
        '1',
        '--pool-rate',
        '2000',
        '--connections',
        '10',
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      hadir: { perRound: unknown[] };
      bare: { perRound: unknown[] };
      verification: { acknowledged: number; distinctAcknowledged: number };
    };
    expect(doc).toMatchObject({
      scenario: 'steady',
      engine: 'sqlite',
      settings: { server: 'defaults', sqliteSync: 'full' },
      ratio: NUM,
      verification: { ok: true, missing: 0 },
    });
    for (const side of [doc.hadir, doc.bare]) {
      expect(side).toMatchObject({
        requestsPerSec: NUM,
        latencyMs: { p50: NUM, p99: NUM, max: NUM },
        non2xx: OBJ,
        generator: { usPerRequest: NUM, coresPer10kRps: NUM },
      });
      expect(side.perRound).toHaveLength(1);
    }
    expect(doc.verification.acknowledged).toBeGreaterThan(0);
    expect(doc.verification.acknowledged).toBe(doc.verification.distinctAcknowledged);
  }, 200_000);
});

describe('npm run bench -- --scenario memory (tiny)', () => {
  it('weighs every cache of the check-in path with every seeded employee and device in it', () => {
    const r = spawnSync(process.execPath, [RUN, '--scenario', 'memory', '--employees', '500'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { bytesPerEmployee: Record<string, number> };
    expect(doc).toMatchObject({ scenario: 'memory', employees: 500, directoryEntries: 500, devices: 500 });
    expect(Object.keys(doc.bytesPerEmployee).sort()).toEqual([
      'contacts',
      'devices',
      'directory',
      'recentPunches',
      'total',
    ]);
    for (const v of Object.values(doc.bytesPerEmployee)) expect(v).toEqual(NUM);
  }, 150_000);
});
