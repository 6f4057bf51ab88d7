import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNip } from '../../core/nip.js';
import { validateShape } from '../../core/geo.js';
import { validateWorkDay } from '../../core/schedule.js';
import { listAudit } from '../platform/audit/audit.js';
import { findAccountByUsername } from '../features/auth/accounts.store.js';
import { listEmployees } from '../features/employees/store.js';
import { listLocations, listLocationsForEmployee } from '../features/sites/store.js';
import { listUnits } from '../features/units/store.js';
import { listSchedules } from '../features/schedules/store.js';
import { ENGINES, openTestDatabase } from '../test-support/engines.js';
import { TEST_SCRYPT } from '../test-support/http-fixtures.js';
import { verifyPassword } from '../platform/crypto/password.js';
import type { TestDatabase } from '../test-support/engines.js';
import { demoRandom, planDemo } from './plan.js';
import { demoExamples, demoRulesFrom, seedDemo } from './seed.js';
import { listRuleSets } from '../features/rules/store.js';
import { permentan68Preset } from '../../core/attendance/presets.js';
import type { DemoSummary } from './seed.js';

const NOW = Date.UTC(2026, 0, 5, 0, 0, 0);
// Each account is activated with its own hash of the demo password: cheap scrypt here.
const opts = { now: NOW, passwordParams: TEST_SCRYPT };

describe('demo plan (pure)', () => {
  it('gives the same NIPs and ids for the same seed, and different ones for another seed', () => {
    const ids = (seed: number) => planDemo(demoRandom(seed)).employees.map((e) => e.nip ?? e.internalId);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(7)).not.toEqual(ids(8));
    expect(ids(7)).toHaveLength(303);
  });

  it('has only schedules whose working days pass the domain check', () => {
    const { schedules } = planDemo(demoRandom());
    for (const s of [schedules.five_day, schedules.six_day]) {
      for (const d of s.days) if (d) expect(validateWorkDay(d)).toEqual({ ok: true, value: d });
    }
    // Perpres 21/2023: 37.5 h a week on the 5-day schedule (breaks included in the span).
    expect(schedules.five_day.days.filter(Boolean)).toHaveLength(5);
    expect(schedules.six_day.days.filter(Boolean)).toHaveLength(6);
  });
});

describe.each(ENGINES)('seedDemo on %s', (engine) => {
  let t: TestDatabase;
  let summary: DemoSummary;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    const out = await seedDemo(t.db, opts);
    if (!out.ok) throw new Error(`seed refused: ${out.reason}`);
    summary = out.summary;
  });
  afterAll(() => t?.drop());

  it('adopts the Permentan 68/2012 preset, so recaps do not answer rules_missing', async () => {
    const versions = await listRuleSets(t.db, summary.rootUnitId);
    expect(versions.map((v) => v.rules.id)).toEqual(['permentan-68-2012@2026-01-01']);
    expect(versions[0]!.rules).toEqual(permentan68Preset(demoRulesFrom(NOW)));
  });

  it('creates about 12 OPD with sub-units under one Pemda root', async () => {
    const units = await listUnits(t.db);
    expect(units).toHaveLength(summary.units);
    const roots = units.filter((u) => u.parentId === null);
    expect(roots).toHaveLength(1);
    expect(roots[0]?.kind).toBe('pemda');
    const opd = units.filter((u) => u.kind === 'opd');
    expect(opd.length).toBeGreaterThanOrEqual(12);
    expect(opd.length).toBeLessThanOrEqual(14);
    expect(opd.every((u) => u.parentId === roots[0]?.id)).toBe(true);
    for (const kind of ['bidang', 'upt', 'sekolah', 'puskesmas'] as const) {
      expect(units.some((u) => u.kind === kind)).toBe(true);
    }
  });

  it('has a unit working in WITA (Asia/Makassar) with a site in that zone', async () => {
    const units = await listUnits(t.db);
    const wita = units.filter((u) => u.zone === 'Asia/Makassar');
    expect(wita.length).toBeGreaterThanOrEqual(1);
    const sites = await listLocations(
      t.db,
      wita.map((u) => u.id),
    );
    expect(sites.length).toBeGreaterThanOrEqual(1);
    expect(sites.every((l) => l.zone === 'Asia/Makassar')).toBe(true);
  });

  it('has a unit working in WIT (Asia/Jayapura) with its site and its people', async () => {
    const units = await listUnits(t.db);
    const wit = units.filter((u) => u.zone === 'Asia/Jayapura');
    expect(wit.map((u) => u.name)).toEqual(['Kantor Penghubung Kabupaten Suka Maju di Jayapura']);
    const sites = await listLocations(
      t.db,
      wit.map((u) => u.id),
    );
    expect(sites.map((l) => l.zone)).toEqual(['Asia/Jayapura']);
    const people = (await listEmployees(t.db, { limit: 1000 })).filter((e) => e.unitId === wit[0]?.id);
    expect(people.map((e) => e.kind).sort()).toEqual(['non_asn', 'pns', 'pppk']);
  });

  it('creates 303 employees of all three kinds, each with a valid NIP or an internal id', async () => {
    const all = await listEmployees(t.db, { limit: 1000 });
    expect(all).toHaveLength(303);
    expect(summary.employees.total).toBe(303);
    const byKind = { pns: 0, pppk: 0, non_asn: 0 };
    for (const e of all) byKind[e.kind]++;
    expect(byKind).toEqual({
      pns: summary.employees.pns,
      pppk: summary.employees.pppk,
      non_asn: summary.employees.non_asn,
    });
    expect(byKind.pns).toBeGreaterThan(100);
    expect(byKind.pppk).toBeGreaterThan(20);
    expect(byKind.non_asn).toBeGreaterThan(20);

    for (const e of all) {
      if (e.kind === 'non_asn') {
        expect(e.nip).toBeNull();
        expect(e.internalId).toMatch(/^NA-20\d\d-\d{4}$/);
      } else {
        const parsed = parseNip(e.nip ?? '');
        expect(parsed.ok ? parsed.value.kind : parsed).toBe(e.kind);
        expect(e.internalId).toBeNull();
      }
    }
    expect(new Set(all.map((e) => e.nip ?? e.internalId)).size).toBe(303);
  });

  it('gives every employee one site of their unit or an ancestor, circles of 50-150 m and a polygon', async () => {
    const locations = await listLocations(t.db);
    expect(locations).toHaveLength(summary.locations);
    for (const l of locations) {
      expect(validateShape(l.shape).ok).toBe(true);
      if (l.shape.type === 'circle') {
        expect(l.shape.radiusM).toBeGreaterThanOrEqual(50);
        expect(l.shape.radiusM).toBeLessThanOrEqual(150);
      }
    }
    expect(locations.some((l) => l.shape.type === 'polygon')).toBe(true);

    const units = new Map((await listUnits(t.db)).map((u) => [u.id, u]));
    const employees = await listEmployees(t.db, { limit: 1000 });
    for (const e of employees.filter((_, i) => i % 10 === 0)) {
      const sites = await listLocationsForEmployee(t.db, e.id);
      expect(sites).toHaveLength(1);
      const chain: number[] = [];
      for (let u = units.get(e.unitId); u; u = u.parentId === null ? undefined : units.get(u.parentId)) {
        chain.push(u.id);
      }
      expect(chain).toContain(sites[0]?.unitId);
    }
  });

  it('has a 5-day schedule at the root and a 6-day one for schools and Satpol PP', async () => {
    const schedules = await listSchedules(t.db);
    expect(schedules).toHaveLength(summary.schedules);
    const root = schedules.filter((s) => s.unitId === summary.rootUnitId);
    expect(root).toHaveLength(1);
    expect(root[0]?.days.filter(Boolean)).toHaveLength(5);
    // Monday 07:30-16:00, Friday 07:30-16:30.
    expect(root[0]?.days[0]).toMatchObject({ start: 450, end: 960 });
    expect(root[0]?.days[4]).toMatchObject({ start: 450, end: 990 });
    const units = new Map((await listUnits(t.db)).map((u) => [u.id, u]));
    const sixDay = schedules.filter((s) => s.days.filter(Boolean).length === 6);
    const kinds = new Set(sixDay.map((s) => units.get(s.unitId)?.kind));
    expect(kinds).toContain('sekolah');
    expect(sixDay.some((s) => units.get(s.unitId)?.name === 'Satuan Polisi Pamong Praja')).toBe(true);
    expect(sixDay[0]?.days[5]).toMatchObject({ start: 450, end: 810 });
  });

  it('creates the demo accounts: two admins and one login per employee, activated with the demo passwords', async () => {
    const admin = await findAccountByUsername(t.db, 'admin');
    expect(admin).toMatchObject({ role: 'agency_admin', unit_id: null, active: 1 });
    expect(await verifyPassword('hadir-admin', admin?.password_hash ?? '')).toBe(true);
    const unitAdmin = await findAccountByUsername(t.db, 'admin.dinkes');
    const dinkes = (await listUnits(t.db)).find((u) => u.name === 'Dinas Kesehatan');
    expect(unitAdmin).toMatchObject({ role: 'unit_admin', unit_id: dinkes?.id, active: 1 });
    expect(await verifyPassword('hadir-admin', unitAdmin?.password_hash ?? '')).toBe(true);

    const { pns, pnsWita, pppk, nonAsn } = summary.examples;
    expect(pns.zone).toBe('Asia/Jakarta');
    expect(pnsWita.zone).toBe('Asia/Makassar');
    for (const x of [pns, pnsWita, pppk, nonAsn]) {
      const account = await findAccountByUsername(t.db, x.username);
      expect(account).toMatchObject({ role: 'employee', active: 1 });
      expect(await verifyPassword('hadir-demo', account?.password_hash ?? '')).toBe(true);
      expect(account?.employee_id).not.toBeNull();
    }
    expect(parseNip(pns.username).ok && parseNip(pppk.username).ok).toBe(true);
    expect(nonAsn.username).toMatch(/^NA-/);
    const n = await t.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(305);
    expect(summary.accounts).toBe(305);
  });

  it('gives the same NIPs as the pure plan for the default seed (the README lists them)', async () => {
    const planned = planDemo(demoRandom()).employees.map((e) => e.nip ?? e.internalId);
    const stored = (await listEmployees(t.db, { limit: 1000 })).map((e) => e.nip ?? e.internalId);
    expect(stored).toEqual(planned);
  });

  it('records the seed in the audit log as done by the CLI', async () => {
    const [last] = await listAudit(t.db, { limit: 1 });
    expect(last).toMatchObject({ actor_label: 'cli', action: 'demo.seed', actor_account_id: null });
    expect(JSON.parse(last?.detail ?? '{}')).toMatchObject({ employees: { total: 303 } });
  });

  it('refuses a second seed and writes nothing', async () => {
    const out = await seedDemo(t.db, { ...opts, random: demoRandom(99) });
    expect(out).toEqual({
      ok: false,
      reason: 'not_empty',
      units: summary.units,
      employees: 303,
      accounts: 305,
    });
    expect(await listEmployees(t.db, { limit: 1000 })).toHaveLength(303);
  });
});

describe('the README', () => {
  it('lists the demo logins and figures this seed produces', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const plan = planDemo(demoRandom());
    const { pns, pnsWita, pppk, nonAsn } = demoExamples(plan);
    for (const x of [pns, pnsWita, pppk, nonAsn]) {
      expect(readme).toContain(`| \`${x.username}\` | \`hadir-demo\` |`);
      expect(readme).toContain(x.name);
    }
    const count = (kind: string) => plan.employees.filter((e) => e.kind === kind).length;
    expect(readme).toContain(`${plan.units.length} units`);
    expect(readme).toContain(`${plan.units.filter((u) => u.kind === 'opd').length} OPD`);
    expect(readme).toContain(
      `${plan.employees.length} employees (${count('pns')} PNS, ${count('pppk')} PPPK, ${count('non_asn')} non-ASN)`,
    );
    expect(readme).toContain(`${plan.units.filter((u) => u.location).length} work sites`);
  });
});
