/**
 * The audit log as an admin reads it: who changed what, when, newest first, filtered by
 * unit, person, action, actor and period, paged on the server. Read only: the trail's
 * storage is server/platform/audit's, and nothing here writes or alters it.
 *
 * An entry names its target as text ('employee:12', 'leave_request:<uuid>', 'unit:3',
 * 'punch:<uuid>' …). Whom an entry is about is resolved here, in SQL, from the target
 * to the employee and unit it concerns, so a unit admin sees exactly the entries about
 * their units and their people (a selfie viewed, a leave decided, a phone approved) and
 * never one about another OPD, nor the organisation-wide ones (rule versions, holidays);
 * an agency admin sees every entry.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

/** The target kinds an entry can be resolved from, with their prefix. */
const EMPLOYEE_OF: readonly { prefix: string; table: string; numeric: boolean }[] = [
  { prefix: 'leave_request:', table: 'leave_requests', numeric: false },
  { prefix: 'correction_request:', table: 'correction_requests', numeric: false },
  { prefix: 'device:', table: 'devices', numeric: false },
  { prefix: 'punch:', table: 'punches', numeric: false },
  { prefix: 'person_schedule:', table: 'person_schedules', numeric: true },
];
const UNIT_OF: readonly { prefix: string; table: string }[] = [
  { prefix: 'location:', table: 'locations' },
  { prefix: 'schedule:', table: 'schedules' },
];

/** The id part of the target after `prefix`, as text or as an integer. */
function idAfter(prefix: string, numeric: boolean): RawBuilder<unknown> {
  const part = sql`substr(audit_log.target, ${sql.lit(prefix.length + 1)})`;
  return numeric ? sql`cast(${part} as integer)` : part;
}

const starts = (prefix: string) => sql`audit_log.target like ${sql.lit(`${prefix}%`)}`;

/** The employee an entry is about (null: none, e.g. a unit or a holiday). */
function employeeExpr(): RawBuilder<number | null> {
  const cases = [
    sql`when ${starts('employee:')} then ${idAfter('employee:', true)}`,
    sql`when ${starts('account:')} then (select a.employee_id from accounts a where a.id = ${idAfter('account:', true)})`,
    ...EMPLOYEE_OF.map(
      (k) =>
        sql`when ${starts(k.prefix)} then (select t.employee_id from ${sql.table(k.table)} t where t.id = ${idAfter(k.prefix, k.numeric)})`,
    ),
  ];
  return sql<number | null>`(case ${sql.join(cases, sql` `)} else null end)`;
}

/** The unit an entry is about: the unit named, or the unit of the person it concerns. */
function unitExpr(): RawBuilder<number | null> {
  const cases = [
    sql`when ${starts('unit:')} then ${idAfter('unit:', true)}`,
    sql`when ${starts('account:')} then (select coalesce(e.unit_id, a.unit_id) from accounts a left join employees e on e.id = a.employee_id where a.id = ${idAfter('account:', true)})`,
    ...UNIT_OF.map(
      (k) =>
        sql`when ${starts(k.prefix)} then (select t.unit_id from ${sql.table(k.table)} t where t.id = ${idAfter(k.prefix, true)})`,
    ),
  ];
  return sql<
    number | null
  >`(case ${sql.join(cases, sql` `)} else (select e.unit_id from employees e where e.id = ${employeeExpr()}) end)`;
}

export interface AuditQuery {
  /** Only entries about these units (a unit admin's scope, or the unit picked); undefined: every entry. */
  unitIds: readonly number[] | undefined;
  employeeId?: number | undefined;
  /** An action ('leave.approved') or a family of actions ('leave.'). */
  action?: string | undefined;
  /** The actor's username or label contains this. */
  actor?: string | undefined;
  /** Epoch ms, inclusive; `to` exclusive. */
  from?: number | undefined;
  to?: number | undefined;
  page: number;
  pageSize: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function auditPage(db: Kysely<Database>, q: AuditQuery) {
  const resolved = db
    .selectFrom('audit_log')
    .select([
      'audit_log.id as id',
      'audit_log.at as at',
      'audit_log.actor_account_id as actor_account_id',
      'audit_log.actor_label as actor_label',
      'audit_log.action as action',
      'audit_log.target as target',
      'audit_log.detail as detail',
      employeeExpr().as('employee_id'),
      unitExpr().as('unit_id'),
    ]);
  let base = db.selectFrom(resolved.as('x'));
  if (q.unitIds !== undefined) {
    const ids = [...q.unitIds];
    base = ids.length === 0 ? base.where(sql<boolean>`1 = 0`) : base.where('x.unit_id', 'in', ids);
  }
  if (q.employeeId !== undefined) base = base.where('x.employee_id', '=', q.employeeId);
  if (q.action !== undefined && q.action !== '') {
    const a = q.action;
    base = a.endsWith('.')
      ? base.where(sql<boolean>`x.action like ${`${likeEscape(a)}%`} escape '\\'`)
      : base.where('x.action', '=', a);
  }
  if (q.actor !== undefined && q.actor.trim() !== '') {
    const pattern = `%${likeEscape(q.actor.trim().toLowerCase())}%`;
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`lower(x.actor_label) like ${pattern} escape '\\'`,
        eb(
          'x.actor_account_id',
          'in',
          eb
            .selectFrom('accounts')
            .select('accounts.id')
            .where(sql<boolean>`lower(accounts.username) like ${pattern} escape '\\'`),
        ),
      ]),
    );
  }
  if (q.from !== undefined) base = base.where('x.at', '>=', q.from);
  if (q.to !== undefined) base = base.where('x.at', '<', q.to);

  const [{ n }] = (await base.select((eb) => eb.fn.countAll<number | string>().as('n')).execute()) as [
    { n: number | string },
  ];
  const rows = await base
    .selectAll('x')
    .orderBy('x.id', 'desc')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();

  const accountIds = [
    ...new Set(rows.map((r) => r.actor_account_id).filter((id): id is number => id !== null)),
  ];
  const employeeIds = [...new Set(rows.map((r) => r.employee_id).filter((id): id is number => id !== null))];
  const unitIds = [...new Set(rows.map((r) => r.unit_id).filter((id): id is number => id !== null))];
  const [accounts, employees, units] = await Promise.all([
    accountIds.length === 0
      ? []
      : db.selectFrom('accounts').select(['id', 'username', 'role']).where('id', 'in', accountIds).execute(),
    employeeIds.length === 0
      ? []
      : db.selectFrom('employees').select(['id', 'name', 'nip']).where('id', 'in', employeeIds).execute(),
    unitIds.length === 0
      ? []
      : db.selectFrom('units').select(['id', 'name']).where('id', 'in', unitIds).execute(),
  ]);
  const accountOf = new Map(accounts.map((a) => [a.id, a]));
  const nameOf = await targetNames(
    db,
    rows.map((r) => r.target),
  );
  const employeeOf = new Map(employees.map((e) => [e.id, e]));
  const unitOf = new Map(units.map((u) => [u.id, u]));

  return {
    total: Number(n),
    page: q.page,
    pageSize: q.pageSize,
    entries: rows.map((r) => {
      const account = r.actor_account_id === null ? undefined : accountOf.get(r.actor_account_id);
      const e = r.employee_id === null ? undefined : employeeOf.get(Number(r.employee_id));
      const u = r.unit_id === null ? undefined : unitOf.get(Number(r.unit_id));
      return {
        id: Number(r.id),
        at: new Date(Number(r.at)).toISOString(),
        actor: {
          accountId: r.actor_account_id,
          username: account?.username ?? null,
          role: account?.role ?? null,
          label: r.actor_label,
        },
        action: r.action,
        target: r.target,
        targetName: nameOf.get(r.target) ?? null,
        employee: e ? { id: e.id, name: e.name, nip: e.nip } : null,
        unit: u ? { id: u.id, name: u.name } : null,
        detail: parseDetail(r.detail),
      };
    }),
  };
}

/** `<kind>:<id>` split at the first colon; null for a target that is not one (a read's route). */
function kindAndId(target: string): { kind: string; id: string } | null {
  const m = /^([a-z_]+):(.+)$/.exec(target);
  return m ? { kind: m[1]!, id: m[2]! } : null;
}

const integerIds = (ids: readonly string[]) => ids.filter((id) => /^\d{1,9}$/.test(id)).map(Number);

/**
 * The name a person knows each target by, for the kinds an employee or unit does not name
 * already: an account's username, a rule version's first day, a holiday, a machine, a work
 * site, a weekly schedule, a schedule change, an incident's reason. One query per kind on
 * the page, never one per entry; a target whose row is gone keeps no name (the UI shows
 * the raw target then).
 */
async function targetNames(db: Kysely<Database>, targets: readonly string[]): Promise<Map<string, string>> {
  const byKind = new Map<string, string[]>();
  for (const t of new Set(targets)) {
    const k = kindAndId(t);
    if (k) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k.id]);
  }
  const ids = (kind: string) => byKind.get(kind) ?? [];
  const out = new Map<string, string>();
  const put = (kind: string, id: string | number, name: string) => out.set(`${kind}:${id}`, name);
  const load = async <R>(kind: string, numeric: boolean, q: (ids: never[]) => Promise<R[]>) => {
    const list = numeric ? integerIds(ids(kind)) : ids(kind);
    return list.length === 0 ? [] : q(list as never[]);
  };
  const [accounts, rules, holidays, machines, sites, schedules, overrides, incidents] = await Promise.all([
    load('account', true, (l) =>
      db.selectFrom('accounts').select(['id', 'username']).where('id', 'in', l).execute(),
    ),
    load('rule_set', false, (l) =>
      db.selectFrom('rule_sets').select(['id', 'effective_from']).where('id', 'in', l).execute(),
    ),
    load('holiday', true, (l) =>
      db.selectFrom('holidays').select(['id', 'name', 'date']).where('id', 'in', l).execute(),
    ),
    load('machine', false, (l) =>
      db.selectFrom('machines').select(['serial', 'label']).where('serial', 'in', l).execute(),
    ),
    load('location', true, (l) =>
      db.selectFrom('locations').select(['id', 'name']).where('id', 'in', l).execute(),
    ),
    load('schedule', true, (l) =>
      db.selectFrom('schedules').select(['id', 'name']).where('id', 'in', l).execute(),
    ),
    load('schedule_override', true, (l) =>
      db
        .selectFrom('schedule_overrides')
        .select(['id', 'name', 'from_date', 'to_date'])
        .where('id', 'in', l)
        .execute(),
    ),
    load('incident', false, (l) =>
      db.selectFrom('incidents').select(['id', 'reason']).where('id', 'in', l).execute(),
    ),
  ]);
  for (const a of accounts) put('account', a.id, a.username);
  for (const r of rules) put('rule_set', r.id, r.effective_from);
  for (const h of holidays) put('holiday', h.id, `${h.name} (${h.date})`);
  for (const m of machines) put('machine', m.serial, m.label === '' ? m.serial : `${m.label} (${m.serial})`);
  for (const l of sites) put('location', l.id, l.name);
  for (const s of schedules) put('schedule', s.id, s.name);
  for (const o of overrides) put('schedule_override', o.id, `${o.name} (${o.from_date} – ${o.to_date})`);
  for (const i of incidents)
    put('incident', i.id, i.reason.length > 80 ? `${i.reason.slice(0, 79)}…` : i.reason);
  return out;
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The distinct actions in the log (for the filter's list), sorted. */
export async function auditActions(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
