/**
 * The employee import over HTTP on both engines: a real XLSX made with exceljs and a
 * CSV, the dry run that writes nothing, the all-or-nothing apply, the idempotent
 * re-import, next month's export (moves from a date, deactivations), the refusals of bad
 * files and rows, scope per role, and a 10,000-row file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNip } from '../../../core/nip.js';
import { ENGINES } from '../../test-support/engines.js';
import { login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { makeCsv, makeXlsx } from '../../test-support/sheets.js';

const HEADERS = ['NIP Baru', 'Nama', 'Jabatan', 'Unit Kerja', 'Status Kepegawaian', 'Golongan'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Preview {
  summary: {
    create: number;
    change: number;
    move: number;
    deactivate: number;
    unchanged: number;
    refused: number;
  };
  refused: { row: number; column: string | null; reason: string; message: { id: string; en: string } }[];
  move: { name: string; fromUnit: string; toUnit: string; from: string }[];
  deactivate: { name: string }[];
  create: { name: string; unitName: string }[];
  fingerprint: string;
  applied: boolean;
  code?: string;
}

function nip(i: number, kind: 'pns' | 'pppk' = 'pns'): string {
  return formatNip({
    kind,
    birthDate: `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 9}`,
    appointmentYear: 2010 + (i % 12),
    appointmentMonth: kind === 'pns' ? 1 + (i % 12) : null,
    contract: kind === 'pppk' ? 1 : null,
    sex: i % 2 === 0 ? 'male' : 'female',
    serial: 1 + (i % 999),
  });
}

async function upload(s: TestServer, token: string, body: Buffer, query: string, type = XLSX) {
  const res = await fetch(`${s.url}/api/v1/import/employees?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Preview };
}

async function count(
  s: TestServer,
  table: 'employees' | 'audit_log' | 'employee_placements',
): Promise<number> {
  const r = await s.t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(ENGINES)('employee import on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let employee: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, employee] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, '198609262015051001').then((l) => l.token),
    ]);
  });
  afterAll(() => s?.close());

  const month1 = [
    [nip(1), 'Siti Aminah', 'Perawat', 'Puskesmas Kota', 'PNS', 'III/a'],
    [nip(2), 'Budi Hartono', 'Staf', 'Dinas Kesehatan', 'PNS', '2c'],
    [nip(3, 'pppk'), 'Rina Wati', 'Guru', 'Dinas Pendidikan', 'PPPK', 'IX'],
    [nip(4), 'Joko Susilo', 'Kepala Seksi', 'Dinas Pendidikan', 'PNS', 'III/d'],
  ];

  it('previews a real XLSX without writing, then applies it whole, then re-imports it as a no-op', async () => {
    const file = await makeXlsx(HEADERS, month1);
    const [employees, audit] = [await count(s, 'employees'), await count(s, 'audit_log')];
    const dry = await upload(s, agency, file, 'dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toEqual({
      create: 4,
      change: 0,
      move: 0,
      deactivate: 0,
      unchanged: 0,
      refused: 0,
    });
    expect(dry.body.create.map((c) => c.unitName)).toEqual([
      'Puskesmas Kota',
      'Dinas Kesehatan',
      'Dinas Pendidikan',
      'Dinas Pendidikan',
    ]);
    expect([await count(s, 'employees'), await count(s, 'audit_log')]).toEqual([employees, audit]);

    const applied = await upload(s, agency, file, `expect=${dry.body.fingerprint}`);
    expect(applied.body).toMatchObject({ applied: true, summary: { create: 4 } });
    expect(await count(s, 'employees')).toBe(employees + 4);
    expect(await count(s, 'audit_log')).toBe(audit + 5);
    const stored = await s.t.db
      .selectFrom('employees')
      .select(['nip', 'rank'])
      .where('nip', '=', nip(2))
      .executeTakeFirst();
    expect(stored).toEqual({ nip: nip(2), rank: 'II/c' });
    await s.app.hadir.directory.settled();

    const again = await upload(s, agency, file, '');
    expect(again.body.summary).toEqual({
      create: 0,
      change: 0,
      move: 0,
      deactivate: 0,
      unchanged: 4,
      refused: 0,
    });
    expect(await count(s, 'audit_log')).toBe(audit + 5);
    // A stale fingerprint is refused.
    const stale = await upload(s, agency, file, `expect=${dry.body.fingerprint}`);
    expect(stale.body.code).toBe('import_stale');
  });

  it('applies next month’s CSV export: only the differences, moves from a date, missing people deactivated', async () => {
    const month2 = [
      [nip(1), 'Siti Aminah', 'Kepala Puskesmas', 'Puskesmas Kota', 'PNS', 'III/b'],
      [nip(2), 'Budi Hartono', 'Staf', 'Puskesmas Kota', 'PNS', 'II/c'],
      [nip(3, 'pppk'), 'Rina Wati', 'Guru', 'Dinas Pendidikan', 'PPPK', 'IX'],
    ];
    const file = makeCsv(HEADERS, month2);
    const q = 'effectiveFrom=2026-04-01&deactivateMissing=true';
    const dry = await upload(s, agency, file, `dryRun=true&${q}`, 'text/csv');
    // Everyone of the regency missing from the file would be deactivated: the seed's own staff too.
    expect(dry.body.summary).toMatchObject({ change: 1, move: 1, unchanged: 1, refused: 0 });
    expect(dry.body.move).toEqual([
      expect.objectContaining({
        name: 'Budi Hartono',
        fromUnit: 'Dinas Kesehatan',
        toUnit: 'Puskesmas Kota',
        from: '2026-04-01',
      }),
    ]);
    expect(dry.body.deactivate.map((d) => d.name)).toContain('Joko Susilo');
    // As the Dinkes admin, only Dinkes' part of the same sheet is theirs; Disdik's rows are refused as unknown units.
    const mine = await upload(s, dinkes, file, `dryRun=true&effectiveFrom=2026-04-01`, 'text/csv');
    expect(mine.body.refused.map((r) => [r.row, r.reason])).toEqual([[4, 'unit_unknown']]);
    const refusedApply = await upload(s, dinkes, file, 'effectiveFrom=2026-04-01', 'text/csv');
    expect(refusedApply.status).toBe(422);
    expect(refusedApply.body.code).toBe('import_refused');
    const partial = await upload(s, dinkes, file, 'effectiveFrom=2026-04-01&skipRefused=true', 'text/csv');
    expect(partial.body.summary).toMatchObject({ change: 1, move: 1 });
    const budi = await s.t.db
      .selectFrom('employees')
      .select(['id', 'unit_id'])
      .where('nip', '=', nip(2))
      .executeTakeFirstOrThrow();
    expect(budi.unit_id).toBe(s.seeded.units.dinkes); // April is still ahead of the test clock
    const placements = await s.t.db
      .selectFrom('employee_placements')
      .select(['unit_id', 'from_date'])
      .where('employee_id', '=', budi.id)
      .orderBy('from_date')
      .execute();
    expect(placements).toEqual([
      { unit_id: s.seeded.units.dinkes, from_date: '1900-01-01' },
      { unit_id: s.seeded.units.puskesmas, from_date: '2026-04-01' },
    ]);
    const twice = await upload(s, dinkes, file, 'effectiveFrom=2026-04-01&skipRefused=true', 'text/csv');
    expect(twice.body.summary).toMatchObject({ change: 0, move: 0, unchanged: 2 });
  });

  it('refuses bad rows with row, column and reason in both languages, and stores none of them', async () => {
    const file = await makeXlsx(HEADERS, [
      [Number('198508092014021736'), 'Angka', '', 'Dinas Kesehatan', 'PNS', ''],
      ['1.98508E+17', 'Notasi', '', 'Dinas Kesehatan', 'PNS', ''],
      [nip(10), { formula: 'UPPER("andi")' }, '', 'Dinas Kesehatan', 'PNS', ''],
      [nip(11), 'Dobel', '', 'Dinas Kesehatan', 'PNS', ''],
      [nip(11), 'Dobel Lagi', '', 'Dinas Kesehatan', 'PNS', ''],
      [nip(12), 'Unit Hilang', '', 'Dinas Antah Berantah', 'PNS', ''],
      [nip(13), 'Sah', '', 'Dinas Kesehatan', 'PNS', ''],
    ]);
    const before = await count(s, 'employees');
    const dry = await upload(s, agency, file, 'dryRun=true');
    expect(dry.body.refused.map((r) => [r.row, r.column, r.reason])).toEqual([
      [2, 'A', 'nip_excel'],
      [3, 'A', 'nip_excel'],
      [4, 'B', 'formula'],
      [5, 'A', 'duplicate'],
      [6, 'A', 'duplicate'],
      [7, 'D', 'unit_unknown'],
    ]);
    expect(dry.body.refused[0]?.message.id).toMatch(/^Baris 2 kolom A: NIP/);
    expect(dry.body.refused[0]?.message.en).toMatch(/^Row 2 column A: the NIP/);
    expect((await upload(s, agency, file, '')).status).toBe(422);
    expect(await count(s, 'employees')).toBe(before);
    const some = await upload(s, agency, file, 'skipRefused=true');
    expect(some.body.summary.create).toBe(1);
    expect(
      await s.t.db.selectFrom('employees').select('nip').where('nip', 'like', '19850809%').execute(),
    ).toEqual([]);
  });

  it('refuses files it cannot read safely, and callers who may not import', async () => {
    const encrypted = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(100),
      Buffer.from('EncryptedPackage', 'utf16le'),
    ]);
    expect((await upload(s, agency, encrypted, 'dryRun=true')).body.code).toBe('import_encrypted');
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(100),
    ]);
    expect((await upload(s, agency, xls, 'dryRun=true')).body.code).toBe('import_file_type');
    const pdf = Buffer.from('%PDF-1.4\n\u0000\u0001binary');
    expect((await upload(s, agency, pdf, 'dryRun=true')).body.code).toBe('import_file_type');
    const merged = await makeXlsx(HEADERS, month1, { mergeHeader: 'A1:B1' });
    expect((await upload(s, agency, merged, 'dryRun=true')).body.code).toBe('import_merged_header');
    const noName = makeCsv(['NIP', 'Unit Kerja'], [[nip(20), 'Dinas Kesehatan']]);
    expect((await upload(s, agency, noName, 'dryRun=true', 'text/csv')).body.code).toBe('import_mapping');
    const mapped = await upload(
      s,
      agency,
      noName,
      `dryRun=true&mapping=${encodeURIComponent('{"nip":0,"name":0,"unit":1}')}`,
      'text/csv',
    );
    expect(mapped.body.code).toBe('import_mapping');
    expect((await upload(s, employee, noName, 'dryRun=true', 'text/csv')).status).toBe(403);
    const res = await fetch(`${s.url}/api/v1/import/employees?dryRun=true`, {
      method: 'POST',
      body: new Uint8Array(noName),
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(401);
  });

  it('previews and applies a 10,000-row file', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [
      nip(100 + i).slice(0, 15) + String(1 + (i % 999)).padStart(3, '0'),
      `Pegawai ${i}`,
      'Staf',
      i % 2 === 0 ? 'Puskesmas Kota' : 'Dinas Pendidikan',
      'PNS',
      'II/a',
    ]);
    // Distinct NIPs: vary the birth date with the index.
    rows.forEach(
      (r, i) =>
        (r[0] = formatNip({
          kind: 'pns',
          birthDate: `1980-01-01`,
          appointmentYear: 2000 + (Math.floor(i / 999) % 25),
          appointmentMonth: 1 + (Math.floor(i / (999 * 25)) % 12),
          contract: null,
          sex: 'male',
          serial: 1 + (i % 999),
        })),
    );
    const file = await makeXlsx(HEADERS, rows);
    const before = await count(s, 'employees');
    const dry = await upload(s, agency, file, 'dryRun=true');
    expect(dry.body.summary).toMatchObject({ create: 10_000, refused: 0 });
    const applied = await upload(s, agency, file, '');
    expect(applied.body.summary.create).toBe(10_000);
    expect(await count(s, 'employees')).toBe(before + 10_000);
    const again = await upload(s, agency, file, 'dryRun=true');
    expect(again.body.summary).toMatchObject({ create: 0, unchanged: 10_000 });
  });
});
