/**
 * `hadir demo [--serve] [--reset]`: the fictional regency, and `hadir demo punches
 * --month YYYY-MM`: a month of demo punches (server/demo/month.ts).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../platform/config.js';
import {
  DEMO_ADMIN_PASSWORD,
  DEMO_EMPLOYEE_PASSWORD,
  demoAdminLogins,
  demoExamples,
  seedDemo,
} from '../../demo/seed.js';
import type { DemoLogin } from '../../demo/seed.js';
import { demoRandom, planDemo } from '../../demo/plan.js';
import { generateDemoMonth } from '../../demo/month.js';
import { CliError, usage } from '../cli-error.js';
import {
  config,
  engineLabel,
  migrate,
  printHelp,
  startServer,
  synopsisLine,
  wantsHelp,
  withDatabase,
  withExistingDatabase,
} from '../command.js';
import type { CliIo, Command } from '../command.js';

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function printLogins(io: CliIo, logins: DemoLogin[]): void {
  const w = Math.max(...logins.map((l) => l.username.length));
  io.out('  Akun demo / demo logins:');
  for (const l of logins) io.out(`    ${l.username.padEnd(w)}  ${l.password.padEnd(11)}  ${l.note}`);
}

/** The demo logins, including example employees, from the deterministic plan. */
function demoLogins(): DemoLogin[] {
  const x = demoExamples(planDemo(demoRandom()));
  return [
    ...demoAdminLogins(),
    ...[x.pns, x.pnsWita, x.pppk, x.nonAsn].map((e): DemoLogin => ({
      role: 'employee',
      username: e.username,
      password: DEMO_EMPLOYEE_PASSWORD,
      note: `${e.kind === 'non_asn' ? 'non-ASN' : e.kind.toUpperCase()}, ${e.name}, ${e.unit} (${e.zone})`,
    })),
  ];
}

function resetSqlite(cfg: Config, io: CliIo): void {
  if (cfg.databaseUrl !== null) {
    throw new CliError(
      '--reset hanya untuk SQLite. Untuk PostgreSQL, hapus dan buat ulang basis datanya sendiri (dropdb/createdb).',
      '--reset works on SQLite only. For PostgreSQL, drop and re-create the database yourself (dropdb/createdb).',
    );
  }
  const file = join(cfg.dataDir, 'hadir.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  io.out(`Basis data dihapus / database deleted: ${file}`);
}

async function seed(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { serve: { type: 'boolean' }, reset: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return printHelp(io, demo);
  const cfg = config(io);
  if (values.reset) resetSqlite(cfg, io);

  const seeded = await withDatabase(cfg, async (h) => {
    await migrate(h, io);
    return seedDemo(h.db, { now: io.now() });
  });

  if (seeded.ok) {
    const s = seeded.summary;
    io.out(`Kabupaten demo dibuat / demo regency created (${engineLabel(cfg)}):`);
    io.out(
      `  ${s.units} unit (${s.opd} OPD), ${s.employees.total} pegawai / employees ` +
        `(PNS ${s.employees.pns}, PPPK ${s.employees.pppk}, non-ASN ${s.employees.non_asn}), ` +
        `${s.locations} lokasi / locations, ${s.schedules} jadwal / schedules`,
    );
    if (!values.serve) printLogins(io, s.logins);
  } else if (values.serve) {
    io.out(
      `Basis data sudah berisi data (${seeded.employees} pegawai); tidak diisi ulang. Pakai --reset untuk mulai dari awal.`,
    );
    io.out(
      `The database already holds data (${seeded.employees} employees); not seeding again. Use --reset to start over.`,
    );
  } else {
    throw new CliError(
      `Basis data tidak kosong (${seeded.units} unit, ${seeded.employees} pegawai, ${seeded.accounts} akun); demo tidak diisi. ` +
        'Pakai --reset (SQLite) atau basis data kosong.',
      `The database is not empty (${seeded.units} units, ${seeded.employees} employees, ${seeded.accounts} accounts); ` +
        'the demo was not seeded. Use --reset (SQLite) or an empty database.',
    );
  }

  if (!values.serve) return 0;
  const { url } = await startServer(cfg);
  io.out('');
  io.out(`Hadir berjalan di / is running at: ${url}`);
  io.out(`  Dokumentasi API / API docs: ${url}/api/docs`);
  printLogins(io, seeded.ok ? seeded.summary.logins : demoLogins());
  io.out('  Semua pegawai demo memakai kata sandi / every demo employee uses the password hadir-demo.');
  io.out('  Hentikan dengan Ctrl+C / stop with Ctrl+C.');
  return 0;
}

async function punches(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { month: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  const month = values.month ?? '';
  if (!MONTH_RE.test(month))
    throw usage(
      'pemakaian: hadir demo punches --month YYYY-MM [--seed N]',
      'usage: hadir demo punches --month YYYY-MM [--seed N]',
    );
  return withExistingDatabase(io, async (h) => {
    const s = await generateDemoMonth(h.db, {
      month,
      now: io.now(),
      ...(values.seed ? { seed: Number(values.seed) } : {}),
    });
    io.out(
      `Absen demo ${month}: ${s.punches} absen untuk ${s.employees} pegawai / demo punches for ${s.employees} employees`,
    );
    return 0;
  });
}

const demo: Command = {
  synopsis: [
    synopsisLine('hadir demo [--serve] [--reset]', 'mengisi kabupaten demo / seed the demo regency'),
    synopsisLine('hadir demo punches --month YYYY-MM', 'sebulan absen demo / a month of demo punches'),
  ],
  help: {
    '': `hadir demo [--serve] [--reset]

Mengisi basis data KOSONG dengan kabupaten fiktif "Kabupaten Suka Maju": 13 OPD dengan
bidang/UPT/sekolah/puskesmas, kantor penghubung di Makassar (WITA) dan Jayapura (WIT),
303 pegawai (PNS, PPPK, non-ASN), lokasi, jadwal 5 dan 6 hari, dan akun demo.
Seeds an EMPTY database with the fictional "Kabupaten Suka Maju": 13 OPD with their
sub-units, liaison offices in Makassar (WITA) and Jayapura (WIT), 303 employees (PNS,
PPPK, non-ASN), locations, 5- and 6-day schedules, and the demo accounts.

  --serve   lalu jalankan server / then start the server
            (jika data sudah ada, server tetap dijalankan tanpa mengisi ulang /
             if data already exists, the server starts without seeding again)
  --reset   SQLite saja: hapus berkas basis data dulu / SQLite only: delete the database file first

Akun demo / demo logins: admin / ${DEMO_ADMIN_PASSWORD}, admin.dinkes / ${DEMO_ADMIN_PASSWORD},
pegawai / employees: NIP (atau nomor non-ASN / or non-ASN id) / ${DEMO_EMPLOYEE_PASSWORD}

hadir demo punches --month YYYY-MM   sebulan absen demo / a month of demo punches (--help)`,
    punches: `hadir demo punches --month YYYY-MM [--seed N]

Mengisi satu bulan absen demo (masuk, pulang, terlambat, pulang cepat, tidak absen) bagi
pegawai kabupaten demo, untuk mencoba rekap dan ekspor. Basis data demo harus sudah ada
(hadir demo).
Fills one month of demo punches (on time, late, early departures, missing punches) for
the demo regency's employees, to try the recap and exports. The demo database must
exist (hadir demo).
  --month YYYY-MM   bulannya / the month
  --seed N          benih acak lain / another random seed`,
  },
  run(args, io) {
    if (args[0] !== 'punches') return seed(args, io);
    if (wantsHelp(args.slice(1))) return Promise.resolve(printHelp(io, demo, 'punches'));
    return punches(args.slice(1), io);
  },
};
export default demo;
