/**
 * Every endpoint that expands its input — over days, people or rows — is bounded before
 * any work, after the role and scope checks, on both engines. Before this, one request
 * could stall the server: a rotation from 1900 to 2199 for one person, a leave request
 * over three centuries (its working days counted day by day), a 20 MB CSV of empty lines
 * (54 s and 4 GB), an XLSX whose parts unpack to gigabytes.
 *
 * For each: the over-limit request is refused with the ordinary 400 and writes nothing;
 * an employee asking an admin-only endpoint for the most work is refused 403 before any
 * of it; the worst request still allowed is served while GET /api/v1/health, polled
 * throughout, keeps answering (the failure condition is a health check that does not
 * answer 200 within 20 s — no duration is asserted).
 *
 * OWASP ASVS 5.0: 8.2.1/8.2.2 (role and scope first), 2.4.1 (no overuse of costly
 * resources by one call), 2.3.2 (business limits as documented), 2.2.1 (input against its
 * limits), 5.2.1/5.2.3 (files the server can process; archives checked before unpacking).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNip } from '../../../core/nip.js';
import { addDays } from '../../../core/time.js';
import { insertEmployees } from '../../features/employees/store.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, NIP_A, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { makeCsv } from '../../test-support/sheets.js';

// The limits as the README's security section states them.
const MAX_DAYS = 366;
const MAX_ROTATION_ENTRIES = 50_000;
const MAX_ROSTER_ENTRIES = 20_000;
const MAX_ROTATION_PEOPLE = 2000;
const MAX_INCIDENT_PEOPLE = 10_000;
const MAX_ROWS = 20_000;
const MAX_COLUMNS = 256;
const MAX_UNPACKED = 128 * 1024 * 1024;

/** The people seeded in the puskesmas (in admin.dinkes's scope), besides the fixtures' three. */
const PEOPLE = 2000;
const HEALTH_TIMEOUT_MS = 20_000;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['NIP Baru', 'Nama', 'Jabatan', 'Unit Kerja', 'Status Kepegawaian', 'Golongan'];
const DAY = {
  start: 450,
  end: 960,
  checkInFrom: 360,
  checkInUntil: 720,
  checkOutFrom: 720,
  checkOutUntil: 1320,
};
const WEEK = [DAY, DAY, DAY, DAY, DAY, null, null];

type Table =
  'roster_entries' | 'leave_requests' | 'schedule_overrides' | 'incidents' | 'employees' | 'audit_log';
const TABLES: Table[] = [
  'roster_entries',
  'leave_requests',
  'schedule_overrides',
  'incidents',
  'employees',
  'audit_log',
];

/** One ZIP part: its name, its bytes and, for a lying package, the size it claims. */
interface Part {
  name: string;
  data: Buffer;
  claim?: number;
}

/** A ZIP package (deflated parts), as spreadsheet programs write them. */
function zipOf(parts: readonly Part[]): Buffer {
  const out: Buffer[] = [];
  const dir: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const packed = deflateRawSync(p.data);
    const crc = crc32(p.data);
    const size = p.claim ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    out.push(local, name, packed);
    dir.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(dir);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...out, cd, end]);
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NS = 'http://schemas.openxmlformats.org';

function column(i: number): string {
  return i < 26
    ? String.fromCharCode(65 + i)
    : column(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));
}

/** The parts of a one-sheet workbook whose rows are inline text, and the sheet's part. */
function workbookParts(rows: readonly (readonly string[])[]): Part[] {
  const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const lines = rows.map(
    (r, i) =>
      `<row r="${i + 1}">${r.map((v, c) => `<c r="${column(c)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`,
  );
  const sheet = `${XML}<worksheet xmlns="${NS}/spreadsheetml/2006/main"><sheetData>${lines.join('')}</sheetData></worksheet>`;
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${NS}/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  return [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${XML}<Types xmlns="${NS}/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
          `<Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
          `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        `${XML}<Relationships xmlns="${NS}/package/2006/relationships">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `${XML}<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships">` +
          `<sheets><sheet name="Pegawai" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `${XML}<Relationships xmlns="${NS}/package/2006/relationships">${rel('rId1', 'worksheet', 'worksheets/sheet1.xml')}</Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet, 'utf8') },
  ];
}

const unpackedSize = (parts: readonly Part[]) => parts.reduce((n, p) => n + p.data.length, 0);

/** Distinct valid PNS NIPs, as the import test makes them. */
function nip(i: number): string {
  return formatNip({
    kind: 'pns',
    birthDate: '1980-01-01',
    appointmentYear: 2000 + (Math.floor(i / 999) % 25),
    appointmentMonth: 1 + (Math.floor(i / (999 * 25)) % 12),
    contract: null,
    sex: 'male',
    serial: 1 + (i % 999),
  });
}

describe.each(ENGINES)('expanding endpoints are bounded on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let employee: string;
  /** The seeded people's ids, all in the puskesmas. */
  let ids: number[];
  let pemda: number;

  /** Rows of `table`; of the audit log, those that record work (a refused 403 is recorded too). */
  async function count(table: Table): Promise<number> {
    let q = s.t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (table === 'audit_log') q = q.where('action', '<>', 'access.refused');
    return Number((await q.executeTakeFirstOrThrow()).n);
  }
  async function counts(): Promise<Record<Table, number>> {
    const out = {} as Record<Table, number>;
    for (const t of TABLES) out[t] = await count(t);
    return out;
  }

  async function upload(path: string, token: string, body: Buffer, type = XLSX) {
    const res = await fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body: new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /**
   * Runs `work` and, until it answers, polls GET /api/v1/health (at least once): every
   * check must answer 200 within {@link HEALTH_TIMEOUT_MS}, or the fetch aborts and the
   * test fails. Returns the work's answer.
   */
  async function whileHealthy<T>(work: () => Promise<T>): Promise<T> {
    let done = false;
    const answer = work().finally(() => {
      done = true;
    });
    answer.catch(() => undefined);
    let checks = 0;
    do {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${s.url}/api/v1/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe('ok');
      checks++;
    } while (!done);
    expect(checks).toBeGreaterThan(0);
    return answer;
  }

  beforeAll(async () => {
    // The largest body an operator may allow (HADIR_BODY_LIMIT), so that what is under test
    // is each request's own bounds, not the body size in front of them.
    s = await startServer(engine, { config: { bodyLimitBytes: MAX_BODY_BYTES } });
    pemda = s.seeded.units.pemda;
    [agency, dinkes, employee] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, NIP_A).then((l) => l.token),
    ]);
    const rules = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: agency,
      body: { preset: 'siap-tuba', effectiveFrom: '2025-01-01' },
    });
    expect(rules.status).toBe(201);
    const people = await insertEmployees(
      s.t.db,
      Array.from({ length: PEOPLE }, (_, i) => ({
        kind: 'non_asn' as const,
        nip: null,
        internalId: `BATAS-${i}`,
        name: `Pegawai Batas ${i}`,
        unitId: s.seeded.units.puskesmas,
        position: 'Staf',
        active: true,
      })),
    );
    ids = people.map((p) => p.id);
  });
  afterAll(() => s?.close());

  it('ASVS 8.2.1, 2.4.1: an employee asking an admin-only expanding endpoint for the most work is refused (403) before any of it', async () => {
    const before = await counts();
    const everyone = ids.map((employeeId) => ({ employeeId, offset: 0 }));
    const asks: [string, string, unknown?][] = [
      [
        'POST',
        '/api/v1/rosters/rotations',
        { pattern: { code: 'X', cycle: [null] }, people: everyone, from: '1900-01-01', to: '2199-12-31' },
      ],
      [
        'POST',
        '/api/v1/rosters',
        {
          entries: Array.from({ length: MAX_ROSTER_ENTRIES }, (_, k) => ({
            employeeId: ids[k % PEOPLE],
            date: addDays('1900-01-01', k * 5),
            shiftCode: null,
          })),
        },
      ],
      [
        'POST',
        '/api/v1/rosters/swaps',
        { a: { employeeId: ids[0], date: '1900-01-01' }, b: { employeeId: ids[1], date: '2199-12-31' } },
      ],
      [
        'POST',
        '/api/v1/schedule-overrides',
        { name: 'Selamanya', from: '1900-01-01', to: '2199-12-31', unitIds: null, days: WEEK },
      ],
      [
        'POST',
        '/api/v1/incidents',
        {
          from: '1900-01-01T00:00:00Z',
          to: '2199-12-31T00:00:00Z',
          unitIds: null,
          employeeIds: ids,
          reason: 'Banjir',
        },
      ],
      ['GET', '/api/v1/schedule-overrides?from=1900-01-01&to=2199-12-31'],
      ['GET', `/api/v1/units/${pemda}/recap?month=2025-12`],
      ['GET', `/api/v1/units/${pemda}/recap/export?month=2025-12&format=pdf`],
      ['GET', `/api/v1/units/${pemda}/daily/export?date=2025-12-31&format=pdf`],
      ['GET', '/api/v1/console/recap?month=2025-12'],
      ['GET', '/api/v1/console/adoption?from=1900-01-01&to=2199-12-31'],
    ];
    for (const [method, path, body] of asks) {
      const r = await call(s.url, method, path, { token: employee, ...(body !== undefined && { body }) });
      expect(r.status, path).toBe(403);
      expect(r.body, path).toMatchObject({ code: 'forbidden' });
    }
    const file = makeCsv(
      HEADERS,
      Array.from({ length: MAX_ROWS + 1 }, (_, i) => [
        nip(i),
        `P ${i}`,
        'Staf',
        'Puskesmas Kota',
        'PNS',
        'II/a',
      ]),
    );
    for (const path of ['/api/v1/import/employees', '/api/v1/console/import/headers']) {
      const r = await upload(path, employee, file, 'text/csv');
      expect(r.status, path).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('ASVS 8.2.2: a unit admin naming people or units outside their scope is refused before the range is read', async () => {
    const before = await counts();
    const outside = s.seeded.employees.b; // Dinas Pendidikan
    const asks: [string, unknown, string][] = [
      [
        '/api/v1/rosters/rotations',
        {
          pattern: { code: 'X', cycle: [null] },
          people: [{ employeeId: outside, offset: 0 }],
          from: '1900-01-01',
          to: '2199-12-31',
        },
        '/people/0/employeeId',
      ],
      [
        '/api/v1/rosters/swaps',
        { a: { employeeId: ids[0], date: '1900-01-01' }, b: { employeeId: outside, date: '2199-12-31' } },
        '/b/employeeId',
      ],
      [
        '/api/v1/rosters',
        {
          entries: [
            { employeeId: ids[0], date: '1900-01-01', shiftCode: null },
            { employeeId: outside, date: '2199-12-31', shiftCode: null },
          ],
        },
        '/entries/1/employeeId',
      ],
      [
        '/api/v1/schedule-overrides',
        {
          name: 'Selamanya',
          from: '1900-01-01',
          to: '2199-12-31',
          unitIds: [s.seeded.units.disdik],
          days: WEEK,
        },
        '/unitIds/0',
      ],
    ];
    for (const [path, body, field] of asks) {
      const r = await call(s.url, 'POST', path, { token: dinkes, body });
      expect(r.status, path).toBe(404);
      expect(r.body, path).toMatchObject({ code: 'not_found', details: [{ field, reason: 'not_found' }] });
    }
    expect(await counts()).toEqual(before);
  });

  it('ASVS 2.4.1, 2.3.2: rotations, roster entries and swaps past the limits are refused (400) and write nothing', async () => {
    const before = await counts();
    const person = [{ employeeId: ids[0], offset: 0 }];
    const pattern = { code: 'X', cycle: [null] };
    const refusals: [string, unknown, string, string, string][] = [
      // One person over 367 days: a range past a year.
      [
        '/api/v1/rosters/rotations',
        { pattern, people: person, from: '2026-01-01', to: '2027-01-02' },
        'invalid_date_range',
        '/to',
        'too_long',
      ],
      [
        '/api/v1/rosters/rotations',
        { pattern, people: person, from: '1900-01-01', to: '2199-12-31' },
        'invalid_date_range',
        '/to',
        'too_long',
      ],
      // A year of days for more people than the entries one rotation may write.
      [
        '/api/v1/rosters/rotations',
        {
          pattern,
          people: ids
            .slice(0, Math.floor(MAX_ROTATION_ENTRIES / MAX_DAYS) + 1)
            .map((employeeId) => ({ employeeId, offset: 0 })),
          from: '2026-01-01',
          to: '2027-01-01',
        },
        'invalid_body',
        '/to',
        'too_long',
      ],
      [
        '/api/v1/rosters/rotations',
        {
          pattern,
          people: Array.from({ length: MAX_ROTATION_PEOPLE + 1 }, (_, i) => ({
            employeeId: ids[i % PEOPLE],
            offset: 0,
          })),
          from: '2026-01-01',
          to: '2026-01-01',
        },
        'invalid_body',
        '/people',
        'maxItems',
      ],
      [
        '/api/v1/rosters',
        {
          entries: [
            { employeeId: ids[0], date: '2026-01-01', shiftCode: null },
            { employeeId: ids[1], date: '2027-01-02', shiftCode: null },
          ],
        },
        'invalid_date_range',
        '/entries/1/date',
        'too_long',
      ],
      [
        '/api/v1/rosters',
        {
          entries: Array.from({ length: MAX_ROSTER_ENTRIES + 1 }, (_, k) => ({
            employeeId: ids[k % PEOPLE],
            date: '2026-01-01',
            shiftCode: null,
          })),
        },
        'invalid_body',
        '/entries',
        'maxItems',
      ],
      [
        '/api/v1/rosters/swaps',
        { a: { employeeId: ids[0], date: '2026-01-01' }, b: { employeeId: ids[1], date: '2027-01-02' } },
        'invalid_date_range',
        '/b/date',
        'too_long',
      ],
    ];
    for (const [path, body, code, field, reason] of refusals) {
      const r = await call(s.url, 'POST', path, { token: dinkes, body });
      expect(r.status, `${path} ${field}`).toBe(400);
      expect(r.body, `${path} ${field}`).toMatchObject({ code, details: [{ field, reason }] });
      // Bilingual, like every refusal.
      const message = (r.body as { message: { id: string; en: string } }).message;
      expect(message.id.length * message.en.length, path).toBeGreaterThan(0);
    }
    expect(await counts()).toEqual(before);
  });

  it('ASVS 2.4.1: a leave request longer than 366 days is refused (400) before its working days are counted', async () => {
    const before = await counts();
    for (const [from, to] of [
      ['2026-01-01', '2027-01-02'],
      ['1900-01-01', '2199-12-31'],
    ] as const) {
      const r = await call(s.url, 'POST', '/api/v1/me/leave-requests', {
        token: employee,
        body: { type: 'izin', from, to, reason: 'Urusan keluarga' },
      });
      expect(r.status, to).toBe(400);
      expect(r.body, to).toMatchObject({
        code: 'invalid_body',
        details: [{ field: 'to', reason: 'max_days' }],
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('ASVS 2.4.1: schedule overrides and incident windows longer than a year are refused (400) and write nothing', async () => {
    const before = await counts();
    const override = await call(s.url, 'POST', '/api/v1/schedule-overrides', {
      token: agency,
      body: { name: 'Terlalu lama', from: '2026-01-01', to: '2027-01-02', unitIds: null, days: WEEK },
    });
    expect(override.status).toBe(400);
    expect(override.body).toMatchObject({
      code: 'invalid_date_range',
      details: [{ field: '/to', reason: 'too_long' }],
    });
    const list = await call(s.url, 'GET', '/api/v1/schedule-overrides?from=2026-01-01&to=2027-01-02', {
      token: agency,
    });
    expect(list.status).toBe(400);
    expect(list.body).toMatchObject({
      code: 'invalid_date_range',
      details: [{ field: 'to', reason: 'too_long' }],
    });
    const incident = await call(s.url, 'POST', '/api/v1/incidents', {
      token: agency,
      body: {
        from: '2026-01-01T00:00:00+08:00',
        to: '2027-01-02T00:00:01+08:00',
        unitIds: null,
        reason: 'Jaringan padam',
      },
    });
    expect(incident.status).toBe(400);
    expect(incident.body).toMatchObject({
      code: 'invalid_date_range',
      details: [{ field: '/to', reason: 'too_long' }],
    });
    const crowd = await call(s.url, 'POST', '/api/v1/incidents', {
      token: agency,
      body: {
        from: '2026-01-05T07:00:00+08:00',
        to: '2026-01-05T09:00:00+08:00',
        unitIds: null,
        employeeIds: Array.from({ length: MAX_INCIDENT_PEOPLE + 1 }, (_, i) => ids[i % PEOPLE]),
        reason: 'Jaringan padam',
      },
    });
    expect(crowd.status).toBe(400);
    expect(crowd.body).toMatchObject({
      code: 'invalid_body',
      details: [{ field: '/employeeIds', reason: 'maxItems' }],
    });
    expect(await counts()).toEqual(before);
  });

  it('ASVS 2.2.1, 2.4.1: histories, adoption and months past their bounds are refused (400)', async () => {
    const me = await call(s.url, 'GET', '/api/v1/me/attendance?from=2026-01-01&to=2027-01-02', {
      token: employee,
    });
    expect(me.status).toBe(400);
    expect(me.body).toMatchObject({
      code: 'invalid_date_range',
      details: [{ field: 'to', reason: 'too_long' }],
    });
    const theirs = await call(
      s.url,
      'GET',
      `/api/v1/employees/${ids[0]}/attendance?from=2026-01-01&to=2027-01-02`,
      {
        token: dinkes,
      },
    );
    expect(theirs.status).toBe(400);
    const adoption = await call(s.url, 'GET', '/api/v1/console/adoption?from=2026-01-01&to=2027-01-02', {
      token: dinkes,
    });
    expect(adoption.status).toBe(400);
    expect(adoption.body).toMatchObject({
      code: 'invalid_query',
      details: [{ field: '/to', reason: 'range' }],
    });
    for (const [path, token] of [
      [`/api/v1/units/${pemda}/recap?month=0000-01`, agency],
      [`/api/v1/units/${pemda}/recap/export?month=1899-12&format=csv`, agency],
      [`/api/v1/employees/${ids[0]}/card?month=2200-01`, dinkes],
      ['/api/v1/console/recap?month=0000-01', agency],
      ['/api/v1/incidents?month=9999-12', agency],
      ['/api/v1/me/recap?month=0000-01', employee],
    ] as const) {
      const r = await call(s.url, 'GET', path, { token });
      expect(r.status, path).toBe(400);
      expect(r.body, path).toMatchObject({
        code: 'invalid_query',
        details: [{ field: 'month', reason: 'date_range' }],
      });
    }
  });

  it('ASVS 5.2.1, 5.2.3: an import past 20,000 rows or 256 columns, or an XLSX unpacking past 128 MiB, is refused (400) and writes nothing', async () => {
    const before = await counts();
    const row = (i: number) => [nip(i), `P ${i}`, 'Staf', 'Puskesmas Kota', 'PNS', 'II/a'];
    const tooMany = Array.from({ length: MAX_ROWS + 1 }, (_, i) => row(i));
    const wide = [
      ...HEADERS,
      ...Array.from({ length: MAX_COLUMNS + 1 - HEADERS.length }, (_, c) => `Kolom ${c}`),
    ];
    const big = Buffer.alloc(MAX_UNPACKED + 1, 0x20);
    const files: [string, Buffer, string, string][] = [
      ['csv rows', makeCsv(HEADERS, tooMany), 'text/csv', 'rows'],
      ['xlsx rows', zipOf(workbookParts([HEADERS, ...tooMany])), XLSX, 'rows'],
      ['csv columns', makeCsv(wide, [wide.map((_, c) => (c === 0 ? nip(0) : 'x'))]), 'text/csv', 'columns'],
      ['xlsx columns', zipOf(workbookParts([wide, wide.map(() => 'x')])), XLSX, 'columns'],
      // A sheet part of 128 MiB + 1 byte (spaces): about 130 KB packed.
      [
        'xlsx unpacked',
        zipOf([...workbookParts([HEADERS]).slice(0, 4), { name: 'xl/worksheets/sheet1.xml', data: big }]),
        XLSX,
        'unpacked',
      ],
      // The same part claiming 1 KB: the claim is not believed.
      [
        'xlsx lying',
        zipOf([
          ...workbookParts([HEADERS]).slice(0, 4),
          { name: 'xl/worksheets/sheet1.xml', data: big, claim: 1024 },
        ]),
        XLSX,
        'unpacked',
      ],
    ];
    for (const [what, file, type, field] of files) {
      for (const path of [
        '/api/v1/import/employees',
        '/api/v1/import/employees?dryRun=true',
        '/api/v1/console/import/headers',
      ]) {
        const r = await upload(path, agency, file, type);
        expect(r.status, `${what} ${path}`).toBe(400);
        expect(r.body, `${what} ${path}`).toMatchObject({
          code: 'import_too_large',
          details: [{ field, reason: 'too_large' }],
        });
        // The message names the limits, in Indonesian and in English.
        const message = (r.body as { message?: { id: string; en: string } }).message;
        expect(message?.id).toContain('20.000 baris');
        expect(message?.en).toContain('20,000 data rows');
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('ASVS 2.4.1: the largest rotation, roster and swap allowed are written while the health check keeps answering', async () => {
    const people = Math.floor(MAX_ROTATION_ENTRIES / MAX_DAYS); // 136 people × 366 days
    const rotation = await whileHealthy(() =>
      call<{ entries: number }>(s.url, 'POST', '/api/v1/rosters/rotations', {
        token: dinkes,
        body: {
          pattern: { code: 'LIBUR', cycle: [null] },
          people: ids.slice(0, people).map((employeeId, i) => ({ employeeId, offset: i % 7 })),
          from: '2025-01-01',
          to: addDays('2025-01-01', MAX_DAYS - 1),
        },
      }),
    );
    expect(rotation.status).toBe(201);
    expect(rotation.body.entries).toBe(people * MAX_DAYS);
    // 20,000 entries: 2,000 people on 10 dates spread over 366 days.
    const roster = await whileHealthy(() =>
      call<{ entries: number }>(s.url, 'POST', '/api/v1/rosters', {
        token: dinkes,
        body: {
          entries: Array.from({ length: MAX_ROSTER_ENTRIES }, (_, k) => ({
            employeeId: ids[k % PEOPLE],
            date: addDays('2025-01-01', Math.round((Math.floor(k / PEOPLE) * (MAX_DAYS - 1)) / 9)),
            shiftCode: null,
          })),
        },
      }),
    );
    expect(roster.status).toBe(201);
    expect(roster.body.entries).toBe(MAX_ROSTER_ENTRIES);
    const swap = await whileHealthy(() =>
      call(s.url, 'POST', '/api/v1/rosters/swaps', {
        token: dinkes,
        body: {
          a: { employeeId: ids[0], date: '2025-01-01' },
          b: { employeeId: ids[1], date: addDays('2025-01-01', MAX_DAYS - 1) },
        },
      }),
    );
    expect(swap.status).toBe(201);
  }, 180_000);

  it('ASVS 2.4.1: the longest leave request and histories allowed are served while the health check keeps answering', async () => {
    const leave = await whileHealthy(() =>
      call(s.url, 'POST', '/api/v1/me/leave-requests', {
        token: employee,
        body: {
          type: 'izin',
          from: '2025-03-03',
          to: addDays('2025-03-03', MAX_DAYS - 1),
          reason: 'Urusan keluarga',
        },
      }),
    );
    expect(leave.status).toBe(201);
    const range = `from=2025-01-01&to=${addDays('2025-01-01', MAX_DAYS - 1)}`;
    for (const [path, token] of [
      [`/api/v1/me/attendance?${range}`, employee],
      [`/api/v1/employees/${s.seeded.employees.a}/attendance?${range}`, dinkes],
    ] as const) {
      const r = await whileHealthy(() => call<{ days: unknown[] }>(s.url, 'GET', path, { token }));
      expect(r.status, path).toBe(200);
      expect(r.body.days, path).toHaveLength(MAX_DAYS);
    }
  }, 120_000);

  it('ASVS 2.4.1: the longest override and incident allowed are written, and read back, while the health check keeps answering', async () => {
    const to = addDays('2025-01-01', MAX_DAYS - 1);
    const override = await whileHealthy(() =>
      call(s.url, 'POST', '/api/v1/schedule-overrides', {
        token: agency,
        body: { name: 'Tahun ajaran', from: '2025-01-01', to, unitIds: [s.seeded.units.disdik], days: WEEK },
      }),
    );
    expect(override.status).toBe(201);
    const list = await whileHealthy(() =>
      call(s.url, 'GET', `/api/v1/schedule-overrides?from=2025-01-01&to=${to}`, { token: agency }),
    );
    expect(list.status).toBe(200);
    const incident = await whileHealthy(() =>
      call(s.url, 'POST', '/api/v1/incidents', {
        token: agency,
        body: {
          from: '2025-01-01T00:00:00+08:00',
          to: `${addDays('2025-01-01', MAX_DAYS)}T00:00:00+08:00`, // exactly 366 days
          unitIds: [s.seeded.units.puskesmas],
          employeeIds: ids,
          reason: 'Jaringan padam',
        },
      }),
    );
    expect(incident.status).toBe(201);
  }, 120_000);

  it("ASVS 2.4.1: a year's recap of everyone, its exports and the console's pages are served while the health check keeps answering", async () => {
    // December: the recap counts PP 94/2021 TK over the whole year for every person.
    const reads = [
      `/api/v1/units/${pemda}/recap?month=2025-12`,
      `/api/v1/units/${pemda}/recap/export?month=2025-12&format=xlsx`,
      `/api/v1/units/${pemda}/recap/export?month=2025-12&format=pdf`,
      `/api/v1/units/${pemda}/recap/export?month=2025-12&format=csv`,
      `/api/v1/units/${pemda}/daily/export?date=2025-12-31&format=pdf`,
      `/api/v1/employees/${s.seeded.employees.a}/card/export?month=2025-12&format=pdf`,
      '/api/v1/console/recap?month=2025-12',
      '/api/v1/console/daily?date=2025-12-31',
      `/api/v1/console/adoption?from=2025-01-01&to=${addDays('2025-01-01', MAX_DAYS - 1)}`,
    ];
    for (const path of reads) {
      const r = await whileHealthy(() =>
        fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${agency}` } }),
      );
      expect(r.status, path).toBe(200);
      await r.arrayBuffer();
    }
  }, 240_000);

  it('ASVS 5.2.1, 5.2.3: the largest import allowed — 20,000 rows unpacking to almost 128 MiB — is applied while the health check keeps answering', async () => {
    // A CSV of empty lines up to the body limit: skipped as it is read, never kept.
    const empty = Buffer.concat([
      Buffer.from(`${HEADERS.join(';')}\n`),
      Buffer.alloc(20 * 1024 * 1024 - 1024, 0x0a),
    ]);
    const blank = await whileHealthy(() =>
      upload('/api/v1/console/import/headers', agency, empty, 'text/csv'),
    );
    expect(blank.status).toBe(200);
    expect(blank.body).toMatchObject({ headers: HEADERS, rows: 0 });
    // 20,000 people with 40 more columns of notes: about 124 MB of sheet, 20,001 rows.
    const notes = Array.from({ length: 40 }, (_, c) => `Catatan ${c + 1}`);
    const filler = 'x'.repeat(100);
    const parts = workbookParts([
      [...HEADERS, ...notes],
      ...Array.from({ length: MAX_ROWS }, (_, i) => [
        nip(i),
        `Pegawai Impor ${i}`,
        'Staf',
        'Puskesmas Kota',
        'PNS',
        'II/a',
        ...notes.map(() => filler),
      ]),
    ]);
    const size = unpackedSize(parts);
    expect(size).toBeLessThanOrEqual(MAX_UNPACKED);
    expect(size).toBeGreaterThan(0.9 * MAX_UNPACKED);
    const file = zipOf(parts);
    const headers = await whileHealthy(() => upload('/api/v1/console/import/headers', agency, file));
    expect(headers.status).toBe(200);
    expect(headers.body).toMatchObject({ rows: MAX_ROWS });
    const before = await count('employees');
    const applied = await whileHealthy(() => upload('/api/v1/import/employees', agency, file));
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, summary: { create: MAX_ROWS, refused: 0 } });
    expect(await count('employees')).toBe(before + MAX_ROWS);
  }, 300_000);
});
