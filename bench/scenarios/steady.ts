/**
 * The steady scenario: the check-in path at its limit against the bare Fastify ceiling,
 * with the same generator, the same requests and the same machine, in one run.
 *
 * 1. Seed the regency; mint tokens, anchors and device-signed captures for every request
 *    of the run (distinct ids, employees in turn) into pool files — before any clock.
 * 2. Start the bare endpoint and Hadir (at its defaults, its log kept in a file), warm
 *    both up, then measure them interleaved: bare, Hadir, bare, Hadir… each round with
 *    wrk replaying the same slice of the pool to both.
 * 3. Stop, and check against the database that every acknowledged id is stored, once.
 *
 * `processes` > 1 (PostgreSQL only): that many Hadir processes against the one database,
 * and as many bare ones, each process with its own wrk (the connections shared out
 * between them) replaying its own slice of the pool: the scale-out path, no balancer in
 * between (a balancer would spend the same cores).
 *
 * `netns`: the same on three hosts made as network namespaces (bench/netns.ts): the server
 * processes (and the bare ones) on one, a PostgreSQL of the run's own on another, the
 * load generator on the machine itself, every request and query crossing veth links.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { uuidV7 } from '../../core/uuid.js';
import { summariseProfile, newestProfile } from '../profile-summary.js';
import { makeHosts, type Hosts } from '../netns.js';
import { ownPostgres, type OwnPostgres } from '../own-postgres.js';
import { freePort, startBare, startHadir, type Child } from '../processes.js';
import { prepare, type Engine } from '../prepare.js';
import { verifyStored } from '../verify.js';
import { Workload } from '../workload.js';
import { ensureWrk, mergeWrk, runWrk, writePool, type WrkResult } from '../wrk.js';
import { postgresCpuSec, processCpuSec } from '../cpu.js';

export interface SteadyOptions {
  engine: Engine;
  employees: number;
  connections: number;
  durationSec: number;
  rounds: number;
  /** Requests generated per second of each round (more than either server can answer). */
  poolRate: number;
  threads: number;
  /** Server processes (and bare ones) measured side by side; more than 1 needs PostgreSQL. */
  processes: number;
  /** Servers, PostgreSQL and the generator on three network-namespace hosts (PostgreSQL only). */
  netns?: boolean;
  sqliteSync: 'full' | 'normal';
  profileDir?: string;
  log: (msg: string) => void;
}

const WARMUP_SEC = 3;

interface Side {
  rounds: (WrkResult & { serverCpuUsPerRequest: number | null; databaseCpuUsPerRequest: number | null })[];
}

function summarise(side: Side) {
  const r = side.rounds;
  const mean = (f: (x: (typeof r)[number]) => number | null): number | null => {
    const v = r.map(f).filter((x): x is number => x !== null);
    return v.length ? Number((v.reduce((a, b) => a + b, 0) / v.length).toFixed(1)) : null;
  };
  const non2xx: Record<string, number> = {};
  for (const x of r) for (const [k, v] of Object.entries(x.non2xx)) non2xx[k] = (non2xx[k] ?? 0) + v;
  return {
    requestsPerSec: Math.round(mean((x) => x.requestsPerSec) ?? 0),
    // The worst round's figures: a run is as good as its worst round.
    latencyMs: {
      p50: Math.max(...r.map((x) => x.latencyMs.p50)),
      p90: Math.max(...r.map((x) => x.latencyMs.p90)),
      p99: Math.max(...r.map((x) => x.latencyMs.p99)),
      max: Math.max(...r.map((x) => x.latencyMs.max)),
    },
    non2xx,
    socketErrors: r.reduce(
      (n, x) => n + x.socketErrors.connect + x.socketErrors.read + x.socketErrors.write,
      0,
    ),
    timeouts: r.reduce((n, x) => n + x.socketErrors.timeout, 0),
    serverCpuUsPerRequest: mean((x) => x.serverCpuUsPerRequest),
    databaseCpuUsPerRequest: mean((x) => x.databaseCpuUsPerRequest),
    generator: {
      usPerRequest: mean((x) => x.generator.usPerRequest),
      coresPer10kRps: Number((mean((x) => x.generator.coresPer10kRps * 1000) ?? 0) / 1000),
    },
    poolExhausted: r.some((x) => x.statuses['exhausted'] !== undefined),
    perRound: r.map((x) => ({
      requestsPerSec: x.requestsPerSec,
      latencyMs: x.latencyMs,
      non2xx: x.non2xx,
      serverCpuUsPerRequest: x.serverCpuUsPerRequest,
      generatorUsPerRequest: x.generator.usPerRequest,
    })),
  };
}

export async function steady(o: SteadyOptions): Promise<Record<string, unknown>> {
  if (o.processes > 1 && o.engine !== 'postgres')
    throw new Error('--processes above 1 needs --engine postgres: SQLite is for one process');
  if (o.netns && o.engine !== 'postgres') throw new Error('--netns needs --engine postgres');
  ensureWrk(o.log);
  let hosts: Hosts | null = null;
  let database: OwnPostgres | null = null;
  const benchUrl = process.env['BENCH_DATABASE_URL'];
  if (o.netns) {
    hosts = makeHosts();
    database = ownPostgres(5432, { netns: hosts.db.netns, listen: hosts.db.ip, allow: '10.88.0.0/24' });
    process.env['BENCH_DATABASE_URL'] = database.url;
    o.log(`hosts: generator ${hosts.client}, servers ${hosts.app.ip}, PostgreSQL ${hosts.db.ip}`);
  }
  const cleanHosts = () => {
    if (benchUrl === undefined) delete process.env['BENCH_DATABASE_URL'];
    else process.env['BENCH_DATABASE_URL'] = benchUrl;
    database?.destroy();
    hosts?.destroy();
  };
  let p: Awaited<ReturnType<typeof prepare>>;
  try {
    p = await prepare({ engine: o.engine, employees: o.employees, sqliteSync: o.sqliteSync, log: o.log });
  } catch (err) {
    cleanHosts();
    throw err;
  }
  const where = hosts ? { ip: hosts.app.ip, netns: hosts.app.netns } : undefined;
  const n = o.processes;
  let bares: Child[] = [];
  let hadirs: Child[] = [];
  try {
    const work = new Workload(p.seed, p.secret, Date.now(), Workload.DEFAULT_TOKEN_TTL_SEC);
    // Slices: 0 is the warm-up, 1… the rounds. Thread t of slice k reads pool-k.t.
    const perRound = Math.ceil(o.poolRate * o.durationSec);
    const perWarmup = Math.ceil(o.poolRate * WARMUP_SEC);
    const t0 = performance.now();
    let next = 0;
    let poolBytes = 0;
    const make = () => {
      const i = next++;
      const e = i % o.employees;
      const id = uuidV7(Date.now(), randomBytes(10));
      return { token: work.token(e), body: work.body(e, id, Date.now()) };
    };
    // Process i of slice k reads pool-k-i; its thread t, pool-k-i.t.
    for (let k = 0; k <= o.rounds; k++) {
      const size = Math.ceil((k === 0 ? perWarmup : perRound) / n);
      for (let i = 0; i < n; i++)
        for (let t = 0; t < o.threads; t++) {
          const count = Math.ceil(size / o.threads);
          poolBytes += writePool(join(p.dataDir, `pool-${k}-${i}.${t}`), 0, count, make);
        }
    }
    const generated = next;
    const generateSec = (performance.now() - t0) / 1000;
    o.log(
      `generated ${generated} signed check-ins (${(poolBytes / 2 ** 20).toFixed(0)} MiB) in ${generateSec.toFixed(1)} s`,
    );

    for (let i = 0; i < n; i++) bares.push(await startBare(await freePort(), where));
    const logFile = join(p.dataDir, 'hadir.log');
    const nodeArgs = o.profileDir && n === 1 ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
    for (let i = 0; i < n; i++)
      hadirs.push(await startHadir(p.env, await freePort(), nodeArgs, logFile, where));

    const cpuOf = (targets: readonly Child[]) => {
      const each = targets.map((t) => processCpuSec(t.proc.pid));
      return each.some((c) => c === null) ? null : each.reduce((a, b) => a! + b!, 0);
    };
    const run = async (targets: readonly Child[], k: number, durationSec: number, record: boolean) => {
      const cpu0 = cpuOf(targets);
      const db0 = o.engine === 'postgres' ? postgresCpuSec() : null;
      const from = process.hrtime.bigint();
      const r = mergeWrk(
        await Promise.all(
          targets.map((target, i) =>
            runWrk({
              origin: target.origin,
              pool: join(p.dataDir, `pool-${k}-${i}`),
              out: join(p.dataDir, `wrk-${record ? 'hadir' : 'bare'}-${k}-${i}`),
              record,
              connections: Math.ceil(o.connections / targets.length),
              threads: o.threads,
              durationSec,
            }),
          ),
        ),
      );
      const to = process.hrtime.bigint();
      const cpu1 = cpuOf(targets);
      const db1 = o.engine === 'postgres' ? postgresCpuSec() : null;
      const per = (a: number | null, b: number | null) =>
        a === null || b === null || r.requests === 0
          ? null
          : Number((((b - a) * 1e6) / r.requests).toFixed(1));
      return {
        ...r,
        serverCpuUsPerRequest: per(cpu0, cpu1),
        databaseCpuUsPerRequest: per(db0, db1),
        window: { fromUs: Number(from / 1000n), toUs: Number(to / 1000n) },
      };
    };

    o.log('warming up both servers');
    await run(bares, 0, WARMUP_SEC, false);
    const warm = await run(hadirs, 0, WARMUP_SEC, true);
    const acked: string[] = [...warm.acked];
    const sides: { bare: Side; hadir: Side } = { bare: { rounds: [] }, hadir: { rounds: [] } };
    const windows: { fromUs: number; toUs: number; requests: number }[] = [];
    for (let k = 1; k <= o.rounds; k++) {
      o.log(`round ${k}/${o.rounds}: bare`);
      sides.bare.rounds.push(await run(bares, k, o.durationSec, false));
      o.log(`round ${k}/${o.rounds}: Hadir`);
      const h = await run(hadirs, k, o.durationSec, true);
      sides.hadir.rounds.push(h);
      acked.push(...h.acked);
      windows.push({ ...h.window, requests: h.requests });
      o.log(
        `  bare ${sides.bare.rounds.at(-1)?.requestsPerSec} req/s, Hadir ${h.requestsPerSec} req/s, p99 ${h.latencyMs.p99} ms`,
      );
    }
    const peakRssMiB = Math.max(...hadirs.map((h) => h.peakRssMiB() ?? 0)) || null;
    for (const b of bares) await b.stop();
    bares = [];
    for (const h of hadirs) await h.stop();
    hadirs = [];

    const handle = p.open();
    let verification;
    try {
      verification = await verifyStored(handle.db, acked);
    } finally {
      await handle.close();
    }
    const b = summarise(sides.bare);
    const h = summarise(sides.hadir);
    const logBytes = statSync(logFile, { throwIfNoEntry: false })?.size ?? 0;
    const hadirRequests = sides.hadir.rounds.reduce((n, x) => n + x.requests, 0) + warm.requests;
    let profile: Record<string, unknown> | undefined;
    if (o.profileDir) {
      const file = newestProfile(o.profileDir);
      if (file) profile = { file, ...summariseProfile(file, { windows, top: 25 }) };
    }
    return {
      scenario: 'steady',
      engine: o.engine,
      settings: {
        server: 'defaults',
        ...(o.engine === 'sqlite' ? { sqliteSync: o.sqliteSync } : { synchronousCommit: 'on' }),
        logLevel: 'info (default), log kept in a file',
      },
      employees: o.employees,
      connections: o.connections,
      processes: n,
      ...(hosts && {
        hosts: {
          generator: hosts.client,
          servers: hosts.app.ip,
          postgres: `${hosts.db.ip} (a server of the run's own: initdb defaults, fsync and synchronous_commit on)`,
          links: 'veth pairs on one bridge, network namespaces of this machine',
        },
      }),
      durationSec: o.durationSec,
      rounds: o.rounds,
      generator: {
        tool: 'wrk + bench/replay.lua',
        threads: o.threads,
        pregenerated: generated,
        pregenerateSec: Number(generateSec.toFixed(1)),
        requestBytes: Math.round(poolBytes / generated) - 8,
      },
      seedSeconds: p.seedSeconds,
      ratio: Number((h.requestsPerSec / b.requestsPerSec).toFixed(3)),
      ratioPerRound: sides.hadir.rounds.map((x, i) =>
        Number((x.requestsPerSec / (sides.bare.rounds[i]?.requestsPerSec ?? Infinity)).toFixed(3)),
      ),
      hadir: h,
      bare: b,
      logBytesPerCheckIn: Number((logBytes / Math.max(1, hadirRequests)).toFixed(2)),
      peakRssMiB,
      ...(profile ? { profile } : {}),
      verification,
    };
  } finally {
    for (const b of bares) await b.kill();
    for (const h of hadirs) await h.kill();
    await p.cleanup();
    cleanHosts();
  }
}
