/**
 * The attendance rule stores and the month service, on SQLite and on PostgreSQL through
 * the real migrations: seeded holidays and Ramadan hours, versioned rule sets,
 * append-only rosters and entries, requests decided once, and a recap that follows an
 * approval made after it was first computed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import type { WeeklySchedule, WorkDay } from '../../../core/model.js';
import { zonedToInstant } from '../../../core/time.js';
import { insertPunches } from '../check-ins/store.js';
import { isUniqueViolation } from '../../platform/db/engine.js';
import { insertEmployee } from '../employees/store.js';
import { insertUnit } from '../units/store.js';
import { insertSchedule } from '../schedules/store.js';
import { ENGINES, openTestDatabase } from '../../test-support/engines.js';
import type { TestDatabase } from '../../test-support/engines.js';
import { readAttachment, saveAttachment, sniffAttachment } from '../requests/attachments.js';
import { loadPeriod, recapMonth } from '../reports/service.js';
import { syntheticPunch } from '../reports/punch-rows.js';
import { deleteHoliday, insertHoliday, listHolidays, updateHoliday } from '../calendar/store.js';
import { insertAttendanceEntry, listEntryEvents } from '../entries/store.js';
import { insertIncident, listIncidents } from '../incidents/store.js';
import {
  decideCorrectionRequest,
  decideLeaveRequest,
  getCorrectionRequest,
  insertCorrectionRequest,
  insertLeaveRequest,
  listLeaveGrants,
  listLeaveRequests,
} from '../requests/store.js';
import { insertRosterEntries, insertShiftType, listRosterEntries, listShiftTypes } from '../rosters/store.js';
import { insertRuleSet, listRuleSets, listUnitRules, setUnitRules } from '../rules/store.js';
import { listOverrides } from '../schedules/store.js';

const DAY: WorkDay = {
  start: 450,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 720,
  checkOutFrom: 720,
  checkOutUntil: 1320,
};
const WEEK: WeeklySchedule['days'] = [DAY, DAY, DAY, DAY, DAY, null, null];

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the operation to be refused');
}

const wib = (date: string, hh: number, mm: number) => zonedToInstant(date, hh * 60 + mm, 'Asia/Jakarta');

describe.each(ENGINES)('attendance stores on %s', (engine) => {
  let t: TestDatabase;
  let org: number;
  let unit: number;
  let emp: number;

  beforeAll(async () => {
    t = await openTestDatabase(engine);
    org = (await insertUnit(t.db, { parentId: null, name: 'Pemkab', kind: 'pemda', zone: 'Asia/Jakarta' }))
      .id;
    unit = (await insertUnit(t.db, { parentId: org, name: 'Dinas', kind: 'opd', zone: 'Asia/Jakarta' })).id;
    emp = (
      await insertEmployee(t.db, {
        kind: 'pns',
        nip: '198609262015051001',
        internalId: null,
        name: 'Andi',
        unitId: unit,
        position: 'Staf',
        active: true,
      })
    ).id;
    await insertSchedule(t.db, { unitId: org, name: '5 hari', effectiveFrom: '2026-01-01', days: WEEK });
  });
  afterAll(() => t?.drop());

  it('loads nobody when the scope names nobody, on both engines', async () => {
    // An empty list once reached the punch query as `in ()`, which PostgreSQL refuses.
    for (const scope of [{ employeeIds: [] }, { unitIds: [] }]) {
      const p = await loadPeriod(t.db, scope, '2026-02-01', '2026-02-28');
      expect(p.people).toEqual([]);
    }
  });

  it('ships the 2026 national holidays, cuti bersama and Ramadan hours', async () => {
    const hs = await listHolidays(t.db, '2026-01-01', '2026-12-31');
    expect(hs.filter((h) => h.kind === 'national')).toHaveLength(17);
    expect(hs.filter((h) => h.kind === 'cuti_bersama')).toHaveLength(8);
    const ramadan = await listOverrides(t.db, '2026-03-01', '2026-03-31');
    expect(ramadan).toHaveLength(1);
    expect(ramadan[0]).toMatchObject({ from: '2026-02-19', to: '2026-03-20', unitIds: null });
    expect(ramadan[0]!.days[0]).toMatchObject({ start: 480, end: 900 });
  });

  it('edits holidays and adds regional ones', async () => {
    const h = await insertHoliday(t.db, {
      date: '2026-07-10',
      name: 'Hari Jadi Kabupaten',
      kind: 'regional',
      unitIds: [org],
    });
    expect(await updateHoliday(t.db, h.id, { ...h, name: 'Hari Jadi Kab. Suka Maju' })).toBe(true);
    const july = await listHolidays(t.db, '2026-07-01', '2026-07-31');
    expect(july).toEqual([
      { id: h.id, date: '2026-07-10', name: 'Hari Jadi Kab. Suka Maju', kind: 'regional', unitIds: [org] },
    ]);
    expect(await deleteHoliday(t.db, h.id)).toBe(true);
    expect(await listHolidays(t.db, '2026-07-01', '2026-07-31')).toEqual([]);
  });

  it('keeps rule set versions append-only', async () => {
    const v1 = permentan68Preset('2026-01-01');
    await insertRuleSet(t.db, org, v1, 1, null);
    expect(isUniqueViolation(await failure(insertRuleSet(t.db, org, v1, 2, null)))).toBe(true);
    await failure(sql`update rule_sets set data = '{}'`.execute(t.db));
    expect((await listRuleSets(t.db, org)).map((r) => r.rules)).toEqual([v1]);
  });

  it('upserts unit rules', async () => {
    const flex = { flexMinutes: 0, lateGraceMinutes: 5, earlyGraceMinutes: 0 };
    await setUnitRules(t.db, { unitId: unit, worksOnHolidays: false, flex });
    await setUnitRules(t.db, { unitId: unit, worksOnHolidays: true, flex });
    expect((await listUnitRules(t.db)).get(unit)).toEqual({ unitId: unit, worksOnHolidays: true, flex });
    await setUnitRules(t.db, {
      unitId: unit,
      worksOnHolidays: false,
      flex: { ...flex, lateGraceMinutes: 0 },
    });
  });

  it('appends roster entries and refuses edits', async () => {
    const s = await insertShiftType(t.db, unit, {
      code: 'P',
      name: 'Pagi',
      start: 420,
      end: 840,
      checkInFrom: 360,
      checkInUntil: 540,
      checkOutFrom: 780,
      checkOutUntil: 960,
    });
    expect((await listShiftTypes(t.db, [unit]))[0]).toEqual(s);
    await insertRosterEntries(
      t.db,
      [{ employeeId: emp, date: '2026-09-01', shiftCode: 'P', revision: 0 }],
      1,
      null,
    );
    await insertRosterEntries(
      t.db,
      [{ employeeId: emp, date: '2026-09-01', shiftCode: null, revision: 1 }],
      2,
      null,
    );
    expect(await listRosterEntries(t.db, [emp], '2026-09-01', '2026-09-01')).toEqual([
      { employeeId: emp, date: '2026-09-01', shiftCode: 'P', revision: 0 },
      { employeeId: emp, date: '2026-09-01', shiftCode: null, revision: 1 },
    ]);
    await failure(sql`delete from roster_entries`.execute(t.db));
  });

  it('decides a leave request once', async () => {
    const id = randomUUID();
    await insertLeaveRequest(t.db, {
      id,
      employeeId: emp,
      type: 'cuti_tahunan',
      from: '2026-08-03',
      to: '2026-08-04',
      reason: 'keluarga',
      attachmentSha256: null,
      status: 'pending',
      requestedAt: 1,
      requestedBy: 1,
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
    });
    expect(await listLeaveGrants(t.db, { unitIds: [unit] }, '2026-08-01', '2026-08-31')).toEqual([]);
    expect(await decideLeaveRequest(t.db, id, { status: 'approved', at: 2, by: 9, reason: null })).toBe(true);
    expect(await decideLeaveRequest(t.db, id, { status: 'rejected', at: 3, by: 9, reason: 'no' })).toBe(
      false,
    );
    expect(await listLeaveGrants(t.db, { unitIds: [unit] }, '2026-08-01', '2026-08-31')).toEqual([
      { id, employeeId: emp, type: 'cuti_tahunan', from: '2026-08-03', to: '2026-08-04' },
    ]);
    expect((await listLeaveRequests(t.db, { employeeIds: [emp], status: 'approved' }))[0]).toMatchObject({
      decidedBy: 9,
    });
  });

  it('keeps attendance entries append-only and lists incidents by overlap', async () => {
    const id = randomUUID();
    await insertAttendanceEntry(t.db, {
      id,
      employeeId: emp,
      kind: 'in',
      at: wib('2026-10-01', 7, 20),
      workDate: '2026-10-01',
      source: 'admin',
      author: 5,
      note: 'mesin rusak',
      voids: null,
      requestId: null,
      createdAt: 1,
    });
    await failure(sql`update attendance_entries set note = 'x'`.execute(t.db));
    expect(await listEntryEvents(t.db, { employeeIds: [emp] }, '2026-10-01', '2026-10-01')).toEqual([
      {
        id,
        employeeId: emp,
        kind: 'in',
        at: wib('2026-10-01', 7, 20),
        // An admin's entry is read as the 'manual' channel.
        source: 'manual',
        author: '5',
        note: 'mesin rusak',
        fence: null,
      },
    ]);
    await insertIncident(
      t.db,
      {
        id: randomUUID(),
        from: wib('2026-10-02', 7, 0),
        to: wib('2026-10-02', 8, 10),
        unitIds: null,
        reason: 'jaringan',
      },
      1,
      null,
    );
    expect(await listIncidents(t.db, wib('2026-10-02', 0, 0), wib('2026-10-03', 0, 0))).toHaveLength(1);
    expect(await listIncidents(t.db, wib('2026-10-03', 0, 0), wib('2026-10-04', 0, 0))).toHaveLength(0);
  });

  it('stores attachments by content, typed by their first bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hadir-att-'));
    try {
      // A minimal real PDF: header, one object, xref, trailer, startxref and %%EOF (attachments are checked).
      const body = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n';
      const pdf = Buffer.from(
        `${body}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n` +
          `startxref\n${body.length}\n%%EOF\n`,
      );
      expect(sniffAttachment(pdf)).toBe('application/pdf');
      expect(sniffAttachment(Buffer.from('GIF89a'))).toBeNull();
      const a = await saveAttachment(t.db, dir, pdf, 1);
      const b = await saveAttachment(t.db, dir, pdf, 2);
      expect(a).toEqual(b);
      if (!a.ok) throw new Error('refused');
      expect((await readAttachment(t.db, dir, a.sha256))?.data.equals(pdf)).toBe(true);
      expect(await saveAttachment(t.db, dir, Buffer.alloc(2 * 1024 * 1024 + 1, 0x25), 1)).toEqual({
        ok: false,
        reason: 'too_large',
      });
      expect(await saveAttachment(t.db, dir, Buffer.from('hello'), 1)).toEqual({ ok: false, reason: 'type' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recomputes the recap after a correction is approved', async () => {
    // Monday 6 April 2026: in at 07:45 (15 min late, TL1 0.5 %), no check-out (PSW4 2 %).
    await insertPunches(t.db, [
      syntheticPunch(randomUUID(), emp, 'in', wib('2026-04-06', 7, 45), 'Asia/Jakarta'),
    ]);
    const before = await recapMonth(t.db, { unitIds: [unit] }, '2026-04');
    const person = before.recap.people[0]!;
    const day = person.ledger.find((d) => d.date === '2026-04-06')!;
    expect(day).toMatchObject({
      status: 'lupa_absen_pulang',
      bp: 250,
      ruleVersion: 'permentan-68-2012@2026-01-01',
    });
    // 3 April (Wafat Yesus Kristus) is a holiday; the other 21 working days have no punch: TK 4 % each.
    expect(person.counts).toMatchObject({
      workingDays: 21,
      tanpaKeterangan: 20,
      lupaAbsenPulang: 1,
      libur: 9,
    });

    const reqId = randomUUID();
    await insertCorrectionRequest(t.db, {
      id: reqId,
      employeeId: emp,
      kind: 'out',
      at: wib('2026-04-06', 16, 5),
      workDate: '2026-04-06',
      reason: 'lupa absen pulang',
      attachmentSha256: null,
      status: 'pending',
      requestedAt: 1,
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
    });
    expect(
      await decideCorrectionRequest(t.db, reqId, { status: 'approved', at: 2, by: 7, reason: null }),
    ).toBe(true);
    const req = await getCorrectionRequest(t.db, reqId);
    await insertAttendanceEntry(t.db, {
      id: randomUUID(),
      employeeId: emp,
      kind: req!.kind,
      at: req!.at,
      workDate: req!.workDate,
      source: 'correction',
      author: 7,
      note: req!.reason,
      voids: null,
      requestId: reqId,
      createdAt: 2,
    });
    const after = await recapMonth(t.db, { unitIds: [unit] }, '2026-04');
    const fixed = after.recap.people[0]!.ledger.find((d) => d.date === '2026-04-06')!;
    expect(fixed).toMatchObject({ status: 'terlambat', bp: 50 });
    expect(after.statuses[0]!.find((d) => d.date === '2026-04-06')!.reasons).toContain('corrected');
    expect(after.recap.people[0]!.totalBp).toBe(person.totalBp - 200);
  });
});
