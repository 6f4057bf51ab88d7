/**
 * `npm run test:crash [-- --engine sqlite|postgres|both --employees N --kills K]`
 *
 * The promise behind "acknowledged": a load runs while the server process is killed with
 * SIGKILL at random moments and restarted each time. Clients behave like phones: a lost
 * answer means resending the same id. Afterwards every id that ever got a 2xx must be in
 * the database, and replaying every request ever sent must add no punch and get 2xx.
 * Prints "N passed, N failed" and exits non-zero on any failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../server/platform/db/engine.js';
import { migrateToLatest } from '../server/platform/db/migrate.js';
import { drive, type Punch } from './load-client.js';
import { freePort, startHadir, type Child } from './processes.js';
import { seedBench } from './seed.js';
import { createBenchDatabase, dropBenchDatabase, verifyStored } from './verify.js';
import { Workload } from './workload.js';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'both' },
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

const checks: Check[] = [];
for (const engine of engines) {
  log(`${engine}: ${employees} employees, ${kills} kills, ${connections} connections`);
  checks.push(...(await crashRun(engine)));
}
for (const c of checks) log(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name} (${c.detail})`);
const failed = checks.filter((c) => !c.ok).length;
process.stdout.write(`${checks.length - failed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
