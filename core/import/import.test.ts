import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNip } from '../nip.js';
import { mappingProblems, parseEmployeeRow, parseEmployeeSheet, suggestMapping } from './employee-rows.js';
import type { ColumnMapping, EmployeeRow } from './employee-rows.js';
import { planImport, planIsEmpty } from './plan.js';
import type { ImportExisting, ImportPlan, ImportUnit } from './plan.js';
import { columnLetter, parseCsv } from './sheet.js';
import type { Cell, Sheet } from './sheet.js';

const HEADERS = ['NIP Baru', 'Nama', 'Jabatan', 'Unit Kerja', 'Status Kepegawaian', 'Golongan'];
const MAPPING: ColumnMapping = { nip: 0, name: 1, position: 2, unit: 3, kind: 4, rank: 5 };
const t = (v: string): Cell => (v === '' ? { t: 'empty' } : { t: 'text', v });
const UNITS: ImportUnit[] = [
  { id: 1, name: 'Dinas Kesehatan', code: '1.02', closed: false },
  { id: 2, name: 'Puskesmas Kota', code: '1.02.01', closed: false },
  { id: 3, name: 'Bidang Umum', code: '2.01', closed: false },
  { id: 4, name: 'Bidang Umum', code: '3.01', closed: false },
  { id: 5, name: 'UPT Lama', code: null, closed: true },
];
const OPTS = {
  effectiveFrom: '2026-04-01',
  deactivateMissing: false,
  scopeUnitIds: new Set([1, 2, 3, 4, 5]),
};
const PNS = '198508092014021736';

function row(cells: string[], n = 2) {
  return parseEmployeeRow(n, cells.map(t), MAPPING);
}

describe('columns', () => {
  it('suggests the mapping of a SIASN-style header', () => {
    expect(suggestMapping(HEADERS)).toEqual(MAPPING);
    expect(suggestMapping(['nip', 'NAMA_LENGKAP', 'unor.nama', 'kode_unor'])).toEqual({
      nip: 0,
      name: 1,
      unit: 2,
      unitCode: 3,
    });
  });

  it('says what a mapping lacks', () => {
    expect(mappingProblems({ nip: 0 }, 3).map((p) => p.field)).toEqual(['name', 'unit']);
    expect(mappingProblems({ nip: 0, name: 0, unit: 9 }, 3)).toEqual([
      { field: 'name', reason: 'duplicate_column' },
      { field: 'unit', reason: 'column' },
    ]);
  });

  it('names columns like a spreadsheet', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});

describe('parseEmployeeRow', () => {
  it('reads a PNS row, the kind from the status and the rank normalised', () => {
    expect(
      row([`19850809 201402 1 736`, ' Andi  Santoso ', 'Kepala Bagian', 'Dinas Kesehatan', 'PNS', '3b']),
    ).toEqual({
      ok: true,
      value: {
        row: 2,
        kind: 'pns',
        nip: PNS,
        internalId: null,
        name: 'Andi Santoso',
        unitName: 'Dinas Kesehatan',
        unitCode: null,
        position: 'Kepala Bagian',
        rank: 'III/b',
        attendanceFrom: null,
        active: null,
      },
    });
  });

  it('refuses a NIP that Excel turned into a number, with the row and column, in both languages', () => {
    const r = parseEmployeeRow(
      7,
      [
        { t: 'number', v: Number('198508092014021736') },
        t('Andi'),
        t(''),
        t('Dinas Kesehatan'),
        t('PNS'),
        t(''),
      ],
      MAPPING,
    );
    expect(r.ok).toBe(false);
    const first = !r.ok ? r.refusals[0] : undefined;
    expect(first).toMatchObject({ row: 7, column: 'A', field: 'nip', reason: 'nip_excel' });
    expect(first?.message.id).toContain('Baris 7 kolom A');
    expect(first?.message.en).toContain('Row 7 column A');
    expect(row(['1.98508E+17', 'Andi', '', 'Dinas Kesehatan', 'PNS', ''])).toMatchObject({
      ok: false,
      refusals: [{ reason: 'nip_excel' }],
    });
  });

  it('refuses formulas, a status that contradicts the NIP, ranks for non-ASN', () => {
    const f = parseEmployeeRow(
      3,
      [t(PNS), { t: 'formula' }, t(''), t('Dinas Kesehatan'), t(''), t('')],
      MAPPING,
    );
    expect(f).toMatchObject({ ok: false, refusals: [{ column: 'B', reason: 'formula' }] });
    expect(row([PNS, 'Andi', '', 'Dinas Kesehatan', 'PPPK', ''])).toMatchObject({
      ok: false,
      refusals: [{ reason: 'kind_mismatch', column: 'E' }],
    });
    expect(row(['', 'Deden', '', 'Dinas Kesehatan', 'Honorer', 'II/a'])).toMatchObject({ ok: false });
  });
});

// ---------------------------------------------------------------------------------------
// Property tests: random valid and invalid sheets
// ---------------------------------------------------------------------------------------

const validNip = fc
  .record({
    y: fc.integer({ min: 1960, max: 2000 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    ay: fc.integer({ min: 2021, max: 2025 }),
    am: fc.integer({ min: 1, max: 12 }),
    sex: fc.constantFrom('male' as const, 'female' as const),
    serial: fc.integer({ min: 1, max: 999 }),
  })
  .map((r) =>
    formatNip({
      kind: 'pns',
      birthDate: `${r.y}-${String(r.m).padStart(2, '0')}-${String(r.d).padStart(2, '0')}`,
      appointmentYear: r.ay,
      appointmentMonth: r.am,
      contract: null,
      sex: r.sex,
      serial: r.serial,
    }),
  );

const validRow = fc.record({
  nip: validNip,
  name: fc.constantFrom('Andi Santoso', 'Siti Aminah', 'Budi', 'Neneng Mappanyukki'),
  position: fc.constantFrom('Staf', 'Perawat', 'Guru', ''),
  unit: fc.constantFrom('Dinas Kesehatan', 'Puskesmas Kota', 'dinas  kesehatan'),
  rank: fc.constantFrom('III/a', 'II/c', ''),
});

function sheetOf(rows: string[][]): Sheet {
  return {
    headers: HEADERS,
    headerRow: 1,
    rows: rows.map((cells, i) => ({ row: i + 2, cells: cells.map(t) })),
  };
}

/** What the database holds after applying `plan` on top of `before` (the store's effect, in memory). */
function applyInMemory(before: ImportExisting[], plan: ImportPlan): ImportExisting[] {
  const out = new Map(before.map((e) => [e.id, { ...e }]));
  let next = Math.max(0, ...before.map((e) => e.id)) + 1;
  for (const c of plan.create) {
    out.set(next, {
      id: next,
      kind: c.kind,
      nip: c.nip,
      internalId: c.internalId,
      name: c.name,
      unitId: c.unitId,
      position: c.position,
      rank: c.rank,
      attendanceFrom: c.attendanceFrom,
      inactiveFrom: null,
      inScope: true,
    });
    next++;
  }
  for (const ch of plan.change) {
    const e = out.get(ch.employeeId)!;
    for (const f of ch.fields) {
      if (f.field === 'active') e.inactiveFrom = null;
      else if (f.field === 'name' || f.field === 'position') e[f.field] = f.to ?? '';
      else e[f.field] = f.to;
    }
  }
  for (const m of plan.move) out.get(m.employeeId)!.unitId = m.toUnitId;
  for (const d of plan.deactivate) out.get(d.employeeId)!.inactiveFrom = d.from;
  return [...out.values()];
}

describe('import properties', () => {
  it('a valid sheet is taken whole, and importing it again plans nothing', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(validRow, { selector: (r) => r.nip, minLength: 1, maxLength: 40 }),
        (rows) => {
          const sheet = sheetOf(rows.map((r) => [r.nip, r.name, r.position, r.unit, 'PNS', r.rank]));
          const parsed = parseEmployeeSheet(sheet, MAPPING);
          expect(parsed.refusals).toEqual([]);
          const first = planImport(parsed.rows, UNITS, [], MAPPING, OPTS);
          expect(first.create).toHaveLength(rows.length);
          const stored = applyInMemory([], first);
          const again = planImport(parsed.rows, UNITS, stored, MAPPING, OPTS);
          expect(planIsEmpty(again)).toBe(true);
          expect(again.unchanged).toBe(rows.length);
        },
      ),
    );
  });

  it('every broken row is refused with its row number, the rest are taken', () => {
    const breakers: ((cells: string[]) => string[])[] = [
      (c) => ['1.98508E+17', ...c.slice(1)],
      (c) => [`${c[0]!.slice(0, 15)}000`, ...c.slice(1)],
      (c) => [c[0]!.slice(0, 17), ...c.slice(1)],
      (c) => [c[0]!, '', ...c.slice(2)],
      (c) => [...c.slice(0, 3), 'Dinas Tidak Ada', ...c.slice(4)],
      (c) => [...c.slice(0, 3), 'Bidang Umum', ...c.slice(4)],
      (c) => [...c.slice(0, 4), 'Pegawai Lepas?', c[5]!],
      (c) => [...c.slice(0, 5), 'IX/z'],
    ];
    fc.assert(
      fc.property(
        fc.uniqueArray(validRow, { selector: (r) => r.nip.slice(0, 15), minLength: 2, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: breakers.length - 1 })), { maxLength: 10 }),
        (rows, breaks) => {
          const cells = rows.map((r) => [r.nip, r.name, r.position, r.unit, 'PNS', r.rank]);
          const broken = new Set<number>();
          for (const [i, b] of breaks) {
            const k = i % cells.length;
            cells[k] = breakers[b]!(cells[k]!);
            broken.add(k + 2);
          }
          const parsed = parseEmployeeSheet(sheetOf(cells), MAPPING);
          const plan = planImport(parsed.rows, UNITS, [], MAPPING, OPTS);
          const refusedRows = new Set(plan.refused.concat(parsed.refusals).map((r) => r.row));
          expect(refusedRows).toEqual(broken);
          expect(plan.create.map((c) => c.row).sort((a, b) => a - b)).toEqual(
            cells.map((_, i) => i + 2).filter((r) => !broken.has(r)),
          );
          for (const r of parsed.refusals.concat(plan.refused)) {
            expect(r.message.id).toContain(`Baris ${r.row}`);
            expect(r.message.en).toContain(`Row ${r.row}`);
          }
        },
      ),
    );
  });

  it('every occurrence of a duplicate NIP is refused', () => {
    const sheet = sheetOf([
      [PNS, 'Andi', '', 'Dinas Kesehatan', 'PNS', ''],
      ['199001152019032002', 'Siti', '', 'Dinas Kesehatan', 'PNS', ''],
      [PNS, 'Andi S.', '', 'Puskesmas Kota', 'PNS', ''],
    ]);
    const parsed = parseEmployeeSheet(sheet, MAPPING);
    expect(parsed.rows.map((r) => r.row)).toEqual([3]);
    expect(parsed.refusals.map((r) => [r.row, r.reason])).toEqual([
      [2, 'duplicate'],
      [4, 'duplicate'],
    ]);
  });
});

describe('planImport against stored employees', () => {
  const stored: ImportExisting = {
    id: 10,
    kind: 'pns',
    nip: PNS,
    internalId: null,
    name: 'Andi Santoso',
    unitId: 1,
    position: 'Staf',
    rank: 'III/a',
    attendanceFrom: null,
    inactiveFrom: null,
    inScope: true,
  };
  const rowOf = (over: Partial<EmployeeRow>): EmployeeRow => ({
    row: 2,
    kind: 'pns',
    nip: PNS,
    internalId: null,
    name: 'Andi Santoso',
    unitName: 'Dinas Kesehatan',
    unitCode: null,
    position: 'Staf',
    rank: 'III/a',
    attendanceFrom: null,
    active: null,
    ...over,
  });

  it('moves from the effective date, changes fields, and leaves identical rows alone', () => {
    const p = planImport(
      [rowOf({ unitCode: '1.02.01', position: 'Kepala' })],
      UNITS,
      [stored],
      MAPPING,
      OPTS,
    );
    expect(p.move).toEqual([{ row: 2, employeeId: 10, fromUnitId: 1, toUnitId: 2, from: '2026-04-01' }]);
    expect(p.change).toEqual([
      { row: 2, employeeId: 10, fields: [{ field: 'position', from: 'Staf', to: 'Kepala' }] },
    ]);
    expect(planImport([rowOf({})], UNITS, [stored], MAPPING, OPTS)).toMatchObject({
      unchanged: 1,
      move: [],
      change: [],
    });
  });

  it('deactivates those a full export no longer lists, only inside the scope', () => {
    const other = { ...stored, id: 11, nip: '199001152019032002', unitId: 9 };
    const p = planImport([], UNITS, [stored, other], MAPPING, { ...OPTS, deactivateMissing: true });
    expect(p.deactivate).toEqual([{ row: null, employeeId: 10, from: '2026-04-01' }]);
  });

  it('refuses an employee of another scope, a closed unit, an ambiguous name', () => {
    expect(
      planImport([rowOf({})], UNITS, [{ ...stored, inScope: false }], MAPPING, OPTS).refused[0]?.reason,
    ).toBe('nip_taken');
    expect(planImport([rowOf({ unitName: 'UPT Lama' })], UNITS, [], MAPPING, OPTS).refused[0]?.reason).toBe(
      'unit_closed',
    );
    expect(
      planImport([rowOf({ unitName: 'Bidang Umum' })], UNITS, [], MAPPING, OPTS).refused[0]?.reason,
    ).toBe('unit_ambiguous');
  });
});

describe('parseCsv', () => {
  it('reads semicolon exports, quotes and a BOM, keeping NIPs as text', () => {
    const s = parseCsv(
      '\ufeffNIP;Nama;Unit Kerja\r\n198508092014021736;"Santoso; Andi";"Dinas ""Sehat"""\r\n\r\n',
    );
    expect(s?.headers).toEqual(['NIP', 'Nama', 'Unit Kerja']);
    expect(s?.rows).toEqual([
      {
        row: 2,
        cells: [
          { t: 'text', v: '198508092014021736' },
          { t: 'text', v: 'Santoso; Andi' },
          { t: 'text', v: 'Dinas "Sehat"' },
        ],
      },
    ]);
    expect(parseCsv('a,b\n"open')).toBeNull();
  });

  it('stops at the first row or column past its limits, and never keeps empty lines (ASVS 5.0 5.2.1)', () => {
    const limits = { rows: 2, columns: 3 };
    expect(parseCsv('a;b\n1;2\n\n\n2;3\n', limits)).toEqual({
      headers: ['a', 'b'],
      rows: [
        {
          row: 2,
          cells: [
            { t: 'text', v: '1' },
            { t: 'text', v: '2' },
          ],
        },
        {
          row: 5,
          cells: [
            { t: 'text', v: '2' },
            { t: 'text', v: '3' },
          ],
        },
      ],
      headerRow: 1,
    });
    expect(parseCsv('a;b\n1;2\n2;3\n3;4\n', limits)).toEqual({ tooLarge: 'rows' });
    expect(parseCsv('a;b;c;d\n', limits)).toEqual({ tooLarge: 'columns' });
    expect(parseCsv('a;b\n1;2;3;' + ';'.repeat(1_000_000), limits)).toEqual({ tooLarge: 'columns' });
    // Quoted delimiters and line ends are values, not columns or rows.
    expect(parseCsv('a;b\n"1;2;3;4";"x\ny\nz"\n', limits)).toMatchObject({ rows: [{ row: 2 }] });
    expect(parseCsv('a;b\n' + '\n'.repeat(1_000_000), limits)).toEqual({
      headers: ['a', 'b'],
      rows: [],
      headerRow: 1,
    });
  });
});
