/**
 * Storage of fingerprint machines (migration 0011): the registry, PIN mappings, the
 * lines received, commands, reconciliations. Plain functions on a Kysely handle; the
 * caller decides the transaction.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type {
  Database,
  MachineCommandsTable,
  MachinePinsTable,
  MachineReconciliationsTable,
  MachineRecordsTable,
  MachineRow,
} from '../../platform/db/schema.js';

export type MachineRecordRow = Selectable<MachineRecordsTable>;
export type MachineCommandRow = Selectable<MachineCommandsTable>;
export type MachinePinRow = Selectable<MachinePinsTable>;
export type ReconciliationRow = Selectable<MachineReconciliationsTable>;

/** Bound parameters per statement stay under SQLite's 32766. */
const PARAMS = 30_000;

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

// ---- Registry -------------------------------------------------------------------------

export async function getMachine(db: Kysely<Database>, serial: string): Promise<MachineRow | undefined> {
  return db.selectFrom('machines').selectAll().where('serial', '=', serial).executeTakeFirst();
}

/** Registers a serial first seen as pending (nothing if it is known); returns the row. */
export async function registerMachine(
  db: Kysely<Database>,
  serial: string,
  now: number,
  seen: { firmware: string | null; pushVersion: string | null; address: string | null },
): Promise<MachineRow> {
  await db
    .insertInto('machines')
    .values({
      serial,
      status: 'pending',
      label: serial,
      site_id: null,
      zone: null,
      firmware: seen.firmware,
      push_version: seen.pushVersion,
      address: seen.address,
      first_seen_at: now,
      last_contact_at: now,
      drift_ms: null,
      drift_measured_at: null,
      accepted_at: null,
      accepted_by: null,
    })
    .onConflict((oc) => oc.column('serial').doNothing())
    .execute();
  const row = await getMachine(db, serial);
  if (!row) throw new Error(`machine ${serial} vanished after registering`);
  return row;
}

/** What a contact tells about a machine: when, from where, its firmware. */
export interface Contact {
  at: number;
  address: string | null;
  firmware?: string | null;
  pushVersion?: string | null;
}

export async function noteContacts(
  db: Kysely<Database>,
  contacts: ReadonlyMap<string, Contact>,
): Promise<void> {
  for (const [serial, c] of contacts) {
    await db
      .updateTable('machines')
      .set({
        last_contact_at: c.at,
        address: c.address,
        ...(c.firmware ? { firmware: c.firmware } : {}),
        ...(c.pushVersion ? { push_version: c.pushVersion } : {}),
      })
      .where('serial', '=', serial)
      .where('last_contact_at', '<', c.at)
      .execute();
  }
}

export async function setDrift(
  db: Kysely<Database>,
  serial: string,
  driftMs: number,
  at: number,
  alarm: boolean,
): Promise<void> {
  await db
    .updateTable('machines')
    .set({ drift_ms: driftMs, drift_measured_at: at, drift_alarm: alarm ? 1 : 0 })
    .where('serial', '=', serial)
    .execute();
}

export async function setStamp(
  db: Kysely<Database>,
  serial: string,
  table: 'attlog' | 'operlog',
  stamp: string,
): Promise<void> {
  await db
    .updateTable('machines')
    .set(table === 'attlog' ? { attlog_stamp: stamp } : { operlog_stamp: stamp })
    .where('serial', '=', serial)
    .execute();
}

export async function listMachines(
  db: Kysely<Database>,
  opts: { status?: string | null; siteIds?: readonly number[] | undefined },
): Promise<MachineRow[]> {
  let q = db.selectFrom('machines').selectAll().orderBy('serial');
  if (opts.status) q = q.where('status', '=', opts.status);
  return q
    .execute()
    .then((rows) =>
      opts.siteIds === undefined
        ? rows
        : rows.filter(
            (r) => r.status === 'pending' || (r.site_id !== null && opts.siteIds!.includes(r.site_id)),
          ),
    );
}

export async function acceptMachine(
  db: Kysely<Database>,
  serial: string,
  change: { siteId: number; zone: string; label: string; at: number; by: number },
): Promise<void> {
  await db
    .updateTable('machines')
    .set({
      status: 'active',
      site_id: change.siteId,
      zone: change.zone,
      label: change.label,
      accepted_at: change.at,
      accepted_by: change.by,
    })
    .where('serial', '=', serial)
    .execute();
}

export async function retireMachine(db: Kysely<Database>, serial: string): Promise<void> {
  await db.updateTable('machines').set({ status: 'retired' }).where('serial', '=', serial).execute();
}

// ---- PINs -----------------------------------------------------------------------------

/**
 * Employees of `pins` on machine `serial`: the machine's own mapping, else its site's.
 */
export async function employeesOfPins(
  db: Kysely<Database>,
  serial: string,
  siteId: number | null,
  pins: readonly string[],
): Promise<Map<string, number>> {
  const own = new Map<string, number>();
  const site = new Map<string, number>();
  for (const part of chunks([...new Set(pins)], 5000)) {
    const rows = await db
      .selectFrom('machine_pins')
      .select(['machine_serial', 'pin', 'employee_id'])
      .where('pin', 'in', part)
      .where((eb) =>
        siteId === null
          ? eb('machine_serial', '=', serial)
          : eb.or([eb('machine_serial', '=', serial), eb('site_id', '=', siteId)]),
      )
      .execute();
    for (const r of rows) (r.machine_serial !== null ? own : site).set(r.pin, r.employee_id);
  }
  for (const [pin, e] of site) if (!own.has(pin)) own.set(pin, e);
  return own;
}

export async function insertPin(
  db: Kysely<Database>,
  p: Insertable<MachinePinsTable>,
): Promise<MachinePinRow> {
  return db.insertInto('machine_pins').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function findPin(
  db: Kysely<Database>,
  scope: { machineSerial: string } | { siteId: number },
  pin: string,
): Promise<MachinePinRow | undefined> {
  let q = db.selectFrom('machine_pins').selectAll().where('pin', '=', pin);
  q =
    'machineSerial' in scope
      ? q.where('machine_serial', '=', scope.machineSerial)
      : q.where('site_id', '=', scope.siteId);
  return q.executeTakeFirst();
}

/** Every mapping that reaches machine `serial` (its own and its site's). */
export async function pinsOfMachine(
  db: Kysely<Database>,
  serial: string,
  siteId: number | null,
): Promise<MachinePinRow[]> {
  return db
    .selectFrom('machine_pins')
    .selectAll()
    .where((eb) =>
      siteId === null
        ? eb('machine_serial', '=', serial)
        : eb.or([eb('machine_serial', '=', serial), eb('site_id', '=', siteId)]),
    )
    .orderBy('pin')
    .execute();
}

// ---- Lines received -------------------------------------------------------------------

/** Keys `PIN\ttime` of lines of `serial` already received with times in [from, to]. */
export async function knownRecordKeys(
  db: Kysely<Database>,
  serial: string,
  from: string,
  to: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('machine_records')
    .select(['pin', 'local_time'])
    .where('machine_serial', '=', serial)
    .where('local_time', '>=', from)
    .where('local_time', '<=', to)
    .execute();
  return new Set(rows.map((r) => `${r.pin}\t${r.local_time}`));
}

export async function insertRecords(
  db: Kysely<Database>,
  rows: readonly Insertable<MachineRecordsTable>[],
): Promise<void> {
  for (const part of chunks(rows, Math.floor(PARAMS / 8))) {
    await db
      .insertInto('machine_records')
      .values(part)
      .onConflict((oc) => oc.columns(['machine_serial', 'pin', 'local_time']).doNothing())
      .execute();
  }
}

/** Lines held (machine pending) or without a known PIN: what a later acceptance or mapping may store. */
export async function waitingRecords(db: Kysely<Database>, serial: string): Promise<MachineRecordRow[]> {
  return db
    .selectFrom('machine_records')
    .selectAll()
    .where('machine_serial', '=', serial)
    .where('outcome', 'in', ['held', 'unknown_pin'])
    .orderBy('local_time')
    .execute();
}

export async function setRecordOutcomes(
  db: Kysely<Database>,
  serial: string,
  changes: readonly { pin: string; local: string; outcome: string; punchId: string | null }[],
): Promise<void> {
  for (const c of changes) {
    await db
      .updateTable('machine_records')
      .set({ outcome: c.outcome, punch_id: c.punchId })
      .where('machine_serial', '=', serial)
      .where('pin', '=', c.pin)
      .where('local_time', '=', c.local)
      .execute();
  }
}

export async function recordsBetween(
  db: Kysely<Database>,
  serial: string,
  from: string,
  to: string,
): Promise<MachineRecordRow[]> {
  return db
    .selectFrom('machine_records')
    .selectAll()
    .where('machine_serial', '=', serial)
    .where('local_time', '>=', from)
    .where('local_time', '<=', to)
    .orderBy('local_time')
    .orderBy('pin')
    .execute();
}

export async function countRecords(db: Kysely<Database>, serial: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('machine_records')
    .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('machine_serial', '=', serial)
    .groupBy('outcome')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}

// ---- Commands -------------------------------------------------------------------------

export async function queueCommand(
  db: Kysely<Database>,
  c: { serial: string; kind: 'user_info' | 'query_attlog'; command: string; at: number; by: number | null },
): Promise<MachineCommandRow> {
  return db
    .insertInto('machine_commands')
    .values({
      machine_serial: c.serial,
      kind: c.kind,
      command: c.command,
      created_at: c.at,
      created_by: c.by,
      sent_at: null,
      replied_at: null,
      reply_code: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Commands of `serial` not answered yet, oldest first (at most `limit`). */
export async function openCommands(
  db: Kysely<Database>,
  serial: string,
  limit: number,
): Promise<MachineCommandRow[]> {
  return db
    .selectFrom('machine_commands')
    .selectAll()
    .where('machine_serial', '=', serial)
    .where('replied_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function markSent(db: Kysely<Database>, ids: readonly number[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('machine_commands')
    .set({ sent_at: at })
    .where('id', 'in', [...ids])
    .execute();
}

export async function markReplied(
  db: Kysely<Database>,
  serial: string,
  id: number,
  code: number,
  at: number,
): Promise<boolean> {
  const r = await db
    .updateTable('machine_commands')
    .set({ replied_at: at, reply_code: code })
    .where('id', '=', id)
    .where('machine_serial', '=', serial)
    .where('replied_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listCommands(
  db: Kysely<Database>,
  serial: string,
  limit: number,
): Promise<MachineCommandRow[]> {
  return db
    .selectFrom('machine_commands')
    .selectAll()
    .where('machine_serial', '=', serial)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

// ---- Reconciliations ------------------------------------------------------------------

export async function insertReconciliation(
  db: Kysely<Database>,
  r: Insertable<MachineReconciliationsTable>,
): Promise<ReconciliationRow> {
  return db.insertInto('machine_reconciliations').values(r).returningAll().executeTakeFirstOrThrow();
}

export async function getReconciliation(
  db: Kysely<Database>,
  serial: string,
  id: number,
): Promise<ReconciliationRow | undefined> {
  return db
    .selectFrom('machine_reconciliations')
    .selectAll()
    .where('id', '=', id)
    .where('machine_serial', '=', serial)
    .executeTakeFirst();
}

/**
 * Reconciliations of `serial` whose command the machine has fetched since `since`: the
 * lines it uploads meanwhile are its answer.
 */
export async function listeningReconciliations(
  db: Kysely<Database>,
  serial: string,
  since: number,
): Promise<ReconciliationRow[]> {
  return db
    .selectFrom('machine_reconciliations')
    .innerJoin('machine_commands', 'machine_commands.id', 'machine_reconciliations.command_id')
    .selectAll('machine_reconciliations')
    .where('machine_reconciliations.machine_serial', '=', serial)
    .where('machine_commands.sent_at', 'is not', null)
    .where('machine_commands.sent_at', '>=', since)
    .execute();
}

export async function insertReconcileLines(
  db: Kysely<Database>,
  rows: readonly { reconciliation_id: number; pin: string; local_time: string; first_seen: number }[],
): Promise<void> {
  for (const part of chunks(rows, Math.floor(PARAMS / 4))) {
    await db
      .insertInto('machine_reconcile_lines')
      .values(part)
      .onConflict((oc) => oc.columns(['reconciliation_id', 'pin', 'local_time']).doNothing())
      .execute();
  }
}

export async function reconcileLines(
  db: Kysely<Database>,
  id: number,
): Promise<{ pin: string; local_time: string; first_seen: number }[]> {
  return db
    .selectFrom('machine_reconcile_lines')
    .select(['pin', 'local_time', 'first_seen'])
    .where('reconciliation_id', '=', id)
    .orderBy('local_time')
    .orderBy('pin')
    .execute();
}
