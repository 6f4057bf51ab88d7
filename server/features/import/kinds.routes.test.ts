/**
 * The import of units and of work sites over HTTP on both engines, with real XLSX files
 * made with exceljs: the dry run that writes nothing, the apply (audited, every unit and
 * site through its service), the re-import that changes nothing, next month's sheet, the
 * refusals with row and column, and a unit admin's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test-support/engines.js';
import { login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { makeCsv, makeXlsx } from '../../test-support/sheets.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Preview {
  summary: Record<'create' | 'change' | 'move' | 'deactivate' | 'unchanged' | 'refused', number>;
  create: Record<string, unknown>[];
  change: Record<string, unknown>[];
  move: Record<string, unknown>[];
  deactivate: Record<string, unknown>[];
  refused: { row: number; column: string | null; reason: string; message: { id: string; en: string } }[];
  mapping: Record<string, number>;
  fingerprint: string;
  applied: boolean;
  code?: string;
}

async function upload(s: TestServer, token: string, kind: string, body: Buffer, query = '', type = XLSX) {
  const res = await fetch(`${s.url}/api/v1/import/${kind}?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Preview };
}

async function count(
  s: TestServer,
  table: 'units' | 'locations' | 'audit_log' | 'change_log',
): Promise<number> {
  const r = await s.t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const UNIT_HEADERS = ['Kode Unit Kerja', 'Nama Unit Kerja', 'Induk', 'Jenis', 'Zona'];
const SITE_HEADERS = ['Nama Lokasi', 'Unit Kerja', 'Latitude', 'Longitude', 'Radius (m)', 'Poligon', 'Mode'];

describe.each(ENGINES)('units and sites import on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
    ]);
  });
  afterAll(() => s?.close());

  // The parent of row 2 comes on row 3; the office in Jayapura works in WIT.
  const units = [
    ['PKM-02', 'Puskesmas Timur', 'UPT-PAPUA', 'puskesmas', ''],
    ['UPT-PAPUA', 'UPT Kesehatan Papua', 'Dinas Kesehatan', 'UPT', 'WIT'],
    ['PKM-03', 'Puskesmas Barat', 'Dinas Kesehatan', 'Puskesmas', ''],
  ];

  it('previews a units XLSX without writing, applies it through the service, re-imports it as a no-op', async () => {
    const file = await makeXlsx(UNIT_HEADERS, units);
    const before = [await count(s, 'units'), await count(s, 'audit_log'), await count(s, 'change_log')];
    const dry = await upload(s, agency, 'units', file, 'dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.mapping).toEqual({ code: 0, name: 1, parent: 2, kind: 3, zone: 4 });
    expect(dry.body.summary).toEqual({
      create: 3,
      change: 0,
      move: 0,
      deactivate: 0,
      unchanged: 0,
      refused: 0,
    });
    expect(dry.body.create.map((c) => [c['code'], c['zone'], c['parentName']])).toEqual([
      ['UPT-PAPUA', 'Asia/Jayapura', 'Dinas Kesehatan'],
      ['PKM-03', 'Asia/Makassar', 'Dinas Kesehatan'], // the fixture's Dinkes works in WITA
      ['PKM-02', 'Asia/Jayapura', 'UPT Kesehatan Papua'],
    ]);
    expect([await count(s, 'units'), await count(s, 'audit_log'), await count(s, 'change_log')]).toEqual(
      before,
    );

    const applied = await upload(s, agency, 'units', file, `expect=${dry.body.fingerprint}`);
    expect(applied.body).toMatchObject({ applied: true, summary: { create: 3 } });
    expect(await count(s, 'units')).toBe(before[0]! + 3);
    // One unit.create per unit (the service's own entry) and one import.apply.
    const audit = await s.t.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .orderBy('id', 'desc')
      .limit(4)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['import.apply', 'unit.create', 'unit.create', 'unit.create']);
    expect(await count(s, 'change_log')).toBeGreaterThan(before[2]!);
    const papua = await s.t.db
      .selectFrom('units')
      .select(['id', 'zone', 'kind'])
      .where('code', '=', 'UPT-PAPUA')
      .executeTakeFirstOrThrow();
    expect(papua).toMatchObject({ zone: 'Asia/Jayapura', kind: 'upt' });

    const again = await upload(s, agency, 'units', file);
    expect(again.body.summary).toEqual({
      create: 0,
      change: 0,
      move: 0,
      deactivate: 0,
      unchanged: 3,
      refused: 0,
    });
    expect(await count(s, 'units')).toBe(before[0]! + 3);
  });

  it('applies next month’s units sheet as a rename and a move only; refuses bad rows whole, with row and column', async () => {
    const next = [
      ['PKM-02', 'Puskesmas Timur Jayapura', 'UPT-PAPUA', 'puskesmas', ''],
      ['UPT-PAPUA', 'UPT Kesehatan Papua', 'Dinas Kesehatan', 'UPT', 'WIT'],
      ['PKM-03', 'Puskesmas Barat', 'UPT-PAPUA', 'Puskesmas', ''],
    ];
    const dry = await upload(s, agency, 'units', await makeXlsx(UNIT_HEADERS, next), 'dryRun=true');
    expect(dry.body.summary).toMatchObject({ create: 0, change: 1, move: 1, unchanged: 1 });
    expect(dry.body.move[0]).toMatchObject({
      fromParent: 'Dinas Kesehatan',
      toParent: 'UPT Kesehatan Papua',
    });

    const bad = [
      ...next,
      ['X-1', 'Unit Aneh', 'TIDAK-ADA', 'OPD', ''],
      ['PKM-02', 'Dobel', 'UPT-PAPUA', '', ''],
    ];
    const unitsBefore = await count(s, 'units');
    const refused = await upload(s, agency, 'units', await makeXlsx(UNIT_HEADERS, bad));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('import_refused');
    const preview = await upload(s, agency, 'units', await makeXlsx(UNIT_HEADERS, bad), 'dryRun=true');
    expect(preview.body.refused).toContainEqual(
      expect.objectContaining({
        row: 5,
        column: 'C',
        reason: 'parent_unknown',
        message: {
          id: 'Baris 5 kolom C: unit induk "TIDAK-ADA" tidak ditemukan, di berkas maupun di data. Periksa kode/namanya.',
          en: 'Row 5 column C: the parent unit "TIDAK-ADA" was found neither in the file nor in the data. Check its code/name.',
        },
      }),
    );
    expect(preview.body.refused.filter((r) => r.reason === 'duplicate').map((r) => r.row)).toEqual([2, 6]);
    expect(await count(s, 'units')).toBe(unitsBefore);

    const applied = await upload(s, agency, 'units', await makeXlsx(UNIT_HEADERS, next));
    expect(applied.body.summary).toMatchObject({ change: 1, move: 1 });
    const moved = await s.t.db
      .selectFrom('units as u')
      .innerJoin('units as p', 'p.id', 'u.parent_id')
      .select('p.code')
      .where('u.code', '=', 'PKM-03')
      .executeTakeFirstOrThrow();
    expect(moved.code).toBe('UPT-PAPUA');
    expect(
      (await upload(s, agency, 'units', await makeXlsx(UNIT_HEADERS, next))).body.summary.unchanged,
    ).toBe(3);
  });

  it('keeps a unit admin in their subtree: no top unit, nothing outside', async () => {
    const file = await makeXlsx(UNIT_HEADERS, [
      ['PEMDA-2', 'Pemkab Baru', '', 'Pemda', 'WIB'],
      ['SD-1', 'SD Negeri 1', 'Dinas Pendidikan', 'sekolah', ''],
      ['PKM-04', 'Puskesmas Utara', 'Dinas Kesehatan', 'puskesmas', ''],
    ]);
    const dry = await upload(s, dinkes, 'units', file, 'dryRun=true');
    expect(dry.body.refused.map((r) => [r.row, r.reason])).toEqual([
      [2, 'root_forbidden'],
      [3, 'parent_unknown'],
    ]);
    expect(dry.body.create.map((c) => c['code'])).toEqual(['PKM-04']);
  });

  it('imports work sites from XLSX (circle and WKT polygon), validates like the site map, re-imports as a no-op', async () => {
    const rows = [
      ['Kantor UPT Papua', 'UPT Kesehatan Papua', -2.5337, 140.7181, 80, null, 'kantor'],
      [
        'Halaman Puskesmas Timur',
        'Puskesmas Timur Jayapura',
        null,
        null,
        null,
        'POLYGON((140.70 -2.53, 140.701 -2.53, 140.701 -2.531, 140.70 -2.531, 140.70 -2.53))',
        'office',
      ],
      ['Terlalu Jauh', 'Dinas Kesehatan', -6.9, 107.6, 9000, null, 'kantor'],
      [
        'Silang',
        'Dinas Kesehatan',
        null,
        null,
        null,
        '-6.85 107.92; -6.86 107.93; -6.85 107.93; -6.86 107.92',
        '',
      ],
    ];
    const file = await makeXlsx(SITE_HEADERS, rows);
    const before = [await count(s, 'locations'), await count(s, 'audit_log')];
    const dry = await upload(s, agency, 'sites', file, 'dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.summary).toMatchObject({ create: 2, refused: 2 });
    expect(dry.body.refused.map((r) => [r.row, r.column, r.reason])).toEqual([
      [4, 'E', 'site_radius'],
      [5, 'F', 'site_self_intersecting'],
    ]);
    expect([await count(s, 'locations'), await count(s, 'audit_log')]).toEqual(before);
    expect((await upload(s, agency, 'sites', file)).body.code).toBe('import_refused');
    expect(await count(s, 'locations')).toBe(before[0]);

    const good = await makeXlsx(SITE_HEADERS, rows.slice(0, 2));
    const applied = await upload(s, agency, 'sites', good);
    expect(applied.body).toMatchObject({ applied: true, summary: { create: 2 } });
    expect(await count(s, 'locations')).toBe(before[0]! + 2);
    const site = await s.t.db
      .selectFrom('locations')
      .select(['zone', 'shape', 'polygon'])
      .where('name', '=', 'Halaman Puskesmas Timur')
      .executeTakeFirstOrThrow();
    expect(site.zone).toBe('Asia/Jayapura');
    expect(JSON.parse(site.polygon ?? '[]')).toHaveLength(4);
    const audit = await s.t.db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('id', 'desc')
      .limit(3)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['import.apply', 'site.create', 'site.create']);
    // The new office reaches the people below it through the inherited links.
    expect((await upload(s, agency, 'sites', good)).body.summary).toMatchObject({
      create: 0,
      change: 0,
      unchanged: 2,
    });
  });

  it('applies next month’s sites CSV: a new radius and one site out of use, then nothing', async () => {
    const headers = [...SITE_HEADERS, 'Aktif'];
    const next = [
      ['Kantor UPT Papua', 'UPT Kesehatan Papua', '-2,5337', '140,7181', '120', '', 'kantor', 'ya'],
      [
        'Halaman Puskesmas Timur',
        'Puskesmas Timur Jayapura',
        '',
        '',
        '',
        'POLYGON((140.70 -2.53, 140.701 -2.53, 140.701 -2.531, 140.70 -2.531, 140.70 -2.53))',
        'office',
        'tidak',
      ],
    ];
    const csv = makeCsv(headers, next);
    const dry = await upload(s, agency, 'sites', csv, 'dryRun=true', 'text/csv');
    expect(dry.body.summary).toMatchObject({ create: 0, change: 1, deactivate: 1, unchanged: 0 });
    expect(dry.body.change[0]).toMatchObject({ name: 'Kantor UPT Papua' });
    await upload(s, agency, 'sites', csv, '', 'text/csv');
    const rows = await s.t.db
      .selectFrom('locations')
      .select(['name', 'radius_m', 'active'])
      .where('name', 'in', ['Kantor UPT Papua', 'Halaman Puskesmas Timur'])
      .orderBy('name')
      .execute();
    expect(rows).toEqual([
      { name: 'Halaman Puskesmas Timur', radius_m: null, active: 0 },
      { name: 'Kantor UPT Papua', radius_m: 120, active: 1 },
    ]);
    const again = await upload(s, agency, 'sites', csv, 'dryRun=true', 'text/csv');
    expect(again.body.summary).toMatchObject({ create: 0, change: 0, deactivate: 0, unchanged: 2 });
  });

  it('refuses a sites sheet without a shape column, and a mapping field of another kind', async () => {
    const file = await makeXlsx(['Nama Lokasi', 'Unit Kerja'], [['Kantor', 'Dinas Kesehatan']]);
    const r = await upload(s, agency, 'sites', file, 'dryRun=true');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('import_mapping');
    const wrong = await upload(
      s,
      agency,
      'units',
      file,
      `dryRun=true&mapping=${encodeURIComponent('{"nip":0}')}`,
    );
    expect(wrong.body.code).toBe('import_mapping');
  });

  it("suggests each kind's mapping on the console's headers step, as the dry run would guess", async () => {
    const headers = async (body: Buffer, query: string) => {
      const res = await fetch(`${s.url}/api/v1/console/import/headers${query}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agency}`, 'content-type': XLSX },
        body: new Uint8Array(body),
      });
      return { status: res.status, body: (await res.json()) as Preview & { rows: number } };
    };
    const unitFile = await makeXlsx(UNIT_HEADERS, units);
    const u = await headers(unitFile, '?kind=units');
    expect(u.status).toBe(200);
    expect(u.body.rows).toBe(3);
    expect(u.body.mapping).toEqual((await upload(s, agency, 'units', unitFile, 'dryRun=true')).body.mapping);
    const siteFile = await makeXlsx(SITE_HEADERS, []);
    expect((await headers(siteFile, '?kind=sites')).body.mapping).toEqual({
      name: 0,
      unit: 1,
      lat: 2,
      lng: 3,
      radius: 4,
      polygon: 5,
      mode: 6,
    });
    // No kind: an employee sheet, as before.
    const people = await makeXlsx(['NIP', 'Nama', 'Unit Kerja'], []);
    expect((await headers(people, '')).body.mapping).toEqual({ nip: 0, name: 1, unit: 2 });
    expect((await headers(people, '?kind=leave')).status).toBe(400);
  });
});
