/**
 * `npm run test:crash [-- --engine sqlite|postgres|both --employees N --kills K --faults all|kill,postgres-restart,disk-full]`
 *
 * The promise behind "acknowledged": a load runs while the server process is killed with
 * SIGKILL at random moments and restarted each time. Clients behave like phones: a lost
 * answer means resending the same id. Afterwards every id that ever got a 2xx must be in
 * the database, and replaying every request ever sent must add no punch and get 2xx.
 * Prints "N passed, N failed" and exits non-zero on any failure.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/platform/db/engine.js';
import { migrateToLatest } from '../server/platform/db/migrate.js';
import { drive, type Punch } from './load-client.js';
import { ownPostgres } from './own-postgres.js';
import { freePort, startHadir, type Child } from './processes.js';
import { seedBench } from './seed.js';
import { createBenchDatabase, dropBenchDatabase, verifyStored } from './verify.js';
import { Workload } from './workload.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
    faults: { type: 'string', default: 'all' },
    employees: { type: 'string', default: '20000' },
    kills: { type: 'string', default: '6' },
    connections: { type: 'string', default: '64' },
  },
});
const engines = args.engine === 'both' ? (['sqlite', 'postgres'] as const) : ([args.engine] as const);
const employees = Number(args.employees);
const kills = Number(args.kills);
const connections = Number(args.connections);

function log(msg: string): void {
  process.stdout.write(`[crash] ${msg}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** An answer without its time anchor, which is fresh on every answer (the rest must repeat). */
function sansAnchor(body: string): string {
  try {
    const { anchor: _anchor, ...rest } = JSON.parse(body) as Record<string, unknown>;
    return JSON.stringify(rest);
  } catch {
    return body;
  }
}

async function crashRun(engine: string): Promise<Check[]> {
  if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`unknown engine ${engine}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hadir-crash-'));
  const databaseUrl = engine === 'postgres' ? await createBenchDatabase() : null;
  // The server takes HADIR_TOKEN_SECRET's characters as the key (server/config.ts).
  const secretText = randomBytes(32).toString('hex');
  const secret = Buffer.from(secretText, 'utf8');
  let server: Child | null = null;
  try {
    const h = openDatabase({ databaseUrl, dataDir });
    await migrateToLatest(h);
    const seed = await seedBench(h.db, employees);
    await h.close();
    const work = new Workload(seed, secret, Date.now());
    const env: Record<string, string> = {
      HADIR_DATA_DIR: dataDir,
      HADIR_TOKEN_SECRET: secretText,
      HADIR_ACCESS_TOKEN_TTL: String(Workload.TOKEN_TTL_SEC),
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    };
    const port = await freePort();
    server = await startHadir(env, port);
    const origin = server.origin;

    const sent = new Map<string, Punch>();
    const firstAnswer = new Map<string, string>();
    let up = true;
    let producing = true;
    let i = 0;
    const load = drive({
      origin,
      connections,
      next: () => {
        if (!producing) return undefined;
        if (!up) return null;
        const p = work.punch(i++ % employees, Date.now());
        sent.set(p.id, p);
        return p;
      },
      onAnswer: (p, o) => {
        if (o.status >= 200 && o.status < 300 && !firstAnswer.has(p.id))
          firstAnswer.set(p.id, sansAnchor(o.body));
      },
    });

    for (let k = 1; k <= kills; k++) {
      await sleep(400 + Math.random() * 1600);
      const before = firstAnswer.size;
      up = false;
      await server.kill();
      log(`${engine}: kill ${k}/${kills} after ${before} acknowledged`);
      await sleep(100 + Math.random() * 300);
      server = await startHadir(env, port);
      up = true;
    }
    await sleep(1000);
    producing = false;
    const loadResult = await load;
    log(
      `${engine}: load done: ${JSON.stringify(loadResult.statusCounts)}, network errors ${loadResult.networkErrors}`,
    );

    const ackedIds = [...firstAnswer.keys()];
    const h2 = openDatabase({ databaseUrl, dataDir });
    const v1 = await verifyStored(h2.db, ackedIds);

    // Replay everything ever sent, as phones do after a lost answer.
    const all = [...sent.values()];
    let r = 0;
    const replayStatuses: Record<string, number> = {};
    const changed: string[] = [];
    const replay = await drive({
      origin,
      connections,
      next: () => all[r++],
      onAnswer: (p, o) => {
        replayStatuses[String(o.status)] = (replayStatuses[String(o.status)] ?? 0) + 1;
        const first = firstAnswer.get(p.id);
        if (first !== undefined && o.status < 300 && first !== sansAnchor(o.body)) changed.push(p.id);
      },
    });
    const v2 = await verifyStored(h2.db, ackedIds);
    await h2.close();

    const replayNon2xx = Object.entries(replayStatuses)
      .filter(([s]) => !s.startsWith('2'))
      .reduce((n, [, c]) => n + c, 0);
    return [
      {
        name: `${engine}: every acknowledged check-in survived ${kills} SIGKILLs`,
        ok: v1.ok && ackedIds.length > 0,
        detail: `${v1.acknowledgedAndStored}/${v1.distinctAcknowledged} acknowledged stored, ${v1.totalStored} rows`,
      },
      {
        name: `${engine}: replaying all ${all.length} requests added no punch`,
        ok: v2.totalStored === v1.totalStored && replay.acknowledged === all.length,
        detail: `rows ${v1.totalStored} → ${v2.totalStored}, replay answers ${JSON.stringify(replayStatuses)}`,
      },
      {
        name: `${engine}: every replay got 2xx with the first answer`,
        ok: replayNon2xx === 0 && changed.length === 0,
        detail: `${replayNon2xx} non-2xx, ${changed.length} answers differ from the first`,
      },
    ];
  } finally {
    if (server) await server.stop().catch(() => null);
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropBenchDatabase(databaseUrl);
  }
}

/** One fresh check-in sent alone while a fault lasts: what came back, and how fast. */
interface Probe {
  id: string;
  acked: boolean;
  /** 0: no answer within 20 s, or the connection failed. */
  status: number;
  code: string | null;
  retryAfter: string | null;
  ms: number;
}

/** Sends fresh check-ins one at a time for `forMs`, `gapMs` apart, each with a 20 s limit of its own. */
async function probeCheckIns(
  origin: string,
  forMs: number,
  gapMs: number,
  fresh: () => Punch,
): Promise<Probe[]> {
  const probes: Probe[] = [];
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    const p = fresh();
    const t0 = performance.now();
    try {
      const r = await fetch(`${origin}/api/v1/check-ins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${p.token}` },
        body: p.body,
        signal: AbortSignal.timeout(20_000),
      });
      const text = await r.text();
      let code: string | null = null;
      try {
        code = (JSON.parse(text) as { code?: string }).code ?? null;
      } catch {
        code = null; // not JSON: reported by status alone
      }
      probes.push({
        id: p.id,
        acked: r.status >= 200 && r.status < 300,
        status: r.status,
        code,
        retryAfter: r.headers.get('retry-after'),
        ms: performance.now() - t0,
      });
    } catch {
      probes.push({
        id: p.id,
        acked: false,
        status: 0,
        code: null,
        retryAfter: null,
        ms: performance.now() - t0,
      });
    }
    await sleep(gapMs);
  }
  return probes;
}

/**
 * PostgreSQL restarted under load, on a server of the test's own: while it is down new
 * check-ins must be refused quickly with 503 and Retry-After (never a hang), the server
 * must reconnect by itself, and nothing acknowledged may be lost.
 */
async function postgresRestartRun(): Promise<Check[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hadir-crash-'));
  const own = ownPostgres(await freePort());
  const secretText = randomBytes(32).toString('hex');
  const secret = Buffer.from(secretText, 'utf8');
  let server: Child | null = null;
  try {
    const h = openDatabase({ databaseUrl: own.url, dataDir });
    await migrateToLatest(h);
    const seed = await seedBench(h.db, employees);
    await h.close();
    const work = new Workload(seed, secret, Date.now());
    const env: Record<string, string> = {
      HADIR_DATA_DIR: dataDir,
      HADIR_TOKEN_SECRET: secretText,
      HADIR_ACCESS_TOKEN_TTL: String(Workload.TOKEN_TTL_SEC),
      DATABASE_URL: own.url,
    };
    server = await startHadir(env, await freePort());
    const origin = server.origin;
    const sent = new Map<string, Punch>();
    const acked = new Set<string>();
    let producing = true;
    let i = 0;
    let ackedAfterRestart = 0;
    let restarted = false;
    const load = drive({
      origin,
      connections,
      next: () => {
        if (!producing) return undefined;
        const p = work.punch(i++ % employees, Date.now());
        sent.set(p.id, p);
        return p;
      },
      onAnswer: (p, o) => {
        if (o.status >= 200 && o.status < 300 && !acked.has(p.id)) {
          acked.add(p.id);
          if (restarted) ackedAfterRestart++;
        }
      },
    });
    await sleep(1500);
    const before = acked.size;
    own.stop();
    log(`postgres restart: stopped PostgreSQL after ${before} acknowledged`);
    // Fresh check-ins while it is down, one at a time, each with a 20 s limit of its own.
    const probes = await probeCheckIns(origin, 4000, 200, () => {
      const p = work.punch(i++ % employees, Date.now());
      sent.set(p.id, p);
      return p;
    });
    for (const p of probes) if (p.acked) acked.add(p.id);
    own.start();
    restarted = true;
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
      // A server that died with the database would leave the load retrying forever.
      throw new Error(`the server exited while PostgreSQL was down:\n${server.stderr().slice(-3000)}`);
    }
    log(`postgres restart: PostgreSQL is back; ${probes.length} check-ins sent while it was down`);
    await sleep(4000);
    producing = false;
    const loadResult = await load;
    log(`postgres restart: load done: ${JSON.stringify(loadResult.statusCounts)}`);
    const h2 = openDatabase({ databaseUrl: own.url, dataDir });
    const ackedIds = [...acked];
    const v1 = await verifyStored(h2.db, ackedIds);
    const all = [...sent.values()];
    let r = 0;
    const replay = await drive({ origin, connections, next: () => all[r++] });
    const v2 = await verifyStored(h2.db, ackedIds);
    // Once everything was resent, every id ever sent is stored, once.
    const v3 = await verifyStored(
      h2.db,
      all.map((p) => p.id),
    );
    await h2.close();
    const refusedFast = probes.filter((p) => p.status === 503 && Number(p.retryAfter) > 0);
    const slowest = Math.max(...probes.map((p) => p.ms));
    const statuses: Record<string, number> = {};
    for (const p of probes) statuses[String(p.status)] = (statuses[String(p.status)] ?? 0) + 1;
    return [
      {
        name: 'postgres restart: check-ins while PostgreSQL is down get 503 with Retry-After, never a hang',
        ok:
          probes.length > 0 &&
          refusedFast.length === probes.filter((p) => p.status < 200 || p.status >= 300).length &&
          probes.every((p) => p.status !== 0) &&
          slowest < 20_000,
        detail: `answers ${JSON.stringify(statuses)}, slowest ${Math.round(slowest)} ms`,
      },
      {
        name: 'postgres restart: the server reconnects by itself and acknowledges again',
        ok: ackedAfterRestart > 0,
        detail: `${ackedAfterRestart} acknowledged after the restart`,
      },
      {
        name: 'postgres restart: every acknowledged check-in is stored; resending everything stores each id once',
        ok: v1.ok && v2.ok && v3.ok && replay.acknowledged === all.length && v3.totalStored === all.length,
        detail: `${v1.acknowledgedAndStored}/${v1.distinctAcknowledged} acknowledged stored; after resending ${all.length}: ${v3.totalStored} rows`,
      },
    ];
  } finally {
    if (server) await server.stop().catch(() => null);
    rmSync(dataDir, { recursive: true, force: true });
    own.destroy();
  }
}

/**
 * The disk fills up under load (SQLite on a small tmpfs of its own): check-ins must be
 * refused quickly with 503 storage_full and Retry-After, nothing acknowledged may be lost,
 * and once space is freed the server must store again without a restart. Mounting needs
 * root (as on the CI machines); without it the check fails saying so.
 */
async function diskFullRun(): Promise<Check[]> {
  const name = 'sqlite disk full';
  if (process.getuid?.() !== 0) {
    return [
      {
        name,
        ok: false,
        detail: 'needs root to mount a small tmpfs; run as root or pass --faults kill,postgres-restart',
      },
    ];
  }
  const dir = mkdtempSync(join(tmpdir(), 'hadir-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir]);
  const secretText = randomBytes(32).toString('hex');
  const secret = Buffer.from(secretText, 'utf8');
  let server: Child | null = null;
  const filler = join(dir, 'filler');
  try {
    const people = Math.min(employees, 2000);
    const h = openDatabase({ databaseUrl: null, dataDir: dir });
    await migrateToLatest(h);
    const seed = await seedBench(h.db, people);
    await h.close();
    const work = new Workload(seed, secret, Date.now());
    const env: Record<string, string> = {
      HADIR_DATA_DIR: dir,
      HADIR_TOKEN_SECRET: secretText,
      HADIR_ACCESS_TOKEN_TTL: String(Workload.TOKEN_TTL_SEC),
    };
    server = await startHadir(env, await freePort());
    const origin = server.origin;
    const sent = new Map<string, Punch>();
    const acked = new Set<string>();
    let producing = true;
    let i = 0;
    let full = false;
    let ackedAfterFreed = 0;
    let freed = false;
    const load = drive({
      origin,
      connections: 16,
      next: () => {
        if (!producing) return undefined;
        const p = work.punch(i++ % people, Date.now());
        sent.set(p.id, p);
        return p;
      },
      onAnswer: (p, o) => {
        if (o.status >= 200 && o.status < 300 && !acked.has(p.id)) {
          acked.add(p.id);
          if (freed) ackedAfterFreed++;
        }
      },
    });
    await sleep(1500);
    // Fill the file system to the last byte.
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(1 << 20);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      full = true;
    } finally {
      closeSync(fd);
    }
    log(`${name}: the disk is full after ${acked.size} acknowledged`);
    await sleep(1000);
    const probes = await probeCheckIns(origin, 3000, 150, () => {
      const p = work.punch(i++ % people, Date.now());
      sent.set(p.id, p);
      return p;
    });
    for (const p of probes) if (p.acked) acked.add(p.id);
    rmSync(filler);
    freed = true;
    log(`${name}: space freed; ${probes.length} check-ins sent while it was full`);
    await sleep(4000);
    producing = false;
    await load;
    await server.stop();
    server = null;
    const h2 = openDatabase({ databaseUrl: null, dataDir: dir });
    const v1 = await verifyStored(h2.db, [...acked]);
    await h2.close();
    const statuses: Record<string, number> = {};
    for (const p of probes) {
      const k = `${p.status}${p.code ? ` ${p.code}` : ''}`;
      statuses[k] = (statuses[k] ?? 0) + 1;
    }
    const refusals = probes.filter((p) => p.status < 200 || p.status >= 300);
    const slowest = Math.max(...probes.map((p) => p.ms));
    return [
      {
        name: `${name}: check-ins get 503 storage_full with Retry-After, never a hang or a 500`,
        ok:
          full &&
          refusals.length > 0 &&
          refusals.every((p) => p.status === 503 && p.code === 'storage_full' && Number(p.retryAfter) > 0) &&
          slowest < 20_000,
        detail: `answers ${JSON.stringify(statuses)}, slowest ${Math.round(slowest)} ms`,
      },
      {
        name: `${name}: once space is freed the server stores again, without a restart`,
        ok: ackedAfterFreed > 0,
        detail: `${ackedAfterFreed} acknowledged after the space was freed`,
      },
      {
        name: `${name}: every acknowledged check-in is stored`,
        ok: v1.ok && acked.size > 0,
        detail: `${v1.acknowledgedAndStored}/${v1.distinctAcknowledged} acknowledged stored`,
      },
    ];
  } finally {
    if (server) await server.kill();
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const checks: Check[] = [];
const faults = args.faults.split(',');
const want = (f: string) => faults.includes('all') || faults.includes(f);
if (want('kill')) {
  for (const engine of engines) {
    log(`${engine}: ${employees} employees, ${kills} kills, ${connections} connections`);
    checks.push(...(await crashRun(engine)));
  }
}
if (want('postgres-restart') && engines.includes('postgres')) {
  checks.push(...(await postgresRestartRun()));
}
if (want('disk-full') && engines.includes('sqlite')) {
  checks.push(...(await diskFullRun()));
}
for (const c of checks) log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name} (${c.detail})`);
const failed = checks.filter((c) => !c.ok).length;
process.stdout.write(`${checks.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
