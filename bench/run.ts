/**
 * `npm run bench [-- options]`: measures the check-in path and prints one JSON document.
 * Each scenario is a module in bench/scenarios/ (a new one is a new file and a line in
 * SCENARIOS below).
 *
 *   --scenario steady|burst|recap|adms|memory
 *        steady (default): Hadir against the bare Fastify ceiling, interleaved, wrk
 *        replaying pre-generated signed check-ins (bench/scenarios/steady.ts)
 *        burst: one check-in for each of --employees employees (bench/scenarios/burst.ts)
 *        recap: the monthly recap of 10,000 people (bench/recap.ts)
 *        reports: check-ins alone and while the regency's recap PDF is built, with one
 *        report worker (the default) and with none (bench/scenarios/reports.ts;
 *        --report-month YYYY-MM, default 2026-11)
 *        adms: fingerprint machines: a week's backlog from one machine, then --machines
 *        machines reconnecting at once (bench/scenarios/adms.ts)
 *        memory: bytes per employee of what the check-in path keeps in memory
 *        (bench/scenarios/memory.ts; --employees default 100000)
 *   --engine sqlite|postgres  default sqlite (PostgreSQL from BENCH_DATABASE_URL or
 *                             postgres://postgres@127.0.0.1:5432/test: a fresh database is made)
 *   --employees N             default 100000 (burst: 1000000, recap: 10000)
 *   --connections C           default 100 (burst: 1000 phones at once)
 *   --duration S              steady: seconds per round, default 15
 *   --rounds R                steady: bare/Hadir pairs, default 2
 *   --pool-rate N             steady: requests generated per second of a round, default 40000
 *   --threads T               wrk threads, default 1
 *   --processes N             steady, PostgreSQL: N Hadir (and N bare) processes side by
 *                             side, each with its own wrk, default 1
 *   --netns                   steady, PostgreSQL, root: servers, PostgreSQL and wrk on three
 *                             hosts made as network namespaces (bench/netns.ts)
 *   --sqlite-sync full|normal default full (Hadir's default)
 *   --month YYYY-MM           recap: the month (default 2026-03)
 *   --profile DIR             write the server's CPU profile (node --cpu-prof) into DIR and
 *                             summarise it over the measured rounds (bench/profile-summary.ts)
 *   --inflight-max N          burst: the server's HADIR_INFLIGHT_MAX (default: Hadir's default)
 *   --machines M              adms: machines reconnecting at once, default 500
 *   --per-machine P           adms: presses each uploads, default 20
 *   --backlog-people B        adms: people of the machine back after a week, default 500
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/platform/db/engine.js';
import { migrateToLatest } from '../server/platform/db/migrate.js';
import { runRecapBench } from './recap.js';
import { adms } from './scenarios/adms.js';
import { burst } from './scenarios/burst.js';
import { memory } from './scenarios/memory.js';
import { reports } from './scenarios/reports.js';
import { steady } from './scenarios/steady.js';
import { createBenchDatabase, dropBenchDatabase } from './verify.js';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'steady' },
    engine: { type: 'string', default: 'sqlite' },
    employees: { type: 'string' },
    connections: { type: 'string' },
    duration: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '2' },
    'pool-rate': { type: 'string', default: '40000' },
    threads: { type: 'string', default: '1' },
    processes: { type: 'string', default: '1' },
    netns: { type: 'boolean', default: false },
    'sqlite-sync': { type: 'string', default: 'full' },
    'inflight-max': { type: 'string' },
    month: { type: 'string', default: '2026-03' },
    'report-month': { type: 'string' },
    'year-to-date': { type: 'boolean', default: false },
    profile: { type: 'string' },
    machines: { type: 'string', default: '500' },
    'per-machine': { type: 'string', default: '20' },
    'backlog-people': { type: 'string', default: '500' },
  },
});

const engine = args.engine;
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`unknown --engine ${engine}`);
const sqliteSync = args['sqlite-sync'] === 'normal' ? 'normal' : 'full';

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function num(v: string | undefined, def: number): number {
  const n = Number(v ?? def);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${v}`);
  return n;
}

/** The monthly recap (bench/recap.ts): no server, the recap as the API computes it. */
async function recap(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hadir-bench-'));
  const databaseUrl = engine === 'postgres' ? await createBenchDatabase() : null;
  const handle = openDatabase({ databaseUrl, dataDir, sqliteSync });
  try {
    await migrateToLatest(handle);
    return {
      ...(await runRecapBench(handle, {
        employees: num(args.employees, 10_000),
        month: args.month,
        yearToDate: args['year-to-date'],
        log,
      })),
    };
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropBenchDatabase(databaseUrl);
  }
}

const SCENARIOS: Record<string, () => Promise<Record<string, unknown>>> = {
  steady: () =>
    steady({
      engine,
      employees: num(args.employees, 100_000),
      connections: num(args.connections, 100),
      durationSec: num(args.duration, 15),
      rounds: num(args.rounds, 2),
      poolRate: num(args['pool-rate'], 40_000),
      threads: num(args.threads, 1),
      processes: num(args.processes, 1),
      netns: args.netns,
      sqliteSync,
      ...(args.profile ? { profileDir: args.profile } : {}),
      log,
    }),
  burst: () =>
    burst({
      engine,
      employees: num(args.employees, 1_000_000),
      connections: num(args.connections, 1000),
      threads: num(args.threads, 1),
      sqliteSync,
      ...(args['inflight-max'] ? { inflightMax: num(args['inflight-max'], 0) } : {}),
      log,
    }),
  recap,
  memory: () => memory({ engine, employees: num(args.employees, 100_000), log }),
  reports: () =>
    reports({
      engine,
      employees: num(args.employees, 10_000),
      connections: num(args.connections, 100),
      durationSec: num(args.duration, 15),
      poolRate: num(args['pool-rate'], 20_000),
      month: args['report-month'] ?? '2026-11',
      sqliteSync,
      log,
    }),
  adms: () =>
    adms({
      engine,
      machines: num(args.machines, 500),
      perMachine: num(args['per-machine'], 20),
      backlogPeople: num(args['backlog-people'], 500),
      sqliteSync,
      log,
    }),
};

const scenario = SCENARIOS[args.scenario];
if (!scenario) throw new Error(`unknown --scenario ${args.scenario} (${Object.keys(SCENARIOS).join(', ')})`);
const doc = await scenario();
process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
const verification = doc['verification'] as { ok?: boolean } | undefined;
if (verification && !verification.ok) process.exitCode = 1;
