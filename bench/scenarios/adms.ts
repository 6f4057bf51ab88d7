/**
 * Fingerprint machines over ADMS (server/features/machines): two mornings a regency
 * meets.
 *
 * - backlog: one machine comes back after a week offline and uploads everything it
 *   stored, `--backlog-people` people × 2 presses × 7 days in one ATTLOG request (as the
 *   firmware does when the handshake's stamp is older than its log); then it sends the
 *   same batch again (a reset), which must store nothing.
 * - reconnect: `--machines` machines reconnect at once at 07:00 after the network came
 *   back: each does the handshake, uploads the morning of its `--per-machine` people
 *   and polls for commands, all concurrently, each request a raw HTTP/1.1 request over
 *   its own TCP connection as the firmware sends it (simulated-machine.ts). A machine
 *   answered 503 sends again after a second (real machines wait ErrorDelay, 30 s).
 *
 * The machines are registered and accepted and their PINs mapped in the database before
 * the server starts. Afterwards the database must hold exactly one punch per press.
 */
import { instantToMachineTime } from '../../core/machines/adms.js';
import type { Zone } from '../../core/model.js';
import {
  attLogLine,
  rawRequest,
  SimulatedMachine,
} from '../../server/features/machines/simulated-machine.js';
import type { RawAnswer } from '../../server/features/machines/simulated-machine.js';
import { processCpuSec } from '../cpu.js';
import { freePort, startHadir, type Child } from '../processes.js';
import { prepare, type Engine } from '../prepare.js';

export interface AdmsOptions {
  engine: Engine;
  machines: number;
  perMachine: number;
  backlogPeople: number;
  sqliteSync: 'full' | 'normal';
  log: (msg: string) => void;
}

const OPD = 20;
const DAY_MS = 86_400_000;

function quantiles(xs: number[]): { p50: number; p95: number; p99: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(s[s.length - 1] ?? 0) };
}

/** Sends until the server answers 200 (503: wait a second, as ErrorDelay says); counts the refusals. */
async function persist(send: () => Promise<RawAnswer>, refusals: { n: number }): Promise<RawAnswer> {
  for (;;) {
    const r = await send();
    if (r.status === 200) return r;
    if (r.status !== 503) throw new Error(`machine answered ${r.status}: ${r.body}`);
    refusals.n++;
    await new Promise((res) => setTimeout(res, 1000));
  }
}

export async function adms(o: AdmsOptions): Promise<Record<string, unknown>> {
  // Employee j of office k is seed index k + OPD·j; machines of office k take consecutive j.
  const slots = Math.ceil(o.machines / OPD);
  const employees = OPD * (slots * o.perMachine + o.backlogPeople);
  const p = await prepare({ engine: o.engine, employees, sqliteSync: o.sqliteSync, log: o.log });
  let server: Child | null = null;
  try {
    const seed = p.seed;
    const now = Date.now();
    interface Machine {
      serial: string;
      office: number;
      zone: Zone;
      /** Seed indexes of its people, PIN = position + 1. */
      people: number[];
    }
    const fleet: Machine[] = [];
    for (let m = 0; m < o.machines; m++) {
      const office = m % OPD;
      const slot = Math.floor(m / OPD);
      const people = Array.from({ length: o.perMachine }, (_, k) => office + OPD * (slot * o.perMachine + k));
      fleet.push({
        serial: `BENCH${String(m).padStart(5, '0')}`,
        office,
        zone: seed.offices[office]!.zone,
        people,
      });
    }
    const backlog: Machine = {
      serial: 'BENCHBACKLOG',
      office: 0,
      zone: seed.offices[0]!.zone,
      people: Array.from({ length: o.backlogPeople }, (_, k) => OPD * (slots * o.perMachine + k)),
    };

    o.log(`registering ${fleet.length + 1} machines and ${employees} PINs`);
    const h = p.open();
    try {
      await h.db.transaction().execute(async (trx) => {
        for (const m of [...fleet, backlog]) {
          const office = seed.offices[m.office]!;
          await trx
            .insertInto('machines')
            .values({
              serial: m.serial,
              status: 'active',
              label: m.serial,
              site_id: office.locationId,
              zone: office.zone,
              firmware: 'Ver 6.60 Apr 28 2017',
              push_version: '2.4.1',
              address: '127.0.0.1',
              first_seen_at: now - 30 * DAY_MS,
              last_contact_at: now - 7 * DAY_MS,
              drift_ms: null,
              drift_measured_at: null,
              accepted_at: now - 30 * DAY_MS,
              accepted_by: null,
            })
            .execute();
          const pins = m.people.map((i, k) => ({
            machine_serial: m.serial,
            site_id: null,
            pin: String(k + 1),
            employee_id: seed.firstEmployeeId + i,
            created_at: now - 30 * DAY_MS,
            created_by: null,
          }));
          for (let i = 0; i < pins.length; i += 1000) {
            await trx
              .insertInto('machine_pins')
              .values(pins.slice(i, i + 1000))
              .execute();
          }
        }
      });
    } finally {
      await h.close();
    }

    const port = await freePort();
    server = await startHadir(p.env, port);
    const cpu0 = processCpuSec(server.proc.pid);

    // ---- A week's backlog from one machine ---------------------------------------------
    // Arrival around 07:30 and leaving around 16:00 on each of the last 7 days, seconds apart per person.
    const week: string[] = [];
    const todayStart = now - ((now + 8 * 3_600_000) % DAY_MS);
    for (let d = 6; d >= 0; d--) {
      const day = todayStart - d * DAY_MS;
      backlog.people.forEach((_, k) => {
        const inAt = day + 7 * 3_600_000 + k * 3000;
        const outAt = day + 16 * 3_600_000 + k * 3000;
        for (const [at, status] of [
          [inAt, 0],
          [outAt, 1],
        ] as const) {
          if (at < now - 60_000 && now - at < 7 * DAY_MS - 3_600_000) {
            week.push(
              attLogLine({ pin: String(k + 1), time: instantToMachineTime(at, backlog.zone), status }),
            );
          }
        }
      });
    }
    const weekBody = week.join('\n') + '\n';
    const machine = new SimulatedMachine(server.origin, backlog.serial);
    await machine.handshake();
    const refusals = { n: 0 };
    o.log(`backlog: ${week.length} lines (${Math.round(weekBody.length / 1024)} KiB) in one upload`);
    let t0 = performance.now();
    const first = await persist(() => machine.uploadRaw(weekBody), refusals);
    const backlogMs = performance.now() - t0;
    t0 = performance.now();
    const replay = await persist(() => machine.uploadRaw(weekBody), refusals);
    const replayMs = performance.now() - t0;

    // ---- 500 machines reconnecting at 07:00 ---------------------------------------------
    o.log(`reconnect: ${fleet.length} machines, ${o.perMachine} presses each, all at once`);
    const sessions: number[] = [];
    const uploads: number[] = [];
    const reconnectRefusals = { n: 0 };
    t0 = performance.now();
    await Promise.all(
      fleet.map(async (m) => {
        const s0 = performance.now();
        const sim = new SimulatedMachine(server!.origin, m.serial);
        await persist(() => sim.handshake(), reconnectRefusals);
        const at0 = Date.now() - 40 * 60_000;
        const body =
          m.people
            .map((_, k) =>
              attLogLine({
                pin: String(k + 1),
                time: instantToMachineTime(at0 + k * 61_000, m.zone),
                status: 0,
              }),
            )
            .join('\n') + '\n';
        const u0 = performance.now();
        await persist(() => sim.uploadRaw(body), reconnectRefusals);
        uploads.push(performance.now() - u0);
        await persist(
          () => rawRequest(server!.origin, 'GET', `/iclock/getrequest?SN=${m.serial}`),
          reconnectRefusals,
        );
        sessions.push(performance.now() - s0);
      }),
    );
    const reconnectMs = performance.now() - t0;
    const cpu1 = processCpuSec(server.proc.pid);

    // ---- Verification --------------------------------------------------------------------
    const v = p.open();
    let stored: number;
    let records: number;
    try {
      const r = await v.db
        .selectFrom('punches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('source', '=', 'fingerprint')
        .executeTakeFirstOrThrow();
      stored = Number(r.n);
      const q = await v.db
        .selectFrom('machine_records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      records = Number(q.n);
    } finally {
      await v.close();
    }
    const expected = week.length + fleet.length * o.perMachine;
    return {
      scenario: 'adms',
      engine: o.engine,
      sqliteSync: o.sqliteSync,
      employees,
      seedSeconds: p.seedSeconds,
      backlog: {
        lines: week.length,
        bodyKiB: Math.round(weekBody.length / 1024),
        answer: first.body,
        ms: Math.round(backlogMs),
        linesPerSec: Math.round(week.length / (backlogMs / 1000)),
        replayAnswer: replay.body,
        replayMs: Math.round(replayMs),
        refused503: refusals.n,
      },
      reconnect: {
        machines: fleet.length,
        pressesPerMachine: o.perMachine,
        wallMs: Math.round(reconnectMs),
        uploadMs: quantiles(uploads),
        sessionMs: quantiles(sessions),
        refused503: reconnectRefusals.n,
        punchesPerSec: Math.round((fleet.length * o.perMachine) / (reconnectMs / 1000)),
      },
      serverCpuSec: cpu0 !== null && cpu1 !== null ? Number((cpu1 - cpu0).toFixed(1)) : null,
      serverPeakRssMiB: server.peakRssMiB(),
      verification: { ok: stored === expected && records === expected, expected, stored, records },
    };
  } finally {
    if (server) await server.stop();
    await p.cleanup();
  }
}
