/**
 * Administering fingerprint machines (/api/v1/machines): accept a pending serial into a
 * work site, retire one, map PINs to employees (pushed to the machines as `DATA UPDATE
 * USERINFO`), push a machine's whole user list, and ask a day's log again to see what
 * differs.
 *
 * Access: a machine belongs to the unit of its site. Pending machines belong to nobody
 * yet: every admin sees them (to claim the one at their door) and may accept one into
 * a site of their own units. Anything else outside the caller's units answers 404, as a
 * missing serial does. Every change is audited.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { isPin, queryAttLogCommand, userInfoCommand } from '../../../core/machines/adms.js';
import { isValidDate } from '../../../core/time.js';
import type { Zone } from '../../../core/model.js';
import { authorize, scopeOf, unitFilter } from '../../platform/access/access.js';
import { appendAudit } from '../../platform/audit/audit.js';
import type { TokenClaims } from '../../platform/crypto/token.js';
import type { Database, MachineRow } from '../../platform/db/schema.js';
import { getSite } from '../sites/store.js';
import type { ContactBook } from './contacts.js';
import { releaseWaiting } from './ingest.js';
import type { IngestDeps, Outcome } from './ingest.js';
import {
  acceptMachine,
  countRecords,
  findPin,
  getMachine,
  getReconciliation,
  insertPin,
  insertReconciliation,
  listCommands,
  listMachines,
  pinsOfMachine,
  queueCommand,
  recordsBetween,
  reconcileLines,
  retireMachine,
} from './store.js';
import type { MachineCommandRow, MachinePinRow } from './store.js';

export interface MachineDeps extends IngestDeps {
  contacts: ContactBook;
}

export interface MachineView {
  serial: string;
  status: 'pending' | 'active' | 'retired';
  label: string;
  siteId: number | null;
  siteName: string | null;
  zone: Zone | null;
  firmware: string | null;
  pushVersion: string | null;
  address: string | null;
  firstSeenAt: string;
  lastContactAt: string;
  /** The clock's error at the last measurement, seconds (positive: ahead); null before one. */
  driftSec: number | null;
  driftMeasuredAt: string | null;
  driftAlarm: boolean;
  acceptedAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function actor(claims: TokenClaims): { actor_account_id: number; actor_label: string } {
  return { actor_account_id: claims.sub, actor_label: claims.role };
}

async function view(deps: MachineDeps, m: MachineRow): Promise<MachineView> {
  const seen = deps.contacts.get(m.serial);
  const site = m.site_id === null ? undefined : await getSite(deps.db, m.site_id);
  return {
    serial: m.serial,
    status: m.status as MachineView['status'],
    label: m.label,
    siteId: m.site_id,
    siteName: site?.name ?? null,
    zone: (m.zone as Zone | null) ?? null,
    firmware: seen?.firmware ?? m.firmware,
    pushVersion: seen?.pushVersion ?? m.push_version,
    address: seen?.address ?? m.address,
    firstSeenAt: iso(m.first_seen_at)!,
    lastContactAt: iso(Math.max(m.last_contact_at, seen?.at ?? 0))!,
    driftSec: m.drift_ms === null ? null : Math.round(Number(m.drift_ms) / 1000),
    driftMeasuredAt: iso(m.drift_measured_at),
    driftAlarm: m.drift_alarm === 1,
    acceptedAt: iso(m.accepted_at),
  };
}

/** Units whose sites' machines the caller sees: undefined for all. */
async function siteFilter(db: Kysely<Database>, claims: TokenClaims): Promise<number[] | undefined> {
  const units = unitFilter(await scopeOf(db, claims));
  if (units === undefined) return undefined;
  if (units.length === 0) return [];
  const rows = await db
    .selectFrom('locations')
    .select('id')
    .where('unit_id', 'in', [...units])
    .execute();
  return rows.map((r) => r.id);
}

/** The machine when the caller may see it; 404 otherwise. */
async function visible(deps: MachineDeps, claims: TokenClaims, serial: string): Promise<MachineRow> {
  const m = await getMachine(deps.db, serial);
  if (!m) throw new AppError('not_found');
  if (m.status === 'pending' && m.site_id === null) return m;
  const site = m.site_id === null ? undefined : await getSite(deps.db, m.site_id);
  if (!site) throw new AppError('not_found');
  await authorize(deps.db, claims, { kind: 'unit', id: site.unitId });
  return m;
}

export async function listScopedMachines(
  deps: MachineDeps,
  claims: TokenClaims,
  status: string | null,
): Promise<MachineView[]> {
  const rows = await listMachines(deps.db, { status, siteIds: await siteFilter(deps.db, claims) });
  return Promise.all(rows.map((m) => view(deps, m)));
}

export interface MachineDetail extends MachineView {
  /** Lines received, by what became of them. */
  lines: Partial<Record<Outcome, number>>;
  pins: { pin: string; employeeId: number; scope: 'machine' | 'site' }[];
  commands: {
    id: number;
    kind: string;
    command: string;
    createdAt: string;
    sentAt: string | null;
    repliedAt: string | null;
    replyCode: number | null;
  }[];
}

const pinView = (p: MachinePinRow): MachineDetail['pins'][number] => ({
  pin: p.pin,
  employeeId: p.employee_id,
  scope: p.machine_serial !== null ? 'machine' : 'site',
});

const commandView = (c: MachineCommandRow) => ({
  id: c.id,
  kind: c.kind,
  // The USERINFO line carries a name: show the command, it is what the machine got.
  command: c.command,
  createdAt: iso(c.created_at)!,
  sentAt: iso(c.sent_at),
  repliedAt: iso(c.replied_at),
  replyCode: c.reply_code,
});

export async function machineDetail(
  deps: MachineDeps,
  claims: TokenClaims,
  serial: string,
): Promise<MachineDetail> {
  const m = await visible(deps, claims, serial);
  return {
    ...(await view(deps, m)),
    lines: await countRecords(deps.db, serial),
    pins: (await pinsOfMachine(deps.db, serial, m.site_id)).map(pinView),
    commands: (await listCommands(deps.db, serial, 50)).map(commandView),
  };
}

/**
 * Accepts a pending machine into a site of the caller's units; its held lines are
 * stored now. Accepting an active machine again moves it to the site given.
 */
export async function accept(
  deps: MachineDeps,
  claims: TokenClaims,
  serial: string,
  body: { siteId: number; label?: string },
): Promise<{ machine: MachineView; released: Partial<Record<Outcome, number>> }> {
  const m = await visible(deps, claims, serial);
  if (m.status === 'retired') throw new AppError('machine_retired');
  const site = await getSite(deps.db, body.siteId);
  if (!site) throw new AppError('not_found', { details: [{ field: '/siteId', reason: 'not_found' }] });
  try {
    await authorize(deps.db, claims, { kind: 'unit', id: site.unitId });
  } catch {
    throw new AppError('not_found', { details: [{ field: '/siteId', reason: 'not_found' }] });
  }
  const now = deps.now();
  const label = body.label ?? (m.label === m.serial ? `${site.name} (${serial})` : m.label);
  await deps.db.transaction().execute(async (trx) => {
    await acceptMachine(trx, serial, { siteId: site.id, zone: site.zone, label, at: now, by: claims.sub });
    await appendAudit(trx, {
      at: now,
      ...actor(claims),
      action: 'machine.accept',
      target: `machine:${serial}`,
      detail: JSON.stringify({ siteId: site.id, label, was: m.status, previousSiteId: m.site_id }),
    });
  });
  const accepted = (await getMachine(deps.db, serial))!;
  const released = await releaseWaiting(deps, accepted);
  return { machine: await view(deps, accepted), released };
}

export async function retire(deps: MachineDeps, claims: TokenClaims, serial: string): Promise<MachineView> {
  const m = await visible(deps, claims, serial);
  if (m.status !== 'retired') {
    const now = deps.now();
    await deps.db.transaction().execute(async (trx) => {
      await retireMachine(trx, serial);
      await appendAudit(trx, {
        at: now,
        ...actor(claims),
        action: 'machine.retire',
        target: `machine:${serial}`,
        detail: JSON.stringify({ was: m.status, siteId: m.site_id }),
      });
    });
  }
  return view(deps, (await getMachine(deps.db, serial))!);
}

/** Active machines a mapping reaches: the machine itself, or every active machine of the site. */
async function machinesReached(
  db: Kysely<Database>,
  m: MachineRow,
  scope: 'machine' | 'site',
): Promise<MachineRow[]> {
  if (scope === 'machine' || m.site_id === null) return m.status === 'active' ? [m] : [];
  return db
    .selectFrom('machines')
    .selectAll()
    .where('site_id', '=', m.site_id)
    .where('status', '=', 'active')
    .execute();
}

/**
 * Maps `pin` to an employee of the caller's units, on this machine or on every machine
 * of its site, and queues the user on the machines it reaches. Lines waiting for that
 * PIN are stored now.
 */
export async function mapPin(
  deps: MachineDeps,
  claims: TokenClaims,
  serial: string,
  body: { pin: string; employeeId: number; scope?: 'machine' | 'site' },
): Promise<{
  pin: string;
  employeeId: number;
  scope: 'machine' | 'site';
  commands: number[];
  released: Partial<Record<Outcome, number>>;
}> {
  const m = await visible(deps, claims, serial);
  if (m.status !== 'active') throw new AppError('machine_not_active');
  if (!isPin(body.pin))
    throw new AppError('invalid_body', { details: [{ field: '/pin', reason: 'format' }] });
  const scope = body.scope ?? 'site';
  try {
    await authorize(deps.db, claims, { kind: 'employee', id: body.employeeId });
  } catch {
    throw new AppError('not_found', { details: [{ field: '/employeeId', reason: 'not_found' }] });
  }
  const employee = await deps.db
    .selectFrom('employees')
    .select(['id', 'name'])
    .where('id', '=', body.employeeId)
    .executeTakeFirstOrThrow();
  const where = scope === 'machine' ? { machineSerial: serial } : { siteId: m.site_id! };
  const existing = await findPin(deps.db, where, body.pin);
  if (existing && existing.employee_id !== body.employeeId) throw new AppError('machine_pin_taken');
  const now = deps.now();
  const reached = await machinesReached(deps.db, m, scope);
  const commands: number[] = [];
  await deps.db.transaction().execute(async (trx) => {
    if (!existing) {
      await insertPin(trx, {
        machine_serial: scope === 'machine' ? serial : null,
        site_id: scope === 'site' ? m.site_id : null,
        pin: body.pin,
        employee_id: body.employeeId,
        created_at: now,
        created_by: claims.sub,
      });
    }
    for (const r of reached) {
      const c = await queueCommand(trx, {
        serial: r.serial,
        kind: 'user_info',
        command: userInfoCommand(body.pin, employee.name),
        at: now,
        by: claims.sub,
      });
      commands.push(c.id);
    }
    await appendAudit(trx, {
      at: now,
      ...actor(claims),
      action: 'machine.pin',
      target: `machine:${serial}`,
      detail: JSON.stringify({
        pin: body.pin,
        employeeId: body.employeeId,
        scope,
        siteId: m.site_id,
        commands,
      }),
    });
  });
  const released: Partial<Record<Outcome, number>> = {};
  for (const r of reached) {
    for (const [k, n] of Object.entries(await releaseWaiting(deps, r))) {
      released[k as Outcome] = (released[k as Outcome] ?? 0) + n;
    }
  }
  return { pin: body.pin, employeeId: body.employeeId, scope, commands, released };
}

/** Queues every user mapped to this machine (its own PINs and its site's) as USERINFO commands. */
export async function pushUsers(
  deps: MachineDeps,
  claims: TokenClaims,
  serial: string,
): Promise<{ commands: number }> {
  const m = await visible(deps, claims, serial);
  if (m.status !== 'active') throw new AppError('machine_not_active');
  const pins = await pinsOfMachine(deps.db, serial, m.site_id);
  // A machine's own mapping of a PIN wins over its site's.
  const byPin = new Map<string, MachinePinRow>();
  for (const p of pins) if (!byPin.has(p.pin) || p.machine_serial !== null) byPin.set(p.pin, p);
  const ids = [...new Set([...byPin.values()].map((p) => p.employee_id))];
  const names = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await deps.db
      .selectFrom('employees')
      .select(['id', 'name'])
      .where('id', 'in', ids.slice(i, i + 5000))
      .execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  const now = deps.now();
  await deps.db.transaction().execute(async (trx) => {
    for (const p of byPin.values()) {
      await queueCommand(trx, {
        serial,
        kind: 'user_info',
        command: userInfoCommand(p.pin, names.get(p.employee_id) ?? ''),
        at: now,
        by: claims.sub,
      });
    }
    await appendAudit(trx, {
      at: now,
      ...actor(claims),
      action: 'machine.push_users',
      target: `machine:${serial}`,
      detail: JSON.stringify({ users: byPin.size }),
    });
  });
  return { commands: byPin.size };
}

/** Asks the machine for its log of `date` (its local day) again. */
export async function requestReconciliation(
  deps: MachineDeps,
  claims: TokenClaims,
  serial: string,
  date: string,
): Promise<{ id: number; commandId: number; date: string }> {
  const m = await visible(deps, claims, serial);
  if (m.status !== 'active') throw new AppError('machine_not_active');
  if (!isValidDate(date))
    throw new AppError('invalid_body', { details: [{ field: '/date', reason: 'date' }] });
  const start = `${date} 00:00:00`;
  const end = `${date} 23:59:59`;
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const c = await queueCommand(trx, {
      serial,
      kind: 'query_attlog',
      command: queryAttLogCommand(start, end),
      at: now,
      by: claims.sub,
    });
    const r = await insertReconciliation(trx, {
      machine_serial: serial,
      work_date: date,
      start_local: start,
      end_local: end,
      command_id: c.id,
      requested_at: now,
      requested_by: claims.sub,
    });
    await appendAudit(trx, {
      at: now,
      ...actor(claims),
      action: 'machine.reconcile',
      target: `machine:${serial}`,
      detail: JSON.stringify({ date, reconciliationId: r.id, commandId: c.id }),
    });
    return { id: r.id, commandId: c.id, date };
  });
}

export interface ReconciliationView {
  id: number;
  date: string;
  requestedAt: string;
  /** When the machine fetched the query, and answered it; null until it has. */
  sentAt: string | null;
  repliedAt: string | null;
  /** Lines the machine sent for the day. */
  machineLines: number;
  /** Lines Hadir holds for the machine on that day. */
  hadirLines: number;
  /** Where the two differ. */
  differences: {
    pin: string;
    time: string;
    /**
     * only_on_machine: Hadir first received the line in the machine's answer (it has
     * it now, and `outcome` says what became of it);
     * only_in_hadir: Hadir holds a line the machine no longer has (its memory was
     * cleared, or the line came from a machine that replaced it);
     * not_a_punch: both have the line, and Hadir did not make a punch of it (the reason
     * is `outcome`).
     */
    kind: 'only_on_machine' | 'only_in_hadir' | 'not_a_punch';
    outcome: string | null;
    punchId: string | null;
  }[];
}

export async function reconciliation(
  deps: MachineDeps,
  claims: TokenClaims,
  serial: string,
  id: number,
): Promise<ReconciliationView> {
  await visible(deps, claims, serial);
  const rc = await getReconciliation(deps.db, serial, id);
  if (!rc) throw new AppError('not_found');
  const cmd = await deps.db
    .selectFrom('machine_commands')
    .select(['sent_at', 'replied_at'])
    .where('id', '=', rc.command_id)
    .executeTakeFirstOrThrow();
  const machineLines = await reconcileLines(deps.db, id);
  const hadir = await recordsBetween(deps.db, serial, rc.start_local, rc.end_local);
  const onMachine = new Map(machineLines.map((l) => [`${l.pin}\t${l.local_time}`, l.first_seen === 1]));
  const differences: ReconciliationView['differences'] = [];
  for (const r of hadir) {
    const key = `${r.pin}\t${r.local_time}`;
    const base = { pin: r.pin, time: r.local_time, outcome: r.outcome, punchId: r.punch_id };
    if (!onMachine.has(key)) {
      if (cmd.replied_at !== null) differences.push({ ...base, kind: 'only_in_hadir' });
    } else if (onMachine.get(key) === true) differences.push({ ...base, kind: 'only_on_machine' });
    else if (r.outcome !== 'stored') differences.push({ ...base, kind: 'not_a_punch' });
  }
  differences.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.pin < b.pin ? -1 : 1));
  return {
    id: rc.id,
    date: rc.work_date,
    requestedAt: iso(rc.requested_at)!,
    sentAt: iso(cmd.sent_at),
    repliedAt: iso(cmd.replied_at),
    machineLines: machineLines.length,
    hadirLines: hadir.length,
    differences,
  };
}
