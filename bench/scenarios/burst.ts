/**
 * The burst: the window opens and every employee checks in once. One signed check-in per
 * employee is generated before the clock starts; wrk replays them all through
 * `connections` connections at once. A check-in without a 2xx answer (503 server_busy,
 * a lost connection, the answer still in flight when the pool ran out) is resent with the
 * same id in the next pass, after a second's wait (the least Retry-After the server
 * advises), as the phone does — until every one is acknowledged. Then the database must
 * hold exactly one punch per employee.
 */
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { uuidV7 } from '../../core/uuid.js';
import { freePort, startHadir, type Child } from '../processes.js';
import { prepare, type Engine } from '../prepare.js';
import { verifyStored } from '../verify.js';
import { Workload } from '../workload.js';
import { ensureWrk, runWrk, writePool } from '../wrk.js';
import { processCpuSec } from '../cpu.js';

export interface BurstOptions {
  engine: Engine;
  employees: number;
  connections: number;
  threads: number;
  sqliteSync: 'full' | 'normal';
  /** The server's HADIR_INFLIGHT_MAX; unset keeps Hadir's default. */
  inflightMax?: number;
  log: (msg: string) => void;
}

const MAX_PASSES = 50;

/** The id inside a pool record's body: the body is `{"id":"<36 characters>",…`. */
function idOf(record: Buffer): string {
  const at = record.indexOf('\r\n\r\n') + 4;
  return record.toString('latin1', at + 7, at + 43);
}

/** Calls `fn` with every record of a pool file. */
function eachRecord(file: string, fn: (record: Buffer) => void): void {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const head = Buffer.alloc(8);
    for (let pos = 0; pos < size;) {
      readSync(fd, head, 0, 8, pos);
      const n = parseInt(head.toString('latin1'), 16);
      const rec = Buffer.alloc(n);
      readSync(fd, rec, 0, n, pos + 8);
      fn(rec);
      pos += 8 + n;
    }
  } finally {
    closeSync(fd);
  }
}

export async function burst(o: BurstOptions): Promise<Record<string, unknown>> {
  ensureWrk(o.log);
  const extra: Record<string, string> = o.inflightMax ? { HADIR_INFLIGHT_MAX: String(o.inflightMax) } : {};
  const p = await prepare({
    engine: o.engine,
    employees: o.employees,
    sqliteSync: o.sqliteSync,
    log: o.log,
    env: extra,
  });
  let server: Child | null = null;
  try {
    const work = new Workload(p.seed, p.secret, Date.now(), Workload.DEFAULT_TOKEN_TTL_SEC);
    const t0 = performance.now();
    const per = Math.ceil(o.employees / o.threads);
    for (let t = 0; t < o.threads; t++) {
      const from = t * per;
      writePool(join(p.dataDir, `pass-1.${t}`), from, Math.min(o.employees, from + per), (i) => {
        const id = uuidV7(Date.now(), randomBytes(10));
        return { token: work.token(i), body: work.body(i, id, Date.now()) };
      });
    }
    const generateSec = (performance.now() - t0) / 1000;
    o.log(`generated ${o.employees} signed check-ins in ${generateSec.toFixed(1)} s`);

    server = await startHadir(p.env, await freePort(), [], join(p.dataDir, 'hadir.log'));
    const rssAtStartMiB = server.peakRssMiB();
    const cpu0 = processCpuSec(server.proc.pid);
    o.log(`burst: one check-in for each of ${o.employees} employees, ${o.connections} connections`);
    const acked = new Set<string>();
    const statuses: Record<string, number> = {};
    const passes: {
      sent: number;
      acknowledged: number;
      seconds: number;
      non2xx: Record<string, number>;
      socketErrors: Record<string, number>;
    }[] = [];
    let toSend = o.employees;
    const started = performance.now();
    for (let pass = 1; toSend > 0; pass++) {
      if (pass > MAX_PASSES)
        throw new Error(`${toSend} check-ins still unacknowledged after ${MAX_PASSES} passes`);
      const pt = performance.now();
      const r = await runWrk({
        origin: server.origin,
        pool: join(p.dataDir, `pass-${pass}`),
        out: join(p.dataDir, `wrk-${pass}`),
        record: true,
        connections: Math.min(o.connections, Math.max(o.threads, toSend)),
        threads: o.threads,
        // Long enough for any pass: the pool running out ends it.
        durationSec: 3600,
      });
      let fresh = 0;
      for (const id of r.acked) {
        if (!acked.has(id)) fresh++;
        acked.add(id);
      }
      for (const [k, v] of Object.entries(r.statuses))
        if (k !== 'exhausted') statuses[k] = (statuses[k] ?? 0) + v;
      passes.push({
        sent: toSend,
        acknowledged: fresh,
        seconds: Number(((performance.now() - pt) / 1000).toFixed(1)),
        non2xx: r.non2xx,
        socketErrors: r.socketErrors,
      });
      o.log(
        `pass ${pass}: ${toSend} sent, ${fresh} acknowledged, ${JSON.stringify(r.non2xx)}, socket errors ${JSON.stringify(r.socketErrors)}`,
      );
      // The next pass: every check-in of this one still without an acknowledgement.
      let left = 0;
      const files = Array.from({ length: o.threads }, (_, t) =>
        openSync(join(p.dataDir, `pass-${pass + 1}.${t}`), 'w'),
      );
      try {
        for (let t = 0; t < o.threads; t++) {
          eachRecord(join(p.dataDir, `pass-${pass}.${t}`), (rec) => {
            if (acked.has(idOf(rec))) return;
            const fd = files[left % o.threads] as number;
            left++;
            // The record as it was: same id, same body, same signature.
            writeSync(fd, Buffer.from(rec.length.toString(16).padStart(8, '0'), 'latin1'));
            writeSync(fd, rec);
          });
        }
      } finally {
        for (const fd of files) closeSync(fd);
      }
      toSend = left;
      if (toSend > 0) await new Promise((r) => setTimeout(r, 1000));
    }
    const elapsedSec = (performance.now() - started) / 1000;
    const cpu1 = processCpuSec(server.proc.pid);
    const peakRssMiB = server.peakRssMiB();
    await server.stop();
    server = null;

    const handle = p.open();
    let verification;
    try {
      verification = await verifyStored(handle.db, [...acked], o.employees);
    } finally {
      await handle.close();
    }
    return {
      scenario: 'burst',
      engine: o.engine,
      settings: { server: o.inflightMax ? `defaults, HADIR_INFLIGHT_MAX=${o.inflightMax}` : 'defaults' },
      employees: o.employees,
      connections: o.connections,
      generator: {
        tool: 'wrk + bench/replay.lua',
        threads: o.threads,
        pregenerateSec: Number(generateSec.toFixed(1)),
      },
      seedSeconds: p.seedSeconds,
      secondsToAbsorbAll: Number(elapsedSec.toFixed(1)),
      checkInsPerSec: Math.round(o.employees / elapsedSec),
      passes,
      statuses,
      serverCpuUsPerCheckIn:
        cpu0 === null || cpu1 === null ? null : Number((((cpu1 - cpu0) * 1e6) / o.employees).toFixed(1)),
      rssAtStartMiB,
      peakRssMiB,
      verification,
    };
  } finally {
    if (server) await server.kill();
    await p.cleanup();
  }
}
