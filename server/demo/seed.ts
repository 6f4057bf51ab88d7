/**
 * Writes the demo regency (plan.ts) into an empty database, in one transaction, through
 * the paths an officer uses, each checked and audited as the CLI: units, work sites and
 * weekly schedules through their services, employees through the employee import (an
 * in-memory sheet of the columns a SIASN export has), so their site links are the ones
 * the tree gives, and the rule set through the rules service. Accounts come as for a real
 * regency: every employee's by `hadir accounts activate` (issueActivation), the two
 * admins' by createAdminAccount, each then activated with its code and the demo password
 * as a person does at first sign-in (activateAccount, the password policy included).
 * Demo accounts exist only because this ran: agency admin `admin` / `hadir-admin`, unit
 * admin `admin.dinkes` / `hadir-admin` (Dinas Kesehatan and below), and one employee
 * account per employee (NIP, or the internal id for non-ASN) with password `hadir-demo`.
 */
import type { Kysely } from 'kysely';
import { validateEmployeeIdentity } from '../../core/employee.js';
import type { Cell, Sheet } from '../../core/import/sheet.js';
import type { AccountRole, EmployeeKind, Zone } from '../../core/model.js';
import { appendAudit, CLI_AUDIT_ACTOR } from '../platform/audit/audit.js';
import type { ScryptParams } from '../platform/crypto/password.js';
import type { Database } from '../platform/db/schema.js';
import { activateAccount, createAdminAccount, issueActivation } from '../features/accounts/service.js';
import type { Slip } from '../features/accounts/service.js';
import { applyEmployeeSheet } from '../features/import/service.js';
import { addRuleSetIn } from '../features/rules/service.js';
import { addWeeklyScheduleIn } from '../features/schedules/weekly.service.js';
import { createSiteIn } from '../features/sites/service.js';
import { CLI_ACTOR } from '../features/units/access.js';
import { createUnitIn } from '../features/units/service.js';
import { permentan68Preset } from '../../core/attendance/presets.js';
import { DEMO_EMPLOYEES, demoRandom, planDemo } from './plan.js';
import type { DemoPlan, PlannedEmployee } from './plan.js';

export const DEMO_ADMIN_PASSWORD = 'hadir-admin';
export const DEMO_EMPLOYEE_PASSWORD = 'hadir-demo';
export const DEMO_ROOT_NAME = 'Pemerintah Kabupaten Suka Maju';

/**
 * scrypt cost of the demo accounts: N = 2^12 instead of production's 2^15. The demo
 * passwords are published (README, `hadir demo`'s output), so the cost guards nothing
 * here, while each of the 305 accounts is activated with a hash of its own, one after
 * the other (each activation appends to the audit chain in the seed's transaction): at
 * production cost that is some 20 s more per seed on a 2-core machine. A password chosen
 * later is hashed at production cost by the auth service like any other.
 */
export const DEMO_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 12, r: 8, p: 1 });

export interface SeedOptions {
  /** Instant written as the accounts' creation time. */
  now: number;
  /** Random source for names and NIPs; default {@link demoRandom} (the README's NIPs). */
  random?: () => number;
  /** How many employees to draw; default 300 (the Jayapura office's three come on top). */
  employees?: number;
  /** scrypt cost of the demo passwords as activation hashes them; default {@link DEMO_SCRYPT}. */
  passwordParams?: ScryptParams;
  /** Who the audit entry names; default 'cli'. */
  actorLabel?: string;
}

export interface DemoLogin {
  role: AccountRole;
  username: string;
  password: string;
  /** What the login can do, in Indonesian / English. */
  note: string;
}

export interface DemoExample {
  kind: EmployeeKind;
  /** The login: NIP for ASN, internal id for non-ASN. */
  username: string;
  name: string;
  unit: string;
  /** Zone of the employee's work site. */
  zone: Zone;
}

export interface DemoSummary {
  rootUnitId: number;
  units: number;
  opd: number;
  employees: { total: number; pns: number; pppk: number; non_asn: number };
  accounts: number;
  locations: number;
  schedules: number;
  logins: DemoLogin[];
  /** Example employee logins: PNS (WIB), PNS (WITA), PPPK, non-ASN. */
  examples: { pns: DemoExample; pnsWita: DemoExample; pppk: DemoExample; nonAsn: DemoExample };
}

export type SeedOutcome =
  | { ok: true; summary: DemoSummary }
  /** The database already holds data; nothing was written. */
  | { ok: false; reason: 'not_empty'; units: number; employees: number; accounts: number };

/** The fixed demo logins (without the per-employee examples). */
export function demoAdminLogins(): DemoLogin[] {
  return [
    {
      role: 'agency_admin',
      username: 'admin',
      password: DEMO_ADMIN_PASSWORD,
      note: 'admin BKPSDM, seluruh kabupaten / agency admin, the whole regency',
    },
    {
      role: 'unit_admin',
      username: 'admin.dinkes',
      password: DEMO_ADMIN_PASSWORD,
      note: 'admin Dinas Kesehatan dan puskesmas / unit admin, health office and clinics',
    },
  ];
}

function loginOf(e: PlannedEmployee): string {
  const id = e.nip ?? e.internalId;
  if (id === null) throw new Error(`demo employee ${e.name} has neither NIP nor internal id`);
  return id;
}

/**
 * The example employee logins of a plan: the first PNS at a WIB site, the first PNS at a
 * WITA site, the first PPPK and the first non-ASN, in plan order.
 */
export function demoExamples(plan: DemoPlan): DemoSummary['examples'] {
  const units = new Map(plan.units.map((u) => [u.key, u]));
  const siteZone = (unitKey: string): Zone => {
    for (let u = units.get(unitKey); u; u = u.parentKey === null ? undefined : units.get(u.parentKey)) {
      if (u.location) return u.location.zone;
    }
    throw new Error(`demo unit ${unitKey} has no site`);
  };
  const example = (pred: (e: PlannedEmployee) => boolean): DemoExample => {
    const e = plan.employees.find(pred);
    if (!e) throw new Error('the demo plan lacks an example employee; give it more employees');
    return {
      kind: e.kind,
      username: loginOf(e),
      name: e.name,
      unit: units.get(e.unitKey)?.name ?? e.unitKey,
      zone: siteZone(e.unitKey),
    };
  };
  return {
    pns: example((e) => e.kind === 'pns' && siteZone(e.unitKey) === 'Asia/Jakarta' && e.unitKey !== 'setda'),
    pnsWita: example((e) => e.kind === 'pns' && siteZone(e.unitKey) === 'Asia/Makassar'),
    pppk: example((e) => e.kind === 'pppk'),
    nonAsn: example((e) => e.kind === 'non_asn'),
  };
}

async function counts(db: Kysely<Database>): Promise<{ units: number; employees: number; accounts: number }> {
  const count = async (table: 'units' | 'employees' | 'accounts') => {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  return {
    units: await count('units'),
    employees: await count('employees'),
    accounts: await count('accounts'),
  };
}

/** The demo's rule set applies from 1 January of the year it is seeded. */
export function demoRulesFrom(now: number): string {
  return `${new Date(now).getUTCFullYear()}-01-01`;
}

async function write(db: Kysely<Database>, plan: DemoPlan, opts: SeedOptions): Promise<SeedOutcome> {
  const existing = await counts(db);
  if (existing.units > 0 || existing.employees > 0 || existing.accounts > 0) {
    return { ok: false, reason: 'not_empty', ...existing };
  }

  const unitIds = new Map<string, number>();
  const siteOf = new Map<string, number>();
  let locations = 0;
  let schedules = 0;
  for (const u of plan.units) {
    const parentId = u.parentKey === null ? null : unitIds.get(u.parentKey);
    if (parentId === undefined) throw new Error(`demo unit ${u.key} comes before its parent`);
    const saved = await createUnitIn(db, CLI_ACTOR, opts.now, {
      parentId,
      name: u.name,
      kind: u.kind,
      zone: u.zone,
    });
    unitIds.set(u.key, saved.id);

    // A unit without its own site works at its parent's (a bidang in the OPD's office).
    const inherited = u.parentKey === null ? undefined : siteOf.get(u.parentKey);
    if (u.location) {
      const loc = await createSiteIn(db, CLI_ACTOR, opts.now, {
        unitId: saved.id,
        name: u.location.name,
        zone: u.location.zone,
        mode: 'office',
        shape: u.location.shape,
      });
      siteOf.set(u.key, loc.id);
      locations++;
    } else if (inherited !== undefined) {
      siteOf.set(u.key, inherited);
    }

    if (u.schedule) {
      const s = plan.schedules[u.schedule];
      await addWeeklyScheduleIn(db, CLI_ACTOR, opts.now, saved.id, {
        name: s.name,
        effectiveFrom: s.effectiveFrom,
        days: [...s.days],
      });
      schedules++;
    }
  }

  const tally = { total: 0, pns: 0, pppk: 0, non_asn: 0 };
  const text = (v: string | null): Cell => (v === null ? { t: 'empty' } : { t: 'text', v });
  const unitName = new Map(plan.units.map((u) => [u.key, u.name]));
  const sheet: Sheet = {
    headers: ['NIP Baru', 'Nomor Pegawai', 'Nama', 'Status Kepegawaian', 'Unit Kerja', 'Jabatan'],
    headerRow: 1,
    rows: plan.employees.map((e, i) => {
      const identity = validateEmployeeIdentity(e.kind, e.nip, e.internalId);
      if (!identity.ok) throw new Error(`demo employee ${e.name}: ${JSON.stringify(identity.details)}`);
      if (siteOf.get(e.unitKey) === undefined) throw new Error(`demo unit ${e.unitKey} has no site`);
      const kind = e.kind === 'non_asn' ? 'Non ASN' : e.kind.toUpperCase();
      return {
        row: i + 2,
        cells: [
          text(identity.value.nip),
          text(identity.value.internalId),
          text(e.name),
          text(kind),
          text(unitName.get(e.unitKey) ?? null),
          text(e.position),
        ],
      };
    }),
  };
  const imported = await applyEmployeeSheet(db, CLI_ACTOR, opts.now, sheet, {});
  if (imported.create.length !== plan.employees.length) {
    throw new Error(`demo import refused: ${JSON.stringify(imported.refused.slice(0, 3))}`);
  }
  for (const e of plan.employees) {
    tally.total++;
    tally[e.kind]++;
  }

  const rootUnitId = unitIds.get('pemda');
  const dinkes = unitIds.get('dinkes');
  if (rootUnitId === undefined || dinkes === undefined) throw new Error('demo plan lacks pemda or dinkes');
  // The Permentan 68/2012 preset from 1 January of the seeding year (as `demo punches`
  // adopts it), so that the recap, the card and every export answer out of the box
  // instead of rules_missing.
  await addRuleSetIn(db, { actor: CLI_AUDIT_ACTOR }, opts.now, {
    organisationId: rootUnitId,
    ruleSet: permentan68Preset(demoRulesFrom(opts.now)),
  });

  // Accounts as a regency gets them: a code per employee account (`hadir accounts
  // activate --all`) and per admin account, each used once with the demo password.
  const deps = {
    db,
    now: () => opts.now,
    passwordParams: opts.passwordParams ?? DEMO_SCRYPT,
  };
  const slips: { slip: Slip; password: string }[] = (
    await issueActivation(deps, CLI_ACTOR, { unitId: null })
  ).map((slip) => ({ slip, password: DEMO_EMPLOYEE_PASSWORD }));
  if (slips.length !== plan.employees.length) {
    throw new Error(`demo accounts: ${slips.length} codes for ${plan.employees.length} employees`);
  }
  const admins = demoAdminLogins();
  for (const login of admins) {
    const role = login.role === 'unit_admin' ? 'unit_admin' : 'agency_admin';
    const slip = await createAdminAccount(deps, CLI_ACTOR, {
      username: login.username,
      role,
      unitId: role === 'unit_admin' ? dinkes : null,
    });
    slips.push({ slip, password: login.password });
  }
  // One at a time: each activation appends to the audit chain in this transaction.
  for (const { slip, password } of slips) {
    await activateAccount(deps, { username: slip.username, code: slip.code, password });
  }

  const examples = demoExamples(plan);
  const summary: DemoSummary = {
    rootUnitId,
    units: plan.units.length,
    opd: plan.units.filter((u) => u.kind === 'opd').length,
    employees: tally,
    accounts: tally.total + admins.length,
    locations,
    schedules,
    logins: [
      ...admins,
      ...[examples.pns, examples.pnsWita, examples.pppk, examples.nonAsn].map((x): DemoLogin => ({
        role: 'employee',
        username: x.username,
        password: DEMO_EMPLOYEE_PASSWORD,
        note: `${x.kind === 'non_asn' ? 'non-ASN' : x.kind.toUpperCase()}, ${x.name}, ${x.unit} (${x.zone})`,
      })),
    ],
    examples,
  };

  await appendAudit(db, {
    at: opts.now,
    actor_account_id: null,
    actor_label: opts.actorLabel ?? 'cli',
    action: 'demo.seed',
    target: `unit:${rootUnitId}`,
    detail: JSON.stringify({
      units: summary.units,
      employees: summary.employees,
      accounts: summary.accounts,
      locations: summary.locations,
      schedules: summary.schedules,
    }),
  });
  return { ok: true, summary };
}

/**
 * Seeds the demo regency into an empty database, all or nothing. Refuses (ok: false,
 * nothing written) when the database already holds units, employees or accounts.
 *
 * @example
 *   const hash = await hashPassword('hadir-demo');
 *   const out = await seedDemo(h.db, { now: Date.now(), passwordHash: hash,
 *     adminPasswordHash: await hashPassword('hadir-admin') });
 *   if (out.ok) console.log(out.summary.examples.pns.username); // an 18-digit NIP
 */
export async function seedDemo(db: Kysely<Database>, opts: SeedOptions): Promise<SeedOutcome> {
  const plan = planDemo(opts.random ?? demoRandom(), opts.employees ?? DEMO_EMPLOYEES);
  if (db.isTransaction) return write(db, plan, opts);
  return db.transaction().execute((trx) => write(trx, plan, opts));
}
