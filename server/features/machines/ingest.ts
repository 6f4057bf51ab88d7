/**
 * From the lines a machine uploads to punches in the one event log.
 *
 * Each line is judged once, by (machine, PIN, time): a batch sent again finds its lines
 * already received and stores nothing (machine_records). A new line of an accepted
 * machine whose PIN maps to an active employee becomes a punch with source
 * `fingerprint` and the machine as its terminal, through the same group-commit queue
 * as the app's check-ins (so a week's backlog is a few large transactions, and a
 * morning of 500 machines shares fsyncs with the phones). Presses of one person on one
 * machine within a minute are one punch (core/machines/adms.ts keepDistinct).
 *
 * The punch id is a UUIDv7 whose time is the press and whose other bits come from a
 * hash of (machine, PIN, time): a crash between the punches' commit and the lines'
 * leaves a re-sent batch storing the same ids, which the punch log ignores.
 *
 * Lines are never lost for being early: a pending machine's lines are held, a PIN
 * nobody is mapped to waits, and both are stored once the machine is accepted or the
 * PIN mapped ({@link releaseWaiting}).
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { keepDistinct, machineTimeToInstant } from '../../../core/machines/adms.js';
import type { AttLogRecord } from '../../../core/machines/adms.js';
import { machinePunch } from '../../../core/machines/verdict.js';
import type { Location, Zone } from '../../../core/model.js';
import { uuidV7 } from '../../../core/uuid.js';
import type { Config } from '../../platform/config.js';
import type { Database, MachineRow, NewPunchRow } from '../../platform/db/schema.js';
import type { Directory } from '../check-ins/directory.js';
import { FLAG_CAPTURE_DELAYED, FLAG_LATE_SUBMISSION, retryAfterSeconds } from '../check-ins/service.js';
import type { WriteQueue } from '../check-ins/write-queue.js';
import { getSite } from '../sites/store.js';
import type { BatchedTransactions } from './batched-tx.js';
import {
  employeesOfPins,
  insertRecords,
  knownRecordKeys,
  setRecordOutcomes,
  waitingRecords,
} from './store.js';

/** The punch was stamped by a machine whose clock is off by more than the alarm threshold. */
export const FLAG_MACHINE_CLOCK = 'machine_clock_drift';

export type Outcome = 'stored' | 'same_punch' | 'held' | 'unknown_pin' | 'future' | 'too_old' | 'inactive';

export interface IngestDeps {
  db: Kysely<Database>;
  config: Config;
  now: () => number;
  directory: Directory;
  queue: WriteQueue;
  /** Shares the uploads' bookkeeping transactions (absent: one transaction each). */
  batch?: BatchedTransactions;
}

/** Runs `job` in a transaction, shared with other uploads' when there is a batcher. */
function inTransaction(deps: IngestDeps, job: (trx: Kysely<Database>) => Promise<void>): Promise<void> {
  return deps.batch ? deps.batch.run(job) : deps.db.transaction().execute(job);
}

/** What became of the lines of one upload. */
export interface IngestResult {
  counts: Partial<Record<Outcome, number>>;
  /** Lines received before (a re-sent batch). */
  repeated: number;
  /** The newest press of the upload (epoch ms), for the clock drift; null when none parsed. */
  newest: number | null;
  /** Keys (`PIN\ttime`) of the lines received for the first time. */
  fresh: Set<string>;
}

interface Line {
  pin: string;
  local: string;
  status: number;
  verify: number;
  at: number;
}

/** The punch id of a line: deterministic, time-ordered. */
export function machinePunchId(serial: string, pin: string, local: string, at: number): string {
  const digest = createHash('sha256').update(`${serial}\t${pin}\t${local}`).digest();
  return uuidV7(at, digest);
}

function requestHash(serial: string, l: Line): string {
  return createHash('sha256')
    .update(`${serial}\t${l.pin}\t${l.local}\t${l.status}\t${l.verify}`)
    .digest('hex');
}

/** The punches already stored for (terminal, employee) around [from, to]: id → time. */
async function storedAround(
  db: Kysely<Database>,
  terminal: string,
  employeeIds: readonly number[],
  from: number,
  to: number,
): Promise<Map<number, Map<string, number>>> {
  const out = new Map<number, Map<string, number>>();
  if (employeeIds.length === 0) return out;
  for (let i = 0; i < employeeIds.length; i += 5000) {
    const rows = await db
      .selectFrom('punches')
      .select(['id', 'employee_id', 'time_of_record'])
      .where('terminal_id', '=', terminal)
      .where('employee_id', 'in', employeeIds.slice(i, i + 5000))
      .where('time_of_record', '>=', from - 60_000)
      .where('time_of_record', '<=', to + 60_000)
      .execute();
    for (const r of rows) {
      let m = out.get(r.employee_id);
      if (!m) out.set(r.employee_id, (m = new Map<string, number>()));
      m.set(r.id, Number(r.time_of_record));
    }
  }
  return out;
}

/**
 * Decides each line and writes the punches; returns each line's outcome and punch id.
 * Throws AppError('server_busy') when the write queue is full (nothing is recorded, so
 * the machine's re-send finds the lines new).
 */
async function decide(
  deps: IngestDeps,
  machine: MachineRow,
  site: Location | undefined,
  lines: readonly Line[],
  receivedAt: number,
): Promise<{ outcome: Outcome; punchId: string | null }[]> {
  const out: { outcome: Outcome; punchId: string | null }[] = lines.map(() => ({
    outcome: 'held',
    punchId: null,
  }));
  if (machine.status !== 'active' || !site) return out;
  const pins = await employeesOfPins(
    deps.db,
    machine.serial,
    machine.site_id,
    lines.map((l) => l.pin),
  );
  const tolerance = deps.config.clockToleranceSec * 1000;
  const maxAge = deps.config.captureMaxAgeSec * 1000;
  const byEmployee = new Map<number, number[]>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const employeeId = pins.get(l.pin);
    if (employeeId === undefined) out[i] = { outcome: 'unknown_pin', punchId: null };
    else if (l.at > receivedAt + tolerance) out[i] = { outcome: 'future', punchId: null };
    else if (receivedAt - l.at > maxAge) out[i] = { outcome: 'too_old', punchId: null };
    else {
      const list = byEmployee.get(employeeId);
      if (list) list.push(i);
      else byEmployee.set(employeeId, [i]);
    }
  }
  if (byEmployee.size === 0) return out;
  const ats = [...byEmployee.values()].flat().map((i) => lines[i]!.at);
  const stored = await storedAround(
    deps.db,
    machine.serial,
    [...byEmployee.keys()],
    Math.min(...ats),
    Math.max(...ats),
  );
  const rows: NewPunchRow[] = [];
  const flagsBase: string[] = machine.drift_alarm === 1 ? [FLAG_MACHINE_CLOCK] : [];
  for (const [employeeId, idxs] of byEmployee) {
    const found = deps.directory.get(employeeId);
    const entry = found instanceof Promise ? await found : found;
    if (!entry || !entry.employee.active || entry.ctx.unitChain.length === 0) {
      for (const i of idxs) out[i] = { outcome: 'inactive', punchId: null };
      continue;
    }
    const mine = stored.get(employeeId) ?? new Map<string, number>();
    // A line whose own punch is stored (a crash before its line was) is that punch.
    const fresh: number[] = [];
    for (const i of idxs) {
      const l = lines[i]!;
      const id = machinePunchId(machine.serial, l.pin, l.local, l.at);
      if (mine.has(id)) out[i] = { outcome: 'stored', punchId: id };
      else fresh.push(i);
    }
    const kept = new Set(
      keepDistinct(
        fresh.map((i) => lines[i]!.at),
        [...mine.values()],
      ).map((k) => fresh[k]!),
    );
    for (const i of fresh) {
      if (!kept.has(i)) {
        out[i] = { outcome: 'same_punch', punchId: null };
        continue;
      }
      const l = lines[i]!;
      const id = machinePunchId(machine.serial, l.pin, l.local, l.at);
      const { kind, verdict: v } = machinePunch(l.status, l.at, site, entry.ctx);
      const flags = [...flagsBase];
      const delay = receivedAt - l.at;
      if (delay > deps.config.captureDelayFlagSec * 1000) flags.push(FLAG_CAPTURE_DELAYED);
      if (delay > deps.config.lateSubmissionSec * 1000) flags.push(FLAG_LATE_SUBMISSION);
      rows.push({
        id,
        employee_id: employeeId,
        kind,
        source: 'fingerprint',
        captured_at: l.at,
        received_at: receivedAt,
        lat: null,
        lon: null,
        accuracy: null,
        request_hash: requestHash(machine.serial, l),
        work_date: v.workDate,
        zone: v.zone,
        local_time: v.localTime,
        fence_status: v.fence.status,
        location_id: v.fence.locationId,
        location_name: v.fence.locationName,
        distance_m: v.fence.distanceM,
        by_accuracy: 0,
        window: v.timing.window,
        late_minutes: v.timing.lateMinutes,
        early_minutes: v.timing.earlyMinutes,
        scheduled_start: v.timing.scheduledStart,
        scheduled_end: v.timing.scheduledEnd,
        flags: JSON.stringify(flags),
        time_of_record: l.at,
        time_source: 'machine_clock',
        anchor_time: null,
        elapsed_ms: null,
        device_id: null,
        photo_sha256: null,
        photo_bytes: null,
        terminal_id: machine.serial,
      });
      out[i] = { outcome: 'stored', punchId: id };
    }
  }
  if (rows.length > 0) {
    // Offer all or none: a partly offered batch would be answered as refused and re-sent,
    // which is harmless (the ids repeat) but wasteful.
    if (deps.queue.pending + rows.length > deps.config.queueMax) {
      throw new AppError('server_busy', { retryAfter: retryAfterSeconds(deps.queue, deps.config.queueMax) });
    }
    const offers: Promise<unknown>[] = [];
    let refused = false;
    for (const r of rows) {
      const o = deps.queue.offer(r);
      if (o === null) refused = true;
      else offers.push(o);
    }
    if (refused) {
      await Promise.allSettled(offers);
      throw new AppError('server_busy', { retryAfter: retryAfterSeconds(deps.queue, deps.config.queueMax) });
    }
    await Promise.all(offers);
  }
  return out;
}

/**
 * Stores the lines of one ATTLOG upload from `machine`, received at `receivedAt`. The
 * zone that reads the machine's clock is its site's (a pending machine's lines are read
 * in WIB only to order them; they are read again in the site's zone when released).
 */
export async function ingestAttLog(
  deps: IngestDeps,
  machine: MachineRow,
  records: readonly AttLogRecord[],
  receivedAt: number,
  /** Writes that belong with the upload (stamp, clock), made in the same transaction as its lines. */
  alongside: (trx: Kysely<Database>, r: IngestResult) => Promise<void> = () => Promise.resolve(),
): Promise<IngestResult> {
  const result: IngestResult = { counts: {}, repeated: 0, newest: null, fresh: new Set() };
  if (records.length === 0) {
    await alongside(deps.db, result);
    return result;
  }
  const zone = (machine.zone ?? 'Asia/Jakarta') as Zone;
  // One line per (PIN, time) even inside a batch.
  const unique = new Map<string, AttLogRecord>();
  for (const r of records) if (!unique.has(`${r.pin}\t${r.local}`)) unique.set(`${r.pin}\t${r.local}`, r);
  const all = [...unique.values()];
  let from = all[0]!.local;
  let to = from;
  for (const r of all) {
    if (r.local < from) from = r.local;
    if (r.local > to) to = r.local;
  }
  const known = await knownRecordKeys(deps.db, machine.serial, from, to);
  const lines: Line[] = [];
  for (const r of all) {
    const at = machineTimeToInstant(r.local, zone)!;
    if (result.newest === null || at > result.newest) result.newest = at;
    if (known.has(`${r.pin}\t${r.local}`)) result.repeated++;
    else {
      lines.push({ pin: r.pin, local: r.local, status: r.status, verify: r.verify, at });
      result.fresh.add(`${r.pin}\t${r.local}`);
    }
  }
  result.repeated += records.length - all.length;
  if (lines.length === 0) {
    await inTransaction(deps, (trx) => alongside(trx, result));
    return result;
  }
  const site = machine.site_id === null ? undefined : await getSite(deps.db, machine.site_id);
  const decided = await decide(deps, machine, site, lines, receivedAt);
  for (const d of decided) result.counts[d.outcome] = (result.counts[d.outcome] ?? 0) + 1;
  await inTransaction(deps, async (trx) => {
    await insertRecords(
      trx,
      lines.map((l, i) => ({
        machine_serial: machine.serial,
        pin: l.pin,
        local_time: l.local,
        status: l.status,
        verify: l.verify,
        received_at: receivedAt,
        outcome: decided[i]!.outcome,
        punch_id: decided[i]!.punchId,
      })),
    );
    await alongside(trx, result);
  });
  return result;
}

/**
 * Stores what was waiting for `machine` (held while it was pending, or for a PIN since
 * mapped), now that it is accepted or mapped. Returns the outcomes counted.
 */
export async function releaseWaiting(
  deps: IngestDeps,
  machine: MachineRow,
): Promise<Partial<Record<Outcome, number>>> {
  const counts: Partial<Record<Outcome, number>> = {};
  if (machine.status !== 'active' || machine.zone === null) return counts;
  const waiting = await waitingRecords(deps.db, machine.serial);
  if (waiting.length === 0) return counts;
  const zone = machine.zone as Zone;
  const site = machine.site_id === null ? undefined : await getSite(deps.db, machine.site_id);
  const receivedAt = deps.now();
  const lines: Line[] = waiting.map((w) => ({
    pin: w.pin,
    local: w.local_time,
    status: w.status,
    verify: w.verify,
    at: machineTimeToInstant(w.local_time, zone)!,
  }));
  const decided = await decide(deps, machine, site, lines, receivedAt);
  const changes = lines.map((l, i) => ({ pin: l.pin, local: l.local, ...decided[i]! }));
  await deps.db.transaction().execute((trx) => setRecordOutcomes(trx, machine.serial, changes));
  for (const d of decided) counts[d.outcome] = (counts[d.outcome] ?? 0) + 1;
  return counts;
}
