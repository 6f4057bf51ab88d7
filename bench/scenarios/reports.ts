/**
 * `npm run bench -- --scenario reports`: check-ins while an officer builds the recap PDF
 * of the whole regency (issue 14 item 5). Seeds N employees (default 10,000) with a month
 * of punches, then for each setting — the default (one report worker thread) and
 * HADIR_REPORT_WORKERS=0 (reports on the event loop, as before) — starts the real server
 * and replays pre-generated signed check-ins with wrk twice: alone, then while an agency
 * admin asks for the regency's recap PDF again and again. Prints the check-ins' rate and
 * latency in both phases, how many PDFs were built and how long each took, and that every
 * acknowledged check-in is stored once. Measured and reported, never asserted.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { uuidV7 } from '../../core/uuid.js';
import { signToken } from '../../server/platform/crypto/token.js';
import { freePort, startHadir, type Child } from '../processes.js';
import { prepare, type Engine } from '../prepare.js';
import { seedPunchesOfMonth } from '../recap.js';
import { verifyStored } from '../verify.js';
import { Workload } from '../workload.js';
import { ensureWrk, runWrk, writePool } from '../wrk.js';

export interface ReportsOptions {
  engine: Engine;
  employees: number;
  connections: number;
  durationSec: number;
  poolRate: number;
  month: string;
  sqliteSync: 'full' | 'normal';
  log: (msg: string) => void;
}

interface Phase {
  /** Answers received within the phase, and requests wrk gave up on (30 s). */
  requests: number;
  timeouts: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: Record<string, number>;
}

export async function reports(o: ReportsOptions): Promise<Record<string, unknown>> {
  ensureWrk(o.log);
  const p = await prepare({ engine: o.engine, employees: o.employees, sqliteSync: o.sqliteSync, log: o.log });
  let hadir: Child | null = null;
  try {
    const seeding = p.open();
    let punches: number;
    let root: number;
    try {
      punches = await seedPunchesOfMonth(seeding, p.seed, o.month);
      root = (
        await seeding.db
          .selectFrom('units')
          .select('id')
          .where('parent_id', 'is', null)
          .executeTakeFirstOrThrow()
      ).id;
    } finally {
      await seeding.close();
    }
    o.log(`seeded ${punches} punches of ${o.month}`);
    const work = new Workload(p.seed, p.secret, Date.now(), Workload.DEFAULT_TOKEN_TTL_SEC);
    const now = Math.floor(Date.now() / 1000);
    const admin = signToken(p.secret, {
      sub: 1,
      sid: 'bench-admin',
      role: 'agency_admin',
      emp: null,
      unit: null,
      iat: now,
      exp: now + Workload.DEFAULT_TOKEN_TTL_SEC,
    });
    const settings: { name: string; env: Record<string, string> }[] = [
      { name: 'default (HADIR_REPORT_WORKERS=1)', env: {} },
      { name: 'HADIR_REPORT_WORKERS=0 (on the event loop)', env: { HADIR_REPORT_WORKERS: '0' } },
    ];
    let next = 0;
    const make = () => {
      const e = next++ % o.employees;
      const id = uuidV7(Date.now(), randomBytes(10));
      return { token: work.token(e), body: work.body(e, id, Date.now()) };
    };
    const acked: string[] = [];
    const results = [];
    for (const [si, setting] of settings.entries()) {
      for (const phase of ['alone', 'with-pdf']) {
        writePool(join(p.dataDir, `pool-${si}-${phase}.0`), 0, Math.ceil(o.poolRate * o.durationSec), make);
      }
      hadir = await startHadir(
        { ...p.env, ...setting.env },
        await freePort(),
        [],
        join(p.dataDir, 'hadir.log'),
      );
      const origin = hadir.origin;
      const pdfPath = `/api/v1/units/${root}/recap/export?month=${o.month}&format=pdf`;
      const pdf = async () => {
        const t0 = performance.now();
        const r = await fetch(origin + pdfPath, { headers: { authorization: `Bearer ${admin}` } });
        const bytes = (await r.arrayBuffer()).byteLength;
        return { status: r.status, bytes, ms: Math.round(performance.now() - t0) };
      };
      o.log(`${setting.name}: one PDF to warm up`);
      const warm = await pdf();
      if (warm.status !== 200) throw new Error(`the recap PDF answered ${warm.status}`);
      const run = async (phase: string): Promise<Phase & { acked: string[] }> => {
        const r = await runWrk({
          origin,
          pool: join(p.dataDir, `pool-${si}-${phase}`),
          out: join(p.dataDir, `wrk-${si}-${phase}`),
          record: true,
          connections: o.connections,
          threads: 1,
          durationSec: o.durationSec,
        });
        return {
          requests: r.requests,
          timeouts: r.socketErrors.timeout,
          requestsPerSec: Math.round(r.requestsPerSec),
          latencyMs: {
            p50: r.latencyMs.p50,
            p90: r.latencyMs.p90,
            p99: r.latencyMs.p99,
            max: r.latencyMs.max,
          },
          non2xx: r.non2xx,
          acked: r.acked,
        };
      };
      o.log(`${setting.name}: check-ins alone`);
      const alone = await run('alone');
      o.log(`${setting.name}: check-ins while the recap PDF is built again and again`);
      let stop = false;
      const pdfs: { status: number; bytes: number; ms: number }[] = [];
      const loop = (async () => {
        while (!stop) pdfs.push(await pdf());
      })();
      const withPdf = await run('with-pdf');
      stop = true;
      await loop;
      acked.push(...alone.acked, ...withPdf.acked);
      const strip = ({ acked: _a, ...rest }: Phase & { acked: string[] }) => rest;
      results.push({
        setting: setting.name,
        pdfWarmMs: warm.ms,
        pdfBytes: warm.bytes,
        checkInsAlone: strip(alone),
        checkInsWhilePdf: strip(withPdf),
        pdfsDuringRun: pdfs.length,
        pdfMs: pdfs.map((x) => x.ms),
        pdfStatuses: [...new Set(pdfs.map((x) => x.status))],
      });
      o.log(
        `  alone p99 ${alone.latencyMs.p99} ms max ${alone.latencyMs.max} ms; with PDF p99 ${withPdf.latencyMs.p99} ms max ${withPdf.latencyMs.max} ms`,
      );
      await hadir.stop();
      hadir = null;
    }
    const handle = p.open();
    let verification;
    try {
      verification = await verifyStored(handle.db, acked);
    } finally {
      await handle.close();
    }
    return {
      scenario: 'reports',
      engine: o.engine,
      employees: o.employees,
      month: o.month,
      punches,
      connections: o.connections,
      durationSec: o.durationSec,
      generator: { tool: 'wrk + bench/replay.lua', threads: 1 },
      results,
      verification,
    };
  } finally {
    if (hadir) await hadir.kill();
    await p.cleanup();
  }
}
