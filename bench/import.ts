/**
 * The import benchmark: a 10,000-row employee sheet (XLSX and CSV, as a SIASN export
 * has it) previewed and applied on one engine, then re-imported (nothing to do), with
 * the time of each step. Run: npm run build:server && node dist/bench/import.js
 * [--engine sqlite|postgres] [--rows 10000]. Figures go to bench/RESULTS.md.
 */
import { parseArgs } from 'node:util';
import { formatNip } from '../core/nip.js';
import { previewImport, applyImport } from '../server/features/import/service.js';
import { readSheet } from '../server/features/import/read-file.js';
import { CLI_ACTOR } from '../server/features/units/access.js';
import { insertUnit } from '../server/features/units/store.js';
import { openTestDatabase } from '../server/test-support/engines.js';
import { makeCsv, makeXlsx } from '../server/test-support/sheets.js';

const HEADERS = ['NIP Baru', 'Nama', 'Jabatan', 'Unit Kerja', 'Status Kepegawaian', 'Golongan'];

function rows(n: number, units: readonly string[]): string[][] {
  return Array.from({ length: n }, (_, i) => [
    formatNip({
      kind: 'pns',
      birthDate: `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 9}`,
      appointmentYear: 2000 + (Math.floor(i / 999) % 25),
      appointmentMonth: 1 + (Math.floor(i / (999 * 25)) % 12),
      contract: null,
      sex: i % 2 === 0 ? 'male' : 'female',
      serial: 1 + (i % 999),
    }),
    `Pegawai ${i}`,
    'Staf',
    units[i % units.length]!,
    'PNS',
    'III/a',
  ]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { engine: { type: 'string', default: 'sqlite' }, rows: { type: 'string', default: '10000' } },
  });
  const engine = values.engine === 'postgres' ? 'postgres' : 'sqlite';
  const n = Number(values.rows);
  const t = await openTestDatabase(engine);
  try {
    const root = await insertUnit(t.db, {
      parentId: null,
      name: 'Pemkab Bench',
      kind: 'pemda',
      zone: 'Asia/Makassar',
    });
    const names: string[] = [];
    for (let i = 0; i < 40; i++) {
      const u = await insertUnit(t.db, {
        parentId: root.id,
        name: `OPD ${i}`,
        kind: 'opd',
        zone: 'Asia/Makassar',
      });
      names.push(u.name);
    }
    const data = rows(n, names);
    const deps = { db: t.db, now: () => Date.UTC(2026, 2, 2, 2) };
    const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      console.log(`${engine} ${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
      return r;
    };
    const xlsx = await makeXlsx(HEADERS, data);
    const csv = makeCsv(HEADERS, data);
    console.log(
      `${n} rows: XLSX ${(xlsx.length / 1024).toFixed(0)} KiB, CSV ${(csv.length / 1024).toFixed(0)} KiB`,
    );
    await time('read XLSX', () => readSheet(xlsx));
    await time('read CSV', () => readSheet(csv));
    const p = await time('dry run XLSX (read + plan)', () => previewImport(deps, CLI_ACTOR, xlsx, {}));
    if (p.summary.create !== n) throw new Error(`planned ${p.summary.create} creates`);
    await time('apply XLSX (read + plan + write, one transaction)', () =>
      applyImport(deps, CLI_ACTOR, xlsx, {}),
    );
    const again = await time('re-import CSV (nothing to do)', () => applyImport(deps, CLI_ACTOR, csv, {}));
    if (again.summary.unchanged !== n) throw new Error('re-import was not a no-op');
  } finally {
    await t.drop();
  }
}

await main();
