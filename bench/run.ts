/**
 * `npm run bench [-- options]`: measures the check-in path against the ceiling of a bare
 * Fastify POST endpoint in the same run, and prints one JSON document.
 *
 *   --scenario steady|burst|recap   steady: autocannon for a fixed time (default); burst: one
 *                             check-in for each of --employees employees, retried on 503
 *   --engine sqlite|postgres  default sqlite (PostgreSQL from BENCH_DATABASE_URL or
 *                             postgres://postgres@127.0.0.1:5432/test: a fresh database is made)
 *   --employees N             default 100000 (burst: 1000000)
 *   --connections C           default 100 (burst: 1000 phones at once)
 *   --duration S              seconds of load per measurement, default 15
 *   --sqlite-sync full|normal default full
 *   --month YYYY-MM           recap: the month to generate and recap (default 2026-03;
 *                             the recap scenario defaults to 10000 employees, see bench/recap.ts)
 *   --profile DIR             write the server's CPU profile (node --cpu-prof) into DIR;
 *                             summarise it with `node dist/bench/profile-summary.js DIR/*.cpuprofile`
 *   --inflight-max N          the server's HADIR_INFLIGHT_MAX (burst default 256, so that a
 *                             crowd larger than the bound meets 503s and retries)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { uuidV7 } from '../core/uuid.js';
import { openDatabase, type DbHandle } from '../server/platform/db/engine.js';
import { migrateToLatest } from '../server/platform/db/migrate.js';
import { drive } from './load-client.js';
import { freePort, startBare, startHadir, type Child } from './processes.js';
import { runRecapBench } from './recap.js';
import { seedBench, type BenchSeed } from './seed.js';
import { createBenchDatabase, dropBenchDatabase, verifyStored } from './verify.js';
import { Workload } from './workload.js';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'steady' },
    engine: { type: 'string', default: 'sqlite' },
    employees: { type: 'string' },
    connections: { type: 'string' },
    duration: { type: 'string', default: '15' },
    'sqlite-sync': { type: 'string', default: 'full' },
    'inflight-max': { type: 'string' },
    month: { type: 'string', default: '2026-03' },
    profile: { type: 'string' },
  },
});

const scenario = args.scenario;
const engine = args.engine;
if (scenario !== 'steady' && scenario !== 'burst' && scenario !== 'recap')
  throw new Error(`unknown --scenario ${scenario}`);
if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`unknown --engine ${engine}`);
const employees = Number(
  args.employees ?? (scenario === 'burst' ? 1_000_000 : scenario === 'recap' ? 10_000 : 100_000),
);
const connections = Number(args.connections ?? (scenario === 'burst' ? 1000 : 100));
const inflightMax = args['inflight-max'] ?? (scenario === 'burst' ? '256' : undefined);
const duration = Number(args.duration);
const sqliteSync = args['sqlite-sync'] === 'normal' ? 'normal' : 'full';

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

interface Measured {
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  non2xx: Record<string, number>;
  total: number;
}

/** Runs autocannon against `origin` with a fresh punch per request. */
async function hammer(
  origin: string,
  work: Workload,
  count: number,
  onAck?: (id: string) => void,
): Promise<Measured> {
  let next = 0;
  const statuses: Record<string, number> = {};
  const result = await autocannon({
    url: origin,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/check-ins',
        setupRequest: (req, ctx: object) => {
          const context = ctx as Record<string, unknown>;
          const i = next++ % count;
          const id = uuidV7(Date.now(), randomBytes(10));
          context['id'] = id;
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${work.token(i)}` },
            body: work.body(i, id, Date.now()),
          };
        },
        onResponse: (status: number, _body: string, ctx: object) => {
          const context = ctx as Record<string, unknown>;
          if (status >= 200 && status < 300) onAck?.(context['id'] as string);
          else statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        },
      },
    ],
  });
  return {
    requestsPerSec: Math.round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: statuses,
    total: result.requests.total,
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hadir-bench-'));
  // The server takes HADIR_TOKEN_SECRET's characters as the key (server/config.ts).
  const secretText = randomBytes(32).toString('hex');
  const secret = Buffer.from(secretText, 'utf8');
  const databaseUrl = engine === 'postgres' ? await createBenchDatabase() : null;
  let server: Child | null = null;
  let handle: DbHandle | null = null;
  try {
    log(`seeding ${employees} employees on ${engine}`);
    const t0 = performance.now();
    handle = openDatabase({ databaseUrl, dataDir, sqliteSync });
    await migrateToLatest(handle);
    const seed: BenchSeed = await seedBench(handle.db, employees);
    await handle.close();
    handle = null;
    const seedSeconds = (performance.now() - t0) / 1000;
    const work = new Workload(seed, secret, Date.now());

    const env: Record<string, string> = {
      HADIR_DATA_DIR: dataDir,
      HADIR_TOKEN_SECRET: secretText,
      HADIR_ACCESS_TOKEN_TTL: String(Workload.TOKEN_TTL_SEC),
      HADIR_SQLITE_SYNC: sqliteSync,
      ...(inflightMax ? { HADIR_INFLIGHT_MAX: inflightMax } : {}),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };

    if (scenario === 'steady') {
      log('measuring the ceiling: bare Fastify POST');
      const bare = await startBare(await freePort());
      const ceiling = await hammer(bare.origin, work, employees);
      await bare.stop();

      log('measuring check-ins');
      const nodeArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
      server = await startHadir(env, await freePort(), nodeArgs);
      const acked: string[] = [];
      const measured = await hammer(server.origin, work, employees, (id) => acked.push(id));
      const peakRssMiB = server.peakRssMiB();
      await server.stop();
      server = null;

      handle = openDatabase({ databaseUrl, dataDir, sqliteSync });
      const verification = await verifyStored(handle.db, acked);
      const doc = {
        scenario,
        engine,
        sqliteSync: engine === 'sqlite' ? sqliteSync : undefined,
        employees,
        connections,
        durationSec: duration,
        seedSeconds: Number(seedSeconds.toFixed(1)),
        checkInsPerSec: measured.requestsPerSec,
        latencyMs: measured.latencyMs,
        non2xx: measured.non2xx,
        ceiling: { requestsPerSec: ceiling.requestsPerSec, latencyMs: ceiling.latencyMs },
        ratio: Number((measured.requestsPerSec / ceiling.requestsPerSec).toFixed(3)),
        peakRssMiB,
        verification,
      };
      process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
      if (!verification.ok) process.exitCode = 1;
    } else {
      server = await startHadir(env, await freePort());
      log(`burst: one check-in for each of ${employees} employees`);
      let i = 0;
      const acked: string[] = [];
      const burst = await drive({
        origin: server.origin,
        connections,
        next: () => (i < employees ? work.punch(i++, Date.now()) : undefined),
        onAnswer: (p, o) => {
          if (o.status >= 200 && o.status < 300) acked.push(p.id);
        },
      });
      const peakRssMiB = server.peakRssMiB();
      await server.stop();
      server = null;
      handle = openDatabase({ databaseUrl, dataDir, sqliteSync });
      const verification = await verifyStored(handle.db, acked, employees);
      const doc = {
        scenario,
        engine,
        employees,
        connections,
        inflightMax: Number(inflightMax),
        seedSeconds: Number(seedSeconds.toFixed(1)),
        secondsToAbsorbAll: Number((burst.elapsedMs / 1000).toFixed(1)),
        checkInsPerSec: Math.round(burst.acknowledged / (burst.elapsedMs / 1000)),
        requests: burst.requests,
        status: burst.statusCounts,
        refused503: burst.statusCounts['503'] ?? 0,
        networkErrors: burst.networkErrors,
        failedForGood: burst.refused + burst.abandoned,
        peakRssMiB,
        verification,
      };
      process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
      if (!verification.ok || burst.acknowledged !== employees) process.exitCode = 1;
    }
  } finally {
    if (server) await server.kill();
    if (handle) await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropBenchDatabase(databaseUrl);
  }
}

/** The monthly recap scenario (bench/recap.ts): no server, the recap as the API computes it. */
async function recapMain(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hadir-bench-'));
  const databaseUrl = engine === 'postgres' ? await createBenchDatabase() : null;
  const handle = openDatabase({ databaseUrl, dataDir, sqliteSync });
  try {
    await migrateToLatest(handle);
    const doc = await runRecapBench(handle, { employees, month: args.month, log });
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropBenchDatabase(databaseUrl);
  }
}

await (scenario === 'recap' ? recapMain() : main());
