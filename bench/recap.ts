/**
 * `npm run bench -- --scenario recap [--employees N] [--engine sqlite|postgres] [--month YYYY-MM] [--year-to-date]`:
 * the monthly recap of N employees (default 10,000) with a month of punches. Seeds the
 * bench regency (bench/seed.ts), a rule set, and two punches per employee per weekday
 * straight into the event log in bulk; then times the recap as the API computes it
 * (loading queries + pure computation) and the pure part on its own (plans, statuses,
 * recap), and the whole job of the recap endpoint (with the year-to-date TK count; with
 * --year-to-date every month from January to --month has punches, as in December).
 * Prints one JSON document. Measured and reported, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dayStatuses, monthlyRecap, permentan68Preset, planRange } from '../core/attendance/index.js';
import { uuidV7 } from '../core/uuid.js';
import { addDays, weekdayOf, zonedToInstant } from '../core/time.js';
import { computeMonth, loadPeriod, monthRange, unitRecapJob } from '../server/features/reports/service.js';
import { syntheticPunch } from '../server/features/reports/punch-rows.js';
import { insertRuleSet } from '../server/features/rules/store.js';
import { insertPunches } from '../server/features/check-ins/store.js';
import { ChangeFeed } from '../server/platform/changes/feed.js';
import type { DbHandle } from '../server/platform/db/engine.js';
import { TkCache } from '../server/features/reports/tk-cache.js';
import type { NewPunchRow } from '../server/platform/db/schema.js';
import { seedBench } from './seed.js';
import type { BenchSeed } from './seed.js';

/** A small deterministic generator (mulberry32), so every run stores the same month. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The bench regency and punches of `month` — or, with `yearToDate`, of every month from January to it. */
async function seedMonths(
  h: DbHandle,
  employees: number,
  month: string,
  yearToDate: boolean,
): Promise<number> {
  const seed = await seedBench(h.db, employees);
  const last = Number(month.slice(5, 7));
  let stored = 0;
  for (let m = yearToDate ? 1 : last; m <= last; m++) {
    stored += await seedPunchesOfMonth(
      h,
      seed,
      `${month.slice(0, 4)}-${String(m).padStart(2, '0')}`,
      m === last,
    );
  }
  return stored;
}

/**
 * A rule set at the root and two punches per employee per weekday of `month` (some late,
 * some early, a few absent or without a check-out), straight into the event log in bulk.
 * Returns how many punches were stored.
 */
export async function seedPunchesOfMonth(
  h: DbHandle,
  seed: BenchSeed,
  month: string,
  withRuleSet = true,
): Promise<number> {
  const root = (
    await h.db.selectFrom('units').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow()
  ).id;
  if (withRuleSet) await insertRuleSet(h.db, root, permentan68Preset('2026-01-01'), Date.now(), null);
  const rnd = random(42);
  const { from, to } = monthRange(month);
  const bytes = new Uint8Array(10);
  let stored = 0;
  let batch: NewPunchRow[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await h.db.transaction().execute(async (tx) => {
      stored += (await insertPunches(tx, rows)).length;
    });
  };
  for (let i = 0; i < seed.count; i++) {
    const emp = seed.firstEmployeeId + i;
    const zone = seed.officeOf(i).zone;
    for (let d = from; d <= to; d = addDays(d, 1)) {
      if (weekdayOf(d) > 5) continue;
      const r = rnd();
      if (r < 0.03) continue; // absent
      // Arrivals 07:00-08:10 (some late), departures 15:30-16:40 (some early); a few miss the check-out.
      const inAt = zonedToInstant(d, 420 + Math.floor(rnd() * 70), zone) + Math.floor(rnd() * 60_000);
      for (let k = 0; k < 10; k++) bytes[k] = Math.floor(rnd() * 256);
      batch.push(syntheticPunch(uuidV7(inAt, bytes), emp, 'in', inAt, zone));
      if (r < 0.06) continue;
      const outAt = zonedToInstant(d, 930 + Math.floor(rnd() * 70), zone) + Math.floor(rnd() * 60_000);
      for (let k = 0; k < 10; k++) bytes[k] = Math.floor(rnd() * 256);
      batch.push(syntheticPunch(uuidV7(outAt, bytes), emp, 'out', outAt, zone));
    }
    if (batch.length >= 20_000) await flush();
  }
  if (batch.length > 0) await flush();
  return stored;
}

function ms(a: number, b: number): number {
  return Math.round((b - a) * 10) / 10;
}

export interface RecapBenchResult {
  scenario: 'recap';
  engine: string;
  employees: number;
  month: string;
  punches: number;
  seedMs: number;
  /** The recap as the API computes it: loading queries, then the pure computation. */
  recapMs: { load: number; compute: number; total: number };
  /** The pure part alone, split by stage (best of 3 runs). */
  pureMs: { plans: number; statuses: number; recap: number; total: number };
  /**
   * Everything GET /units/{root}/recap does after the scope check (the report job): the
   * month's recap and the year-to-date TK count of every person, on a worker that keeps
   * the TK of closed months (tk-cache.ts) and has counted this year once already.
   */
  endpointMs: number;
  /** The same job on a worker that keeps nothing yet: every month read from its events. */
  endpointColdMs: number;
  /** The first job on a keeping worker: cold, and keeping what it counted. */
  endpointFillMs: number;
  /** The job on a restarted worker: loading the saved counts (tk-months.bin), then the job. */
  endpointRestartMs: number;
  /** Person-months kept after the jobs (months over by at least tk-cache CLOSED_MARGIN_DAYS). */
  keptPersonMonths: number;
  /** Punches the endpoint read: the month's and every earlier month's of the year. */
  yearToDatePunches: boolean;
  organisationTotalPct: number;
}

/** Seeds `employees` and a month of punches into `h`, then measures. */
export async function runRecapBench(
  h: DbHandle,
  opts: { employees: number; month: string; yearToDate: boolean; log: (msg: string) => void },
): Promise<RecapBenchResult> {
  const t0 = performance.now();
  opts.log(
    `seeding ${opts.employees} employees and punches of ${opts.yearToDate ? `January to ${opts.month}` : opts.month}`,
  );
  const punches = await seedMonths(h, opts.employees, opts.month, opts.yearToDate);
  const t1 = performance.now();
  opts.log(`seeded ${punches} punches in ${Math.round(t1 - t0)} ms; computing the recap`);

  const root = await h.db
    .selectFrom('units')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  const units = (await h.db.selectFrom('units').select('id').execute()).map((u) => u.id);
  const { from, to } = monthRange(opts.month);
  // One warm-up, then the measured run.
  computeMonth(opts.month, await loadPeriod(h.db, { unitIds: units }, from, to));
  const a = performance.now();
  const period = await loadPeriod(h.db, { unitIds: units }, from, to);
  const b = performance.now();
  const result = computeMonth(opts.month, period);
  const c = performance.now();

  const ruleSets = period.ruleSets.get(root.id) ?? [];
  let best = { plans: Infinity, statuses: Infinity, recap: Infinity, total: Infinity };
  for (let run = 0; run < 3; run++) {
    const p0 = performance.now();
    const plans = period.people.map((p) => planRange(p.ctx, from, to));
    const p1 = performance.now();
    const statuses = period.people.map((p, i) =>
      dayStatuses({ plans: plans[i]!, events: p.events, leaves: p.leaves, incidents: p.incidents, ruleSets }),
    );
    const p2 = performance.now();
    monthlyRecap(
      opts.month,
      period.people.map((p, i) => ({
        employeeId: p.employee.id,
        unitId: p.employee.unitId,
        days: statuses[i]!,
      })),
      ruleSets,
    );
    const p3 = performance.now();
    if (p3 - p0 < best.total)
      best = { plans: ms(p0, p1), statuses: ms(p1, p2), recap: ms(p2, p3), total: ms(p0, p3) };
  }
  // The whole job the endpoint hands to its report worker: recap and year-to-date TK.
  // Cold: a worker that keeps nothing yet (the first recap after a start), counting every
  // month from its events. Then with the worker's kept TK of closed months
  // (server/features/reports/tk-cache.ts): the call that fills it, and the next one.
  const through = monthRange(opts.month).to;
  const job = async () => {
    const e0 = performance.now();
    await unitRecapJob(h.db, { unitId: root.id, ids: units, month: opts.month, through });
    return Math.round(performance.now() - e0);
  };
  const endpointColdMs = await job();
  const feed = await ChangeFeed.open(h, { pollMs: 2000 });
  const cache = TkCache.attach(h.db, feed);
  let endpointFillMs: number;
  let endpointMs: number;
  let endpointRestartMs: number;
  const file = join(mkdtempSync(join(tmpdir(), 'hadir-tk-')), 'tk-months.bin');
  try {
    endpointFillMs = await job();
    endpointMs = await job();
    // A restarted worker: it takes the saved counts back (and the changes logged since),
    // then serves the same job.
    await cache.save(file);
    cache.detach();
    const r0 = performance.now();
    const restarted = TkCache.attach(h.db, feed);
    await restarted.restore(file);
    endpointRestartMs = Math.round(performance.now() - r0) + (await job());
    restarted.detach();
  } finally {
    cache.detach();
    await feed.close();
    rmSync(dirname(file), { recursive: true, force: true });
  }
  return {
    scenario: 'recap',
    engine: h.engine,
    employees: opts.employees,
    month: opts.month,
    punches,
    seedMs: Math.round(t1 - t0),
    recapMs: { load: ms(a, b), compute: ms(b, c), total: ms(a, c) },
    pureMs: best,
    organisationTotalPct: result.recap.organisation.totalBp / 100,
    endpointMs,
    endpointColdMs,
    endpointFillMs,
    endpointRestartMs,
    keptPersonMonths: cache.size,
    yearToDatePunches: opts.yearToDate,
  };
}
