/**
 * The onboarding commands run for real (runCli against a SQLite data folder, and against
 * a PostgreSQL database of its own set up by `hadir migrate`): units, employees, sites,
 * the import's dry run and apply, activation slips as PDF and XLSX, an OPD admin, the
 * account list — each change audited with the CLI as the actor — and the plain refusal
 * of a command run where there is no database.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatNip } from '../../core/nip.js';
import { listAudit } from '../platform/audit/audit.js';
import { openDatabase } from '../platform/db/engine.js';
import type { DbHandle } from '../platform/db/engine.js';
import { ENGINES, openTestDatabase } from '../test-support/engines.js';
import type { TestDatabase } from '../test-support/engines.js';
import { makeCsv } from '../test-support/sheets.js';
import { runCli } from './cli.js';
import type { CliIo } from './cli.js';

const NOW = Date.UTC(2026, 2, 2, 2, 0, 0);

function cli(cwd: string, env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { HADIR_WEB_DIR: 'none', ...env },
    cwd,
    now: () => NOW,
    readPassword: () => Promise.reject(new Error('no password here')),
  };
  return async (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    const code = await runCli(argv, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

const nip = (i: number) =>
  formatNip({
    kind: 'pns',
    birthDate: '1985-03-1' + (i % 9),
    appointmentYear: 2010,
    appointmentMonth: 1,
    contract: null,
    sex: i % 2 === 0 ? 'male' : 'female',
    serial: i + 1,
  });

/** No stack trace and no "unexpected error": an expected failure reads as one. */
const expectPlain = (err: string) => {
  expect(err).not.toContain('unexpected');
  expect(err).not.toMatch(/\n\s+at /);
};

describe.each(ENGINES)('hadir onboarding commands on %s', (engine) => {
  let dir: string;
  let h: DbHandle;
  /** PostgreSQL: a fresh, empty database of this suite's own. */
  let pg: TestDatabase | undefined;
  let run: ReturnType<typeof cli>;
  const ids: Record<string, number> = {};
  const idOf = (out: string) => Number(/id (\d+)/.exec(out)?.[1]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hadir-cli-onb-'));
    if (engine === 'postgres') {
      pg = await openTestDatabase('postgres', { migrate: false });
      run = cli(dir, { DATABASE_URL: pg.databaseUrl });
    } else {
      run = cli(dir, { HADIR_DATA_DIR: dir });
    }
    expect((await run('migrate')).code).toBe(0);
    // On PostgreSQL the CLI made no SQLite file where it ran.
    if (pg) expect(existsSync(join(dir, 'data', 'hadir.sqlite'))).toBe(false);
    h = pg ?? openDatabase({ databaseUrl: null, dataDir: dir });
  });
  afterAll(async () => {
    await (pg ? pg.drop() : h?.close());
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds the unit tree, with a unit in WIT, and refuses bad input plainly', async () => {
    const root = await run(
      'units',
      'add',
      '--name',
      'Pemerintah Kabupaten Uji',
      '--kind',
      'pemda',
      '--zone',
      'WITA',
    );
    expect(root.code).toBe(0);
    expect(root.out).toContain('Unit dibuat / unit created: Pemerintah Kabupaten Uji');
    ids['root'] = idOf(root.out);
    const opd = await run(
      'units',
      'add',
      '--name',
      'Dinas Kesehatan',
      '--kind',
      'opd',
      '--parent',
      String(ids['root']),
      '--code',
      '1.02',
    );
    ids['opd'] = idOf(opd.out);
    expect(opd.out).toContain('WITA');
    const wit = await run(
      'units',
      'add',
      '--name',
      'Kantor Penghubung Jayapura',
      '--kind',
      'upt',
      '--parent',
      String(ids['root']),
      '--zone',
      'WIT',
    );
    expect(wit.out).toContain('upt, WIT)');
    ids['wit'] = idOf(wit.out);

    const list = await run('units', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/1\.02\s+opd\s+WITA\s+0\/0\s+ {2}Dinas Kesehatan/);

    const missingZone = await run('units', 'add', '--name', 'X', '--kind', 'pemda');
    expect(missingZone.code).toBe(2);
    const badKind = await run('units', 'add', '--name', 'X', '--kind', 'dinas', '--parent', '1');
    expect(badKind.code).toBe(2);
    expect(badKind.err).toContain('--kind harus salah satu dari');
    // An edit that names nothing to change is a mistake, said with the flags that could.
    const nothing = await run('units', 'edit', String(ids['wit']));
    expect(nothing.code).toBe(2);
    expect(nothing.err).toContain('Sebutkan yang diubah: --name, --kind, --zone, --code.');
    expect(nothing.err).toContain('Say what changes: --name, --kind, --zone, --code.');
    const renamed = await run('units', 'edit', String(ids['wit']), '--code', 'KPJ-01');
    expect(renamed.code).toBe(0);
    expect(renamed.out).toContain('kode KPJ-01');
    const noPersonChange = await run('employees', 'edit', '1');
    expect(noPersonChange.code).toBe(2);
    expect(noPersonChange.err).toContain('--attendance-from');
    const cycle = await run('units', 'move', String(ids['root']), '--parent', String(ids['opd']));
    expect(cycle.code).toBe(1);
    expectPlain(cycle.err);
    const missing = await run('units', 'show', '999');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Gagal: .+\nFailed: .+/);
    expectPlain(missing.err);

    const closed = await run('units', 'close', String(ids['wit']), '--from', '2026-02-30');
    expect(closed.code).toBe(1);
    const audit = await listAudit(h.db, { limit: 50 });
    const creates = audit.filter((a) => a.action === 'unit.create');
    expect(creates).toHaveLength(3);
    expect(creates.every((a) => a.actor_label === 'cli' && a.actor_account_id === null)).toBe(true);
  });

  it('adds, moves and deactivates an employee from a date, and lists them with their unit', async () => {
    const add = await run(
      'employees',
      'add',
      '--kind',
      'pns',
      '--nip',
      nip(1),
      '--name',
      'Siti Aminah',
      '--unit',
      String(ids['opd']),
      '--position',
      'Perawat',
      '--rank',
      'III/a',
    );
    expect(add.code).toBe(0);
    ids['siti'] = idOf(add.out);
    const bad = await run(
      'employees',
      'add',
      '--kind',
      'pns',
      '--nip',
      '1.98508E+17',
      '--name',
      'X',
      '--unit',
      String(ids['opd']),
    );
    expect(bad.code).toBe(1);
    expectPlain(bad.err);
    const moved = await run(
      'employees',
      'move',
      String(ids['siti']),
      '--unit',
      String(ids['wit']),
      '--from',
      '2026-03-01',
    );
    expect(moved.code).toBe(0);
    const shown = await run('employees', 'show', String(ids['siti']));
    expect(shown.out).toContain('Kantor Penghubung Jayapura');
    expect(shown.out).toContain('sejak / from 2026-03-01');
    const list = await run('employees', 'list', '--search', 'siti');
    expect(list.out).toMatch(/Siti Aminah\s+Perawat\s+Kantor Penghubung Jayapura/);
    expect(list.out).toContain('1 dari / of 1');
    const off = await run(
      'employees',
      'deactivate',
      String(ids['siti']),
      '--from',
      '2026-04-01',
      '--reason',
      'pensiun',
    );
    expect(off.code).toBe(0);
    const audit = await listAudit(h.db, { limit: 50 });
    expect(audit.find((a) => a.action === 'employee.move')?.actor_label).toBe('cli');
    expect(audit.find((a) => a.action === 'employee.deactivate')?.actor_label).toBe('cli');
  });

  it('draws sites and refuses a self-intersecting polygon and a point outside Indonesia', async () => {
    const office = await run(
      'sites',
      'add',
      '--unit',
      String(ids['opd']),
      '--name',
      'Kantor Dinkes',
      '--lat=-1.8',
      '--lon',
      '116.2',
      '--radius',
      '120',
    );
    expect(office.code).toBe(0);
    expect(office.out).toContain('r 120 m');
    const bow = await run(
      'sites',
      'add',
      '--unit',
      String(ids['opd']),
      '--name',
      'Dasi',
      '--polygon=-1.8,116.2 -1.81,116.21 -1.8,116.21 -1.81,116.2',
    );
    expect(bow.code).toBe(1);
    expectPlain(bow.err);
    const abroad = await run(
      'sites',
      'add',
      '--unit',
      String(ids['opd']),
      '--name',
      'Luar',
      '--lat',
      '48.85',
      '--lon',
      '2.35',
      '--radius',
      '100',
    );
    expect(abroad.code).toBe(1);
    const list = await run('sites', 'list', '--unit', String(ids['root']));
    expect(list.out).toContain('Kantor Dinkes');
    expect(list.out).toContain('1 lokasi / sites');
  });

  it('imports a sheet: the dry run writes nothing, the apply writes it once', async () => {
    const file = join(dir, 'pegawai.csv');
    writeFileSync(
      file,
      makeCsv(
        ['NIP Baru', 'Nama', 'Jabatan', 'Unit Kerja', 'Status Kepegawaian', 'Golongan'],
        [
          [nip(2), 'Budi Santoso', 'Bidan', 'Dinas Kesehatan', 'PNS', 'II/c'],
          [nip(3), 'Rina Wati', 'Staf', 'Kantor Penghubung Jayapura', 'PNS', 'III/b'],
          [nip(4), 'Orang Asing', 'Staf', 'Dinas Tidak Ada', 'PNS', 'III/b'],
        ],
      ),
    );
    const count = async () =>
      Number(
        (
          await h.db
            .selectFrom('employees')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const dry = await run('import', 'pegawai.csv', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('dry run, nothing written');
    expect(dry.out).toContain('baru / create 2');
    expect(dry.out).toContain('ditolak / refused 1');
    expect(dry.out).toMatch(/Baris 4 .*Dinas Tidak Ada/);
    expect(await count()).toBe(before);

    const refused = await run('import', 'pegawai.csv');
    expect(refused.code).toBe(1);
    expectPlain(refused.err);
    expect(await count()).toBe(before);

    const applied = await run('import', 'pegawai.csv', '--skip-refused');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('Diterapkan / applied');
    expect(await count()).toBe(before + 2);
    const again = await run('import', 'pegawai.csv', '--dry-run');
    expect(again.out).toContain('baru / create 0');
    expect(again.out).toContain('tetap / unchanged 2');

    const missing = await run('import', 'tidak-ada.xlsx');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('tidak dapat dibaca (ENOENT)');
    const audit = await listAudit(h.db, { limit: 50 });
    expect(audit.find((a) => a.action === 'import.apply')?.actor_label).toBe('cli');
  });

  it('writes activation slips as PDF and XLSX, creates an OPD admin, and lists who is pending', async () => {
    const pdf = await run('accounts', 'activate', '--unit', String(ids['root']), '--out', 'slip.pdf');
    expect(pdf.code).toBe(0);
    expect(pdf.out).toContain('3 kode aktivasi / activation codes');
    expect(readFileSync(join(dir, 'slip.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const xlsx = await run(
      'accounts',
      'activate',
      '--unit',
      String(ids['opd']),
      '--out',
      'slip.xlsx',
      '--reissue',
    );
    expect(xlsx.code).toBe(0);
    expect(readFileSync(join(dir, 'slip.xlsx')).subarray(0, 2).toString()).toBe('PK');
    const badName = await run('accounts', 'activate', '--all', '--out', 'slip.doc');
    expect(badName.code).toBe(2);

    const admin = await run('accounts', 'admin', '--username', 'admin.dinkes', '--unit', String(ids['opd']));
    expect(admin.code).toBe(0);
    expect(admin.out).toMatch(/Kode aktivasi \/ activation code: [A-Z2-9]{4}-[A-Z2-9]{4}/);
    const taken = await run('accounts', 'admin', '--username', 'admin.dinkes', '--unit', String(ids['opd']));
    expect(taken.code).toBe(1);
    expectPlain(taken.err);

    const list = await run('accounts', 'list', '--status', 'pending');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/admin\.dinkes\s+unit_admin\s+belum aktivasi\/pending\s+Dinas Kesehatan/);
    expect(list.out).toContain('4 akun / accounts, 4 belum aktivasi / not activated yet');
    const disabled = await run('accounts', 'disable', '--username', 'admin.dinkes');
    expect(disabled.code).toBe(0);
    expect((await run('accounts', 'list', '--status', 'disabled')).out).toContain('admin.dinkes');

    const audit = await listAudit(h.db, { limit: 100 });
    for (const action of ['account.activation_issued', 'account.create', 'account.disable']) {
      expect(audit.find((a) => a.action === action)?.actor_label, action).toBe('cli');
    }
  });
});

describe('hadir run where there is no database', () => {
  let elsewhere: string;
  beforeAll(() => {
    elsewhere = mkdtempSync(join(tmpdir(), 'hadir-cli-elsewhere-'));
  });
  afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

  it('says what to do, creates nothing and prints no stack trace', async () => {
    const run = cli(elsewhere, {});
    for (const argv of [
      ['recap', '--month', '2026-03', '--unit', '1'],
      ['demo', 'punches', '--month', '2026-03'],
      ['units', 'list'],
      ['import', 'x.csv', '--dry-run'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err).toContain(`Tidak ada basis data Hadir di ${join(elsewhere, 'data', 'hadir.sqlite')}`);
      expect(r.err).toContain('set HADIR_DATA_DIR');
      expectPlain(r.err);
    }
    expect(existsSync(join(elsewhere, 'data'))).toBe(false);
  });

  it('lists demo punches in the help, and answers demo punches --help', async () => {
    const run = cli(elsewhere, {});
    expect((await run('--help')).out).toContain('hadir demo punches --month YYYY-MM');
    const help = await run('demo', 'punches', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('hadir demo punches --month YYYY-MM [--seed N]');
    expect(existsSync(join(elsewhere, 'data'))).toBe(false);
  });
});
