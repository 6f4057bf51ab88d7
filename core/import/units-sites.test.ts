/**
 * The units and work-site sheet planners: examples of each refusal, and property tests
 * over random valid and invalid sheets — a valid sheet plans every row, the plan applied
 * (in memory, step by step, refusing a step that would make a cycle) and planned again
 * plans nothing, in any row order; a bad row is refused with its row, its column and a
 * reason in both languages, and leaves the others alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZONES } from '../model.js';
import type { Zone } from '../model.js';
import { parseSiteSheet, parsePolygon, planSites, suggestSiteMapping } from './sites.js';
import type { SitePlan, StoredSite } from './sites.js';
import { parseUnitSheet, planUnits, suggestUnitMapping, unitPlanIsEmpty } from './units.js';
import type { StoredUnit, UnitPlan, UnitPlanOptions } from './units.js';
import type { Cell, Sheet } from './sheet.js';

const UNIT_HEADERS = ['Kode Unit Kerja', 'Nama Unit Kerja', 'Induk', 'Jenis', 'Zona'];

function sheetOf(headers: string[], rows: (string | number | null)[][]): Sheet {
  return {
    headers,
    headerRow: 1,
    rows: rows.map((r, i) => ({
      row: i + 2,
      cells: r.map((v): Cell =>
        v === null || v === ''
          ? { t: 'empty' }
          : typeof v === 'number'
            ? { t: 'number', v }
            : { t: 'text', v },
      ),
    })),
  };
}

const AGENCY: UnitPlanOptions = { mayCreateRoot: true, ownRootId: null };

function planUnitSheet(sheet: Sheet, stored: StoredUnit[], opts: UnitPlanOptions = AGENCY) {
  const mapping = suggestUnitMapping(sheet.headers);
  const parsed = parseUnitSheet(sheet, mapping);
  const plan = planUnits(parsed.rows, stored, mapping, opts);
  return { plan, refused: [...parsed.refusals, ...plan.refused] };
}

/** Applies a units plan to an in-memory tree the way the service does: refuses a move into its own subtree. */
function applyUnits(stored: StoredUnit[], plan: UnitPlan): StoredUnit[] {
  const units = new Map(stored.map((u) => [u.id, { ...u }]));
  const made = new Map<number, number>();
  let next = Math.max(0, ...units.keys()) + 1;
  const idOf = (ref: { unitId: number } | { row: number }) => {
    const id = 'unitId' in ref ? ref.unitId : made.get(ref.row);
    if (id === undefined || !units.has(id)) throw new Error(`parent ${JSON.stringify(ref)} not made yet`);
    return id;
  };
  for (const c of plan.create) {
    const id = next++;
    const parentId = c.parent === null ? null : idOf(c.parent);
    units.set(id, {
      id,
      parentId,
      name: c.name,
      code: c.code,
      kind: c.kind,
      zone: c.zone,
      closed: false,
      inScope: true,
    });
    made.set(c.row, id);
  }
  for (const ch of plan.change) {
    const u = units.get(ch.unitId)!;
    for (const f of ch.fields) Object.assign(u, { [f.field]: f.to });
  }
  for (const m of plan.move) {
    const to = idOf(m.to);
    for (let p: number | null = to; p !== null; p = units.get(p)!.parentId) {
      if (p === m.unitId) throw new Error(`move of ${m.unitId} under ${to} makes a cycle`);
    }
    units.get(m.unitId)!.parentId = to;
  }
  return [...units.values()];
}

/** A random tree of n units: unit i's parent is an earlier unit (unit 0 is the root). */
const treeArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    parents: fc.tuple(
      ...Array.from({ length: n }, (_, i) => (i === 0 ? fc.constant(-1) : fc.nat({ max: i - 1 }))),
    ),
    zones: fc.array(fc.constantFrom('WIB', 'WITA', 'WIT', 'Asia/Jayapura', ''), {
      minLength: n,
      maxLength: n,
    }),
    kinds: fc.array(fc.constantFrom('OPD', 'bidang', 'UPT', 'puskesmas', 'sekolah', ''), {
      minLength: n,
      maxLength: n,
    }),
    byName: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    order: fc.array(fc.nat(), { minLength: n, maxLength: n }),
  }),
);

type Tree = { parents: number[]; zones: string[]; kinds: string[]; byName: boolean[]; order: number[] };

function unitRows(t: Tree, rename = ''): (string | null)[][] {
  const rows = t.parents.map((p, i) => [
    `U${i}`,
    `Unit ${i}${rename}`,
    p < 0 ? null : t.byName[i] ? `Unit ${p}${rename}` : `U${p}`,
    i === 0 ? 'Pemda' : t.kinds[i]!,
    i === 0 ? t.zones[0] || 'WIB' : t.zones[i]!,
  ]);
  // Any order: a parent may come after its children.
  return rows
    .map((r, i) => ({ r, k: t.order[i]! }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
}

describe('units sheet', () => {
  it('creates a tree whose parents come later in the sheet, by code or by name', () => {
    const sheet = sheetOf(UNIT_HEADERS, [
      ['PKM-1', 'Puskesmas Kota', 'Dinas Kesehatan', 'puskesmas', ''],
      ['DINKES', 'Dinas Kesehatan', 'PEMDA', 'OPD', ''],
      ['PEMDA', 'Pemerintah Kabupaten Contoh', '', 'Pemda', 'WIT'],
    ]);
    const { plan, refused } = planUnitSheet(sheet, []);
    expect(refused).toEqual([]);
    expect(plan.create.map((c) => [c.row, c.code, c.zone, c.parent])).toEqual([
      [4, 'PEMDA', 'Asia/Jayapura', null],
      [3, 'DINKES', 'Asia/Jayapura', { row: 4 }],
      [2, 'PKM-1', 'Asia/Jayapura', { row: 3 }],
    ]);
  });

  it('refuses an unknown parent, a cycle, a bad zone, a duplicate code, and a child of a refused row', () => {
    const stored: StoredUnit[] = [
      {
        id: 1,
        parentId: null,
        name: 'Pemda',
        code: 'P',
        kind: 'pemda',
        zone: 'Asia/Jakarta',
        closed: false,
        inScope: true,
      },
    ];
    const sheet = sheetOf(UNIT_HEADERS, [
      ['A', 'Dinas A', 'Tidak Ada', 'OPD', ''], // 2: unknown parent
      ['B', 'Dinas B', 'C', 'OPD', ''], // 3: cycle B → C → B
      ['C', 'Dinas C', 'B', 'OPD', ''], // 4
      ['D', 'Dinas D', 'P', 'OPD', 'GMT+7'], // 5: bad zone
      ['E', 'Dinas E', 'P', 'OPD', ''], // 6: duplicate code
      ['E', 'Dinas E2', 'P', 'OPD', ''], // 7
      ['F', 'Bidang F', 'A', 'bidang', ''], // 8: parent refused
      ['G', 'Dinas G', 'P', 'OPD', 'WITA'], // 9: fine
    ]);
    const { plan, refused } = planUnitSheet(sheet, stored);
    const by = new Map(refused.map((r) => [r.row, r]));
    expect([...by.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(by.get(2)).toMatchObject({ column: 'C', reason: 'parent_unknown' });
    expect(by.get(3)).toMatchObject({ column: 'C', reason: 'unit_cycle' });
    expect(by.get(4)).toMatchObject({ column: 'C', reason: 'unit_cycle' });
    expect(by.get(5)).toMatchObject({ column: 'E', reason: 'zone_unknown' });
    expect(by.get(6)).toMatchObject({ column: 'A', reason: 'duplicate' });
    expect(by.get(8)).toMatchObject({ column: 'C', reason: 'parent_refused' });
    expect(by.get(5)!.message.id).toBe('Baris 5 kolom E: zona waktu "GMT+7" tidak dikenal (WIB, WITA, WIT).');
    expect(by.get(5)!.message.en).toBe(
      'Row 5 column E: the time zone "GMT+7" is not known (WIB, WITA, WIT).',
    );
    expect(plan.create.map((c) => [c.code, c.zone])).toEqual([['G', 'Asia/Makassar']]);
  });

  it('renames and moves a stored unit, refuses a move that closes a cycle through the stored tree', () => {
    const u = (id: number, parentId: number | null, code: string): StoredUnit => ({
      id,
      parentId,
      name: `Unit ${code}`,
      code,
      kind: 'opd',
      zone: 'Asia/Jakarta',
      closed: false,
      inScope: true,
    });
    const stored = [u(1, null, 'P'), u(2, 1, 'A'), u(3, 2, 'B')];
    const { plan } = planUnitSheet(sheetOf(UNIT_HEADERS, [['A', 'Dinas A Baru', 'P', '', '']]), stored);
    expect(plan.change).toEqual([
      { row: 2, unitId: 2, fields: [{ field: 'name', from: 'Unit A', to: 'Dinas A Baru' }] },
    ]);
    const cycle = planUnitSheet(sheetOf(UNIT_HEADERS, [['A', 'Unit A', 'B', '', '']]), stored);
    expect(cycle.refused).toMatchObject([{ row: 2, column: 'C', reason: 'unit_cycle' }]);
    // A unit admin of A may not create a top unit nor move A itself.
    const admin = { mayCreateRoot: false, ownRootId: 2 };
    const scoped = stored.map((x) => ({ ...x, inScope: x.id !== 1 }));
    const r = planUnitSheet(
      sheetOf(UNIT_HEADERS, [
        ['X', 'Baru', '', '', 'WIB'],
        ['B', 'Unit B', 'A', '', ''],
      ]),
      scoped,
      admin,
    );
    expect(r.refused).toMatchObject([{ row: 2, reason: 'root_forbidden' }]);
    expect(r.plan.unchanged).toBe(1);
  });

  it('property: a random valid sheet, in any order, plans every row; re-planned after apply, plans nothing', () => {
    fc.assert(
      fc.property(treeArb, (t) => {
        const sheet = sheetOf(UNIT_HEADERS, unitRows(t));
        const first = planUnitSheet(sheet, []);
        expect(first.refused).toEqual([]);
        expect(first.plan.create).toHaveLength(t.parents.length);
        const stored = applyUnits([], first.plan);
        const again = planUnitSheet(sheet, stored);
        expect(again.refused).toEqual([]);
        expect(unitPlanIsEmpty(again.plan)).toBe(true);
        expect(again.plan.unchanged).toBe(t.parents.length);
      }),
      { numRuns: 200 },
    );
  });

  it('property: next month’s sheet (another tree over the same codes, renamed) applies step by step and then plans nothing', () => {
    fc.assert(
      fc.property(treeArb, fc.array(fc.nat(), { maxLength: 12 }), (t, reshuffle) => {
        const n = t.parents.length;
        const stored = applyUnits([], planUnitSheet(sheetOf(UNIT_HEADERS, unitRows(t)), []).plan);
        // The new tree: units in another order, each under an earlier one in that order.
        const perm = Array.from({ length: n }, (_, i) => i).sort(
          (a, b) => (reshuffle[a] ?? a) - (reshuffle[b] ?? b) || a - b,
        );
        const rootIdx = perm.indexOf(0);
        [perm[0], perm[rootIdx]] = [perm[rootIdx]!, perm[0]!];
        const parents = Array.from({ length: n }, () => -1);
        perm.forEach((u, pos) => {
          if (pos > 0) parents[u] = perm[(reshuffle[pos] ?? 0) % pos]!;
        });
        const t2 = { ...t, parents, byName: t.byName.map(() => false) };
        const sheet2 = sheetOf(UNIT_HEADERS, unitRows(t2, ' (baru)'));
        const second = planUnitSheet(sheet2, stored);
        expect(second.refused).toEqual([]);
        const after = applyUnits(stored, second.plan);
        expect(unitPlanIsEmpty(planUnitSheet(sheet2, after).plan)).toBe(true);
        const byCode = new Map(after.map((u) => [u.code, u]));
        for (let i = 1; i < n; i++)
          expect(byCode.get(`U${i}`)!.parentId).toBe(byCode.get(`U${parents[i]}`)!.id);
      }),
      { numRuns: 200 },
    );
  });

  it('property: bad rows are refused with row, column and both languages; the good rows are planned', () => {
    const bad = fc.constantFrom<{ cells: (string | null)[]; reason: string; column: string }>(
      { cells: ['ZZ', 'Dinas Hilang', 'TIDAK-ADA', 'OPD', ''], reason: 'parent_unknown', column: 'C' },
      { cells: ['ZY', 'Dinas Zona', 'U0', 'OPD', 'EST'], reason: 'zone_unknown', column: 'E' },
      { cells: ['ZX', 'Dinas Jenis', 'U0', 'kementerian', ''], reason: 'unit_kind_unknown', column: 'D' },
      { cells: ['ZW', '', 'U0', 'OPD', ''], reason: 'name_required', column: 'B' },
      { cells: ['ZV', 'Dinas Diri', 'ZV', 'OPD', ''], reason: 'unit_cycle', column: 'C' },
    );
    fc.assert(
      fc.property(treeArb, fc.array(fc.tuple(bad, fc.nat()), { minLength: 1, maxLength: 4 }), (t, bads) => {
        const rows: (string | null)[][] = unitRows(t);
        for (const [b, at] of bads) rows.splice(at % (rows.length + 1), 0, b.cells);
        const { plan, refused } = planUnitSheet(sheetOf(UNIT_HEADERS, rows), []);
        const expected = rows.flatMap((r, i) => {
          const b = bads.find(([x]) => x.cells === r)?.[0];
          return b ? [{ row: i + 2, b }] : [];
        });
        const dupCodes = new Set(bads.map(([b]) => b.cells[0]).filter((c, i, a) => a.indexOf(c) !== i));
        for (const { row, b } of expected) {
          const r = refused.find((x) => x.row === row);
          expect(r).toBeDefined();
          if (!dupCodes.has(b.cells[0])) expect(r).toMatchObject({ reason: b.reason, column: b.column });
          expect(r!.message.id.startsWith(`Baris ${row} kolom `)).toBe(true);
          expect(r!.message.en.startsWith(`Row ${row} column `)).toBe(true);
        }
        expect(plan.create).toHaveLength(t.parents.length);
        expect(new Set(refused.map((r) => r.row)).size).toBe(expected.length);
      }),
      { numRuns: 200 },
    );
  });
});

const SITE_HEADERS = [
  'Nama Lokasi',
  'Kode Unit Kerja',
  'Lat',
  'Lng',
  'Radius',
  'Poligon',
  'Mode',
  'Berlaku Dari',
  'Berlaku Sampai',
];
const SITE_UNITS = [
  { id: 1, name: 'Dinas A', code: 'A', closed: false },
  { id: 2, name: 'Dinas B', code: 'B', closed: false },
];

function planSiteSheet(
  sheet: Sheet,
  stored: StoredSite[],
  people = new Map<string, { id: number; unitId: number }>(),
) {
  const mapping = suggestSiteMapping(sheet.headers);
  const parsed = parseSiteSheet(sheet, mapping);
  const plan = planSites(parsed.rows, SITE_UNITS, people, stored, mapping);
  return { plan, refused: [...parsed.refusals, ...plan.refused] };
}

function applySites(stored: StoredSite[], plan: SitePlan): StoredSite[] {
  const out = new Map(stored.map((s) => [s.id, { ...s }]));
  let next = Math.max(0, ...out.keys()) + 1;
  for (const c of plan.create) {
    const id = next++;
    out.set(id, {
      id,
      unitId: c.unitId,
      employeeId: c.employeeId,
      name: c.name,
      mode: c.mode,
      shape: c.shape,
      validFrom: c.validFrom,
      validTo: c.validTo,
      active: true,
    });
  }
  for (const c of [...plan.change, ...plan.deactivate]) Object.assign(out.get(c.siteId)!, c.next);
  return [...out.values()];
}

const siteRowArb = fc.record({
  unit: fc.constantFrom('A', 'B'),
  lat: fc.double({ min: -10, max: 5, noNaN: true }).map((x) => Math.round(x * 1e6) / 1e6),
  lng: fc.double({ min: 96, max: 140, noNaN: true }).map((x) => Math.round(x * 1e6) / 1e6),
  radius: fc.integer({ min: 10, max: 5000 }),
  polygon: fc.boolean(),
  asText: fc.boolean(),
});

describe('work-site sheet', () => {
  it('reads WKT (lng lat) and "lat lng; …" polygons alike', () => {
    expect(parsePolygon('POLYGON((107.92 -6.85, 107.93 -6.85, 107.93 -6.86, 107.92 -6.85))')).toEqual([
      { lat: -6.85, lon: 107.92 },
      { lat: -6.85, lon: 107.93 },
      { lat: -6.86, lon: 107.93 },
      { lat: -6.85, lon: 107.92 },
    ]);
    expect(parsePolygon('-6.85 107.92; -6.85,107.93; -6.86 107.93')).toHaveLength(3);
    expect(parsePolygon('bukan poligon')).toBeNull();
  });

  it('refuses what the site map refuses, with the row and the column', () => {
    const sheet = sheetOf(SITE_HEADERS, [
      ['Kantor', 'A', -6.85, 107.92, 5, null, null, null, null], // 2: radius below 10 m
      ['Luar', 'A', 13.75, 100.5, 100, null, null, null, null], // 3: Bangkok, outside Indonesia
      [
        'Silang',
        'A',
        null,
        null,
        null,
        '-6.85 107.92; -6.86 107.93; -6.85 107.93; -6.86 107.92',
        null,
        null,
        null,
      ], // 4
      ['Unit?', 'Q', -6.85, 107.92, 100, null, null, null, null], // 5: unknown unit
      ['Rumah', 'A', -6.85, 107.92, 100, null, 'WFH', null, null], // 6: WFH needs a NIP
      ['Tanggal', 'A', -6.85, 107.92, 100, null, null, '2026-05-01', '2026-04-01'], // 7: order
      ['Koma', 'A', '-6,85', '107,92', 'seratus', null, null, null, null], // 8: not a number
      ['Baik', 'B', '-6,85', '107,92', '100', null, 'kantor', '01-04-2026', null], // 9: fine
    ]);
    const { plan, refused } = planSiteSheet(sheet, []);
    const by = new Map(refused.map((r) => [r.row, r]));
    expect(by.get(2)).toMatchObject({ column: 'E', reason: 'site_radius' });
    expect(by.get(3)).toMatchObject({ column: 'C', reason: 'site_outside_indonesia' });
    expect(by.get(4)).toMatchObject({ column: 'F', reason: 'site_self_intersecting' });
    expect(by.get(5)).toMatchObject({ column: 'B', reason: 'unit_unknown' });
    expect(by.get(6)).toMatchObject({ reason: 'site_person_required' });
    expect(by.get(7)).toMatchObject({ column: 'I', reason: 'date_order' });
    expect(by.get(8)).toMatchObject({ column: 'E', reason: 'number_format' });
    expect(by.get(2)!.message.en).toBe('Row 2 column E: the radius "5" m is out of bounds (10–5000 m).');
    expect(plan.create).toMatchObject([
      {
        row: 9,
        unitId: 2,
        validFrom: '2026-04-01',
        shape: { type: 'circle', center: { lat: -6.85, lon: 107.92 }, radiusM: 100 },
      },
    ]);
  });

  it('property: random valid sheets plan every row, and re-planned after apply plan nothing; changes apply once', () => {
    fc.assert(
      fc.property(
        fc.array(siteRowArb, { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 10, max: 5000 }),
        (specs, newRadius) => {
          const rows = specs.map((s, i) => {
            const poly = `${s.lat} ${s.lng}; ${s.lat + 0.001} ${s.lng}; ${s.lat + 0.001} ${s.lng + 0.001}; ${s.lat} ${s.lng}`;
            return s.polygon
              ? [`Lokasi ${i}`, s.unit, null, null, null, poly, null, null, null]
              : [
                  `Lokasi ${i}`,
                  s.unit,
                  s.asText ? String(s.lat) : s.lat,
                  s.asText ? String(s.lng) : s.lng,
                  s.radius,
                  null,
                  null,
                  null,
                  null,
                ];
          });
          const sheet = sheetOf(SITE_HEADERS, rows);
          const first = planSiteSheet(sheet, []);
          expect(first.refused).toEqual([]);
          expect(first.plan.create).toHaveLength(specs.length);
          const stored = applySites([], first.plan);
          const again = planSiteSheet(sheet, stored);
          expect(again.plan.create.length + again.plan.change.length + again.plan.deactivate.length).toBe(0);
          expect(again.plan.unchanged).toBe(specs.length);
          // Next month: the first circle gets another radius, the last row is taken out of use.
          const rows2 = rows.map((r) => [...r]);
          const firstCircle = rows2.findIndex((r) => r[4] !== null);
          if (firstCircle >= 0) rows2[firstCircle]![4] = newRadius;
          const headers2 = [...SITE_HEADERS, 'Aktif'];
          rows2[rows2.length - 1]!.push('tidak');
          const second = planSiteSheet(sheetOf(headers2, rows2), stored);
          expect(second.refused).toEqual([]);
          expect(second.plan.deactivate).toHaveLength(1);
          const after = applySites(stored, second.plan);
          const third = planSiteSheet(sheetOf(headers2, rows2), after);
          expect(third.plan.create.length + third.plan.change.length + third.plan.deactivate.length).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: random invalid rows are refused with their column, valid rows still planned', () => {
    const bad = fc.constantFrom<{ cells: (string | number | null)[]; column: string; reason: string }>(
      { cells: ['X', 'A', -6.85, 107.92, 6000, null, null, null, null], column: 'E', reason: 'site_radius' },
      {
        cells: ['X', 'A', 40.7, -74, 100, null, null, null, null],
        column: 'C',
        reason: 'site_outside_indonesia',
      },
      { cells: ['X', 'A', 'abc', 107.9, 100, null, null, null, null], column: 'C', reason: 'number_format' },
      {
        cells: ['X', 'A', null, null, null, '-6.85 107.92; -6.85 107.92', null, null, null],
        column: 'F',
        reason: 'site_points',
      },
      {
        cells: ['X', 'A', -6.85, 107.92, 100, null, 'dinas luar', null, null],
        column: 'G',
        reason: 'site_mode_unknown',
      },
      {
        cells: ['X', 'A', -6.85, 107.92, null, null, null, null, null],
        column: 'E',
        reason: 'site_shape_required',
      },
      {
        cells: ['X', 'A', -6.85, 107.92, 100, null, null, 'kemarin', null],
        column: 'H',
        reason: 'date_format',
      },
    );
    fc.assert(
      fc.property(
        fc.array(siteRowArb, { maxLength: 8 }),
        fc.array(fc.tuple(bad, fc.nat()), { minLength: 1, maxLength: 4 }),
        (specs, bads) => {
          const rows: (string | number | null)[][] = specs.map((s, i) => [
            `Lokasi ${i}`,
            s.unit,
            s.lat,
            s.lng,
            s.radius,
            null,
            null,
            null,
            null,
          ]);
          const badRows: (string | number | null)[][] = [];
          for (const [b, at] of bads) {
            const r = [...b.cells];
            r[0] = `Salah ${badRows.length}`;
            badRows.push(r);
            rows.splice(at % (rows.length + 1), 0, r);
          }
          const { plan, refused } = planSiteSheet(sheetOf(SITE_HEADERS, rows), []);
          expect(plan.create).toHaveLength(specs.length);
          badRows.forEach((r, k) => {
            const row = rows.indexOf(r) + 2;
            const got = refused.filter((x) => x.row === row);
            expect(got).toContainEqual(
              expect.objectContaining({ reason: bads[k]![0].reason, column: bads[k]![0].column }),
            );
            for (const g of got) {
              expect(g.message.id).toContain(`Baris ${row} kolom`);
              expect(g.message.en).toContain(`Row ${row} column`);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

// Keep the zone list in sight: the units sheet accepts each IANA zone as written.
it('accepts each Indonesian zone by its IANA name and WIB/WITA/WIT', () => {
  const rows = ZONES.map((z: Zone, i) => [`Z${i}`, `Pemda ${i}`, null, 'pemda', z]);
  const { plan, refused } = planUnitSheet(sheetOf(UNIT_HEADERS, rows), []);
  expect(refused).toEqual([]);
  expect(plan.create.map((c) => c.zone)).toEqual([...ZONES]);
});
