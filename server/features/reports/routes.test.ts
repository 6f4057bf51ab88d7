/**
 * The attendance rules API over real HTTP on both engines, as one story that ends in the
 * reports (each feature's own details are tested beside it): rule set versions, scope per
 * role and unit, leave and correction requests decided by the unit admin, the recap
 * following an approval, audit entries, and exports that open (XLSX re-read with
 * exceljs, PDF rendered by pdftoppm, CSV parsed back).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset, siapTubaPreset } from '../../../core/attendance/index.js';
import { listAudit } from '../../platform/audit/audit.js';
import { insertPunches } from '../check-ins/store.js';
import { parseCsv } from '../reports/render-csv.js';
import { headerRowOf } from '../reports/render-xlsx.js';
import { call, login, NIP_A, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { ENGINES } from '../../test-support/engines.js';
import { syntheticPunch } from '../reports/punch-rows.js';

/** A minimal real PDF: header, one object, xref, trailer, startxref and %%EOF (attachments are checked). */
const PDF_BODY = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n';
const PDF = Buffer.from(
  `${PDF_BODY}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n` +
    `startxref\n${PDF_BODY.length}\n%%EOF\n`,
);
const wita = (date: string, hh: number, mm: number) =>
  Date.parse(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);

async function fetchFile(
  s: TestServer,
  path: string,
  token: string,
): Promise<{ status: number; type: string | null; data: Buffer }> {
  const r = await fetch(s.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, type: r.headers.get('content-type'), data: Buffer.from(await r.arrayBuffer()) };
}

describe.each(ENGINES)('attendance rules API, from requests to reports, on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let disdik: string;
  let empA: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, disdik, empA] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, 'admin.disdik').then((l) => l.token),
      login(s.url, NIP_A).then((l) => l.token),
    ]);
  });
  afterAll(() => s?.close());

  it('adds rule set versions, validated, never twice', async () => {
    const rules = permentan68Preset('2026-01-01');
    expect(
      (await call(s.url, 'POST', '/api/v1/rule-sets', { token: dinkes, body: { ruleSet: rules } })).status,
    ).toBe(403);
    const bad = {
      ...rules,
      id: 'bad@2026',
      lateBands: [
        { code: 'TL1', from: 1, to: 31, pct: 0.5 },
        { code: 'TL2', from: 40, to: null, pct: 1 },
      ],
    };
    const refused = await call(s.url, 'POST', '/api/v1/rule-sets', { token: agency, body: { ruleSet: bad } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'invalid_body',
      details: [{ field: '/ruleSet/lateBands/1/from', reason: 'gap' }],
    });
    expect(
      (await call(s.url, 'POST', '/api/v1/rule-sets', { token: agency, body: { ruleSet: rules } })).status,
    ).toBe(201);
    const again = await call(s.url, 'POST', '/api/v1/rule-sets', { token: agency, body: { ruleSet: rules } });
    expect(again.body).toMatchObject({ code: 'rule_version_exists' });
    const list = await call<{ versions: unknown[] }>(s.url, 'GET', '/api/v1/rule-sets', { token: dinkes });
    expect(list.body.versions).toHaveLength(1);
  });

  it('adopts a preset by its id from a date, and says which field is wrong otherwise', async () => {
    const post = (body: unknown) => call(s.url, 'POST', '/api/v1/rule-sets', { token: agency, body });
    const adopted = await post({ preset: 'siap-tuba', effectiveFrom: '2031-01-01' });
    expect(adopted.status).toBe(201);
    expect(adopted.body).toMatchObject({ rules: siapTubaPreset('2031-01-01') });
    const list = await call<{ versions: { rules: { id: string } }[] }>(s.url, 'GET', '/api/v1/rule-sets', {
      token: agency,
    });
    expect(list.body.versions.map((v) => v.rules.id)).toContain('siap-tuba@2031-01-01');

    const refusals: [unknown, string, string, string][] = [
      [{ preset: 'siap-tuba' }, 'invalid_body', '/effectiveFrom', 'required'],
      [{ effectiveFrom: '2031-08-01' }, 'invalid_body', '/ruleSet', 'required'],
      [{}, 'invalid_body', '/ruleSet', 'required'],
      [{ preset: 'siap-tuba', effectiveFrom: '2031-02-30' }, 'invalid_date', '/effectiveFrom', ''],
      [
        { ruleSet: permentan68Preset('2031-09-01'), preset: 'siap-tuba' },
        'invalid_body',
        '/preset',
        'not_with_ruleSet',
      ],
    ];
    for (const [body, code, field, reason] of refusals) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body, JSON.stringify(body)).toMatchObject({ code });
      const details = (r.body as { details: { field: string; reason: string }[] }).details;
      expect(details.some((d) => d.field === field && (reason === '' || d.reason === reason))).toBe(true);
    }
    // An unknown preset is refused by the schema.
    const unknown = await post({ preset: 'perbup-tanpa-nama', effectiveFrom: '2031-08-01' });
    expect(unknown.status).toBe(400);
    // Nothing refused was stored.
    const after = await call<{ versions: unknown[] }>(s.url, 'GET', '/api/v1/rule-sets', { token: agency });
    expect(after.body.versions).toHaveLength(list.body.versions.length);
  });

  it('keeps unit admins to their units: outside them an id answers as a missing one', async () => {
    const u = s.seeded.units;
    const outside = await call(s.url, 'GET', `/api/v1/units/${u.disdik}/recap?month=2026-02`, {
      token: dinkes,
    });
    const missing = await call(s.url, 'GET', '/api/v1/units/999999/recap?month=2026-02', { token: dinkes });
    expect(outside).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(outside.body).toEqual(missing.body);
    expect(
      (await call(s.url, 'GET', `/api/v1/units/${u.dinkes}/recap?month=2026-02`, { token: empA })).status,
    ).toBe(403);
    expect(
      (await call(s.url, 'GET', `/api/v1/units/${u.dinkes}/recap?month=2026-2`, { token: dinkes })).status,
    ).toBe(400);
    expect(
      (
        await call(s.url, 'GET', `/api/v1/employees/${s.seeded.employees.a}/card?month=2026-02`, {
          token: disdik,
        })
      ).status,
    ).toBe(404);
  });

  it('takes a leave request with an attachment and lets the unit admin decide it once', async () => {
    const gif = await call(s.url, 'POST', '/api/v1/me/leave-requests', {
      token: empA,
      body: {
        type: 'cuti_tahunan',
        from: '2026-02-09',
        to: '2026-02-10',
        reason: 'urusan keluarga',
        attachment: Buffer.from('GIF89a').toString('base64'),
      },
    });
    expect(gif.body).toMatchObject({ code: 'attachment_type' });
    // Two days of sick leave need a doctor's letter: refused without one, nothing stored.
    const noLetter = await call(s.url, 'POST', '/api/v1/me/leave-requests', {
      token: empA,
      body: { type: 'cuti_sakit', from: '2026-02-16', to: '2026-02-17', reason: 'demam' },
    });
    expect(noLetter.status).toBe(422);
    expect(noLetter.body).toMatchObject({ code: 'attachment_required' });
    const created = await call<{ id: string; status: string; attachmentSha256: string }>(
      s.url,
      'POST',
      '/api/v1/me/leave-requests',
      {
        token: empA,
        body: {
          type: 'cuti_tahunan',
          from: '2026-02-09',
          to: '2026-02-10',
          reason: 'urusan keluarga',
          attachment: PDF.toString('base64'),
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending');
    const file = await fetchFile(s, `/api/v1/attachments/${created.body.attachmentSha256}`, dinkes);
    expect(file.data.equals(PDF)).toBe(true);
    expect((await fetchFile(s, `/api/v1/attachments/${created.body.attachmentSha256}`, disdik)).status).toBe(
      404,
    );

    const path = `/api/v1/leave-requests/${created.body.id}/decision`;
    expect((await call(s.url, 'POST', path, { token: disdik, body: { decision: 'approve' } })).status).toBe(
      404,
    );
    expect((await call(s.url, 'POST', path, { token: empA, body: { decision: 'approve' } })).status).toBe(
      403,
    );
    expect(
      (await call(s.url, 'POST', path, { token: dinkes, body: { decision: 'reject' } })).body,
    ).toMatchObject({ code: 'reason_required' });
    const ok = await call(s.url, 'POST', path, { token: dinkes, body: { decision: 'approve' } });
    expect(ok.body).toMatchObject({ status: 'approved', decidedBy: s.seeded.accounts.dinkesAdmin });
    expect(
      (await call(s.url, 'POST', path, { token: dinkes, body: { decision: 'reject', reason: 'x' } })).body,
    ).toMatchObject({ code: 'request_already_decided' });
    const pending = await call<unknown[]>(s.url, 'GET', '/api/v1/leave-requests?status=pending', {
      token: dinkes,
    });
    expect(pending.body).toEqual([]);
  });

  it('recomputes the recap when a correction is approved after it was read', async () => {
    const a = s.seeded.employees.a;
    // Monday 2 February: in at 07:45 WITA (15 minutes late, TL1 0.5 %), no check-out (PSW4 2 %).
    await insertPunches(s.t.db, [
      syntheticPunch(randomUUID(), a, 'in', wita('2026-02-02', 7, 45), 'Asia/Makassar'),
    ]);
    type Card = {
      recap: { totalBp: number; counts: Record<string, number> };
      ledger: { date: string; status: string; bp: number }[];
    };
    const before = await call<Card>(s.url, 'GET', '/api/v1/me/recap?month=2026-02', { token: empA });
    expect(before.status).toBe(200);
    expect(before.body.ledger.find((d) => d.date === '2026-02-02')).toMatchObject({
      status: 'lupa_absen_pulang',
      bp: 250,
    });
    expect(before.body.recap.counts).toMatchObject({
      workingDays: 18,
      cutiIzin: 2,
      lupaAbsenPulang: 1,
      tanpaKeterangan: 15,
    });

    const req = await call<{ id: string; workDate: string }>(
      s.url,
      'POST',
      '/api/v1/me/correction-requests',
      {
        token: empA,
        body: { kind: 'out', at: '2026-02-02T16:05:00+08:00', reason: 'lupa absen pulang' },
      },
    );
    expect(req.status).toBe(201);
    expect(req.body.workDate).toBe('2026-02-02');
    const decided = await call(s.url, 'POST', `/api/v1/correction-requests/${req.body.id}/decision`, {
      token: dinkes,
      body: { decision: 'approve' },
    });
    expect(decided.status).toBe(200);
    const after = await call<Card>(s.url, 'GET', '/api/v1/me/recap?month=2026-02', { token: empA });
    expect(after.body.ledger.find((d) => d.date === '2026-02-02')).toMatchObject({
      status: 'terlambat',
      bp: 50,
    });
    expect(after.body.recap.totalBp).toBe(before.body.recap.totalBp - 200);

    const audit = await listAudit(s.t.db, { limit: 20 });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['leave.approved', 'correction.approved', 'rules.version']),
    );
  });

  it('refuses a manual entry without a reason and records one with it', async () => {
    const a = s.seeded.employees.a;
    const body = { employeeId: a, kind: 'in', at: '2026-02-03T07:20:00+08:00', reason: ' ' };
    expect(
      (await call(s.url, 'POST', '/api/v1/attendance-entries', { token: dinkes, body })).body,
    ).toMatchObject({ code: 'reason_required' });
    expect(
      (
        await call(s.url, 'POST', '/api/v1/attendance-entries', {
          token: disdik,
          body: { ...body, reason: 'mesin rusak' },
        })
      ).body,
    ).toMatchObject({ code: 'not_found', details: [{ field: '/employeeId', reason: 'not_found' }] });
    const ok = await call(s.url, 'POST', '/api/v1/attendance-entries', {
      token: dinkes,
      body: { ...body, reason: 'mesin rusak' },
    });
    expect(ok.status).toBe(201);
    const daily = await call<{ days: { employeeId: number; status: string }[] }>(
      s.url,
      'GET',
      `/api/v1/units/${s.seeded.units.dinkes}/daily?date=2026-02-03`,
      { token: dinkes },
    );
    expect(daily.body.days.find((d) => d.employeeId === a)).toMatchObject({ status: 'lupa_absen_pulang' });
  });

  it('exports the recap as XLSX, PDF and CSV that open with the right rows and totals', async () => {
    const unit = s.seeded.units.dinkes;
    const json = await call<{
      people: { name: string; totalBp: number; counts: { workingDays: number } }[];
      totals: { totalBp: number; counts: { workingDays: number } };
    }>(s.url, 'GET', `/api/v1/units/${unit}/recap?month=2026-02`, { token: dinkes });
    const people = json.body.people;
    expect(people).toHaveLength(2);

    const xlsx = await fetchFile(s, `/api/v1/units/${unit}/recap/export?month=2026-02&format=xlsx`, dinkes);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 1).text).toContain('Dinas Kesehatan');
    expect(ws.getCell(1, 1).text).toContain('Februari 2026');
    const h = 2 + 3; // two subtitle lines
    expect(ws.getRow(h).getCell(3).value).toBe('Nama');
    const names = [ws.getRow(h + 1).getCell(3).value, ws.getRow(h + 2).getCell(3).value];
    expect(names).toEqual(people.map((p) => p.name));
    const totals = ws.getRow(h + 3);
    expect(totals.getCell(3).value).toBe('Jumlah');
    expect(totals.getCell(4).value).toBe(json.body.totals.counts.workingDays);
    expect(totals.getCell(15).value).toBe(json.body.totals.totalBp / 100);
    expect(
      Number(ws.getRow(h + 1).getCell(15).value) + Number(ws.getRow(h + 2).getCell(15).value),
    ).toBeCloseTo(json.body.totals.totalBp / 100, 6);

    const pdf = await fetchFile(s, `/api/v1/units/${unit}/recap/export?month=2026-02&format=pdf`, dinkes);
    expect(pdf.type).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'hadir-pdf-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), pdf.data);
      execFileSync('pdftoppm', ['-png', '-r', '40', join(dir, 'r.pdf'), join(dir, 'page')]);
      expect(readdirSync(dir).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const csv = await fetchFile(s, `/api/v1/units/${unit}/recap/export?month=2026-02&format=csv`, dinkes);
    expect(csv.data.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const rows = parseCsv(csv.data);
    const header = rows.findIndex((r) => r[2] === 'Nama');
    expect(rows[header + 1]![2]).toBe(people[0]!.name);
    expect(rows[header + 3]![2]).toBe('Jumlah');
    expect(Number(rows[header + 3]![14]!.replace(',', '.'))).toBeCloseTo(json.body.totals.totalBp / 100, 6);

    const card = await fetchFile(
      s,
      `/api/v1/employees/${s.seeded.employees.a}/card/export?month=2026-02&format=xlsx`,
      empA,
    );
    expect(card.status).toBe(200);
    const daily = await fetchFile(s, `/api/v1/units/${unit}/daily/export?date=2026-02-02&format=csv`, dinkes);
    expect(parseCsv(daily.data).some((r) => r.includes('Andi Rahman'))).toBe(true);
    expect(headerRowOf({ subtitle: ['a', 'b'] } as never)).toBe(h);
  });

  it("takes one day of sick leave without a doctor's letter, and two days with one", async () => {
    const sick = (from: string, to: string, attachment?: string) =>
      call(s.url, 'POST', '/api/v1/me/leave-requests', {
        token: empA,
        body: {
          type: 'cuti_sakit',
          from,
          to,
          reason: 'demam',
          ...(attachment ? { attachment } : {}),
        },
      });
    expect((await sick('2026-02-23', '2026-02-23')).status).toBe(201);
    // Two other days (a person's requests never share a day).
    expect((await sick('2026-02-25', '2026-02-26', PDF.toString('base64'))).status).toBe(201);
  });
});
