/**
 * `hadir import FILE --kind units|sites` run for real against a SQLite data folder: the
 * dry run that writes nothing, the apply audited as the CLI, the re-import that changes
 * nothing, a wrong --kind refused plainly, and employees still the default kind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../platform/audit/audit.js';
import { openDatabase } from '../platform/db/engine.js';
import type { DbHandle } from '../platform/db/engine.js';
import { makeCsv, makeXlsx } from '../test-support/sheets.js';
import { runCli } from './cli.js';
import type { CliIo } from './cli.js';

const NOW = Date.UTC(2026, 2, 2, 2, 0, 0);

describe('hadir import --kind', () => {
  let dir: string;
  let h: DbHandle;
  const out: string[] = [];
  const err: string[] = [];
  const run = async (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    const io: CliIo = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { HADIR_WEB_DIR: 'none', HADIR_DATA_DIR: dir },
      cwd: dir,
      now: () => NOW,
      readPassword: () => Promise.reject(new Error('no password here')),
    };
    const code = await runCli(argv, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const count = async (table: 'units' | 'locations') =>
    Number(
      (
        await h.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hadir-cli-kinds-'));
    expect((await run('migrate')).code).toBe(0);
    h = openDatabase({ databaseUrl: null, dataDir: dir });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a units XLSX: dry run, apply, re-import', async () => {
    writeFileSync(
      join(dir, 'unit.xlsx'),
      await makeXlsx(
        ['Kode Unit Kerja', 'Nama Unit Kerja', 'Kode Induk', 'Jenis', 'Zona'],
        [
          ['DINKES', 'Dinas Kesehatan', 'PEMDA', 'OPD', ''],
          ['PEMDA', 'Pemerintah Kabupaten Jayawijaya Uji', '', 'Pemda', 'WIT'],
          ['BURUK', 'Unit Buruk', 'PEMDA', 'OPD', 'GMT+9'],
        ],
      ),
    );
    const dry = await run('import', 'unit.xlsx', '--kind', 'units', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('baru / create 2');
    expect(dry.out).toContain(
      'baris / row 3: PEMDA Pemerintah Kabupaten Jayawijaya Uji (pemda, Asia/Jayapura) → -',
    );
    expect(dry.out).toContain(
      'baris / row 2: DINKES Dinas Kesehatan (opd, Asia/Jayapura) → Pemerintah Kabupaten',
    );
    expect(dry.out).toContain('Baris 4 kolom E: zona waktu "GMT+9" tidak dikenal (WIB, WITA, WIT).');
    expect(dry.out).toContain('Row 4 column E: the time zone "GMT+9" is not known (WIB, WITA, WIT).');
    expect(await count('units')).toBe(0);

    const refused = await run('import', 'unit.xlsx', '--kind', 'units');
    expect(refused.code).toBe(1);
    expect(await count('units')).toBe(0);
    const applied = await run('import', 'unit.xlsx', '--kind', 'units', '--skip-refused');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('Diterapkan / applied');
    expect(await count('units')).toBe(2);
    const [last] = await listAudit(h.db, { limit: 1 });
    expect(last).toMatchObject({ action: 'import.apply', target: 'units', actor_label: 'cli' });
    const again = await run('import', 'unit.xlsx', '--kind', 'units', '--dry-run');
    expect(again.out).toContain('baru / create 0, ubah / change 0, pindah / move 0');
    expect(again.out).toContain('tetap / unchanged 2');
  });

  it('imports a sites CSV and names the kind in the apply hint', async () => {
    writeFileSync(
      join(dir, 'lokasi.csv'),
      makeCsv(
        ['Nama Lokasi', 'Kode Unit Kerja', 'Lat', 'Lng', 'Radius'],
        [['Kantor Dinkes', 'DINKES', '-4,0945', '138,9440', '75']],
      ),
    );
    const dry = await run('import', 'lokasi.csv', '--kind', 'sites', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(
      'baris / row 2: Kantor Dinkes (Dinas Kesehatan, office, circle -4.0945,138.944 r 75)',
    );
    expect(dry.out).toMatch(/hadir import lokasi\.csv --kind sites --expect [0-9a-f]{64}/);
    const fp = /--expect ([0-9a-f]{64})/.exec(dry.out)![1]!;
    expect((await run('import', 'lokasi.csv', '--kind', 'sites', '--expect', fp)).code).toBe(0);
    expect(await count('locations')).toBe(1);
    const zone = await h.db.selectFrom('locations').select('zone').executeTakeFirstOrThrow();
    expect(zone.zone).toBe('Asia/Jayapura');
    expect((await run('import', 'lokasi.csv', '--kind', 'sites', '--dry-run')).out).toContain(
      'tetap / unchanged 1',
    );
  });

  it('refuses an unknown --kind plainly and keeps employees the default', async () => {
    const bad = await run('import', 'lokasi.csv', '--kind', 'kantor');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--kind must be one of employees, units, sites, not "kantor".');
    // Without --kind the sites sheet is read as employees: no NIP column is a mapping refusal.
    const asEmployees = await run('import', 'lokasi.csv', '--dry-run');
    expect(asEmployees.code).toBe(1);
    expect((await run('import', '--help')).out).toContain('--kind K');
  });
});
