/**
 * The `hadir` command line: serve, migrate, demo, user add, user reset-password, photos purge.
 * Messages come in Bahasa Indonesia first, then English. Every change it makes to the
 * data is written to the audit log with actor_label 'cli'.
 *
 * Exit codes: 0 done, 1 refused or failed, 2 wrong usage.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { AccountRole } from '../../core/model.js';
import { appendAudit } from '../platform/audit/audit.js';
import { findAccountByUsername, insertAccount, setPassword } from '../features/auth/accounts.store.js';
import { MIN_PASSWORD_LENGTH, normalizeUsername } from '../features/auth/service.js';
import { hashPassword } from '../platform/crypto/password.js';
import { revokeAccountSessions } from '../features/auth/sessions.store.js';
import { ConfigError, loadConfig } from '../platform/config.js';
import type { Config } from '../platform/config.js';
import { databaseOptions, openDatabase } from '../platform/db/engine.js';
import type { DbHandle } from '../platform/db/engine.js';
import { migrateToLatest } from '../platform/db/migrate.js';
import type { Database } from '../platform/db/schema.js';
import {
  DEMO_ADMIN_PASSWORD,
  DEMO_EMPLOYEE_PASSWORD,
  demoAdminLogins,
  demoExamples,
  seedDemo,
} from '../demo/seed.js';
import type { DemoLogin } from '../demo/seed.js';
import { demoRandom, planDemo } from '../demo/plan.js';
import { demoPunchesCli, recapCli } from './recap.js';
import { CliError, usage } from './cli-error.js';
import { getEmployee } from '../features/employees/store.js';
import { getUnit } from '../features/units/store.js';
import { openPhotoStore } from '../features/photos/open-photo-store.js';
import { purgePhotos } from '../features/photos/purge.js';

/** What the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  now(): number;
  /** Reads a password without echoing it; `confirm` asks a second time. */
  readPassword(prompt: string, confirm: boolean): Promise<string>;
}

const ROLES: readonly AccountRole[] = ['agency_admin', 'unit_admin', 'employee'];

const HELP: Record<string, string> = {
  main: `hadir — presensi online untuk pemerintah daerah / online attendance for regional governments

Pemakaian / usage:
  hadir serve                      menjalankan server / start the server
  hadir migrate                    memperbarui skema basis data / bring the database schema up to date
  hadir demo [--serve] [--reset]   mengisi kabupaten demo / seed the demo regency
  hadir user add ...               membuat akun / create an account
  hadir user reset-password ...    mengganti kata sandi akun / set a new password for an account
  hadir photos purge [--dry-run]   menghapus foto swafoto yang melewati masa simpan / delete selfies past retention
  hadir recap --month --unit ...   rekap bulanan unit ke berkas / a unit's monthly recap as a file

  hadir <perintah> --help          bantuan per perintah / help for one command

Konfigurasi lewat variabel lingkungan (PORT, HOST, HADIR_DATA_DIR, DATABASE_URL, ...);
lihat README. / Configuration is by environment variables; see the README.`,
  serve: `hadir serve

Menerapkan migrasi yang belum jalan lalu menjalankan server HTTP (sama dengan npm start).
Applies pending migrations, then starts the HTTP server (same as npm start).
Alamat / address: HOST (default 0.0.0.0) dan / and PORT (default 3000).`,
  migrate: `hadir migrate

Menerapkan semua migrasi skema yang belum jalan, lalu berhenti. Aman dijalankan berulang
dan dari beberapa proses sekaligus.
Applies every pending schema migration, then exits. Safe to repeat and to run from
several processes at once.`,
  demo: `hadir demo [--serve] [--reset]

Mengisi basis data KOSONG dengan kabupaten fiktif "Kabupaten Suka Maju": 13 OPD dengan
bidang/UPT/sekolah/puskesmas, 300 pegawai (PNS, PPPK, non-ASN), lokasi, jadwal 5 dan 6
hari, dan akun demo.
Seeds an EMPTY database with the fictional "Kabupaten Suka Maju": 13 OPD with their
sub-units, 300 employees (PNS, PPPK, non-ASN), locations, 5- and 6-day schedules, and
the demo accounts.

  --serve   lalu jalankan server / then start the server
            (jika data sudah ada, server tetap dijalankan tanpa mengisi ulang /
             if data already exists, the server starts without seeding again)
  --reset   SQLite saja: hapus berkas basis data dulu / SQLite only: delete the database file first

Akun demo / demo logins: admin / ${DEMO_ADMIN_PASSWORD}, admin.dinkes / ${DEMO_ADMIN_PASSWORD},
pegawai / employees: NIP (atau nomor non-ASN / or non-ASN id) / ${DEMO_EMPLOYEE_PASSWORD}`,
  user: `hadir user add --username U --role agency_admin|unit_admin|employee [--unit ID] [--employee ID] [--password P]
hadir user reset-password --username U [--password P]

hadir user <add|reset-password> --help   bantuan rinci / details`,
  'user add': `hadir user add --username U --role agency_admin|unit_admin|employee [--unit ID] [--employee ID] [--password P]

Membuat akun. / Creates an account.
  --username U   nama pengguna untuk masuk; untuk pegawai boleh dikosongkan, lalu NIP
                 (atau nomor non-ASN) dipakai / the login name; for an employee it may be
                 left out, then the NIP (or non-ASN id) is used
  --role R       agency_admin (seluruh organisasi / whole organisation),
                 unit_admin (satu unit dan turunannya, perlu --unit / one unit and below, needs --unit),
                 employee (perlu --employee / needs --employee)
  --unit ID      id unit untuk unit_admin / unit id for unit_admin
  --employee ID  id pegawai untuk employee / employee id for employee
  --password P   tanpa ini kata sandi ditanyakan tanpa ditampilkan / without it the
                 password is asked for without echo
Kata sandi minimal ${MIN_PASSWORD_LENGTH} karakter dan tidak sama dengan nama pengguna.
The password needs at least ${MIN_PASSWORD_LENGTH} characters and must differ from the username.`,
  recap: `hadir recap --month YYYY-MM --unit ID [--format xlsx|pdf|csv] [--out FILE]

Menulis rekap bulanan unit (termasuk sub-unit) ke berkas XLSX, PDF atau CSV, dengan
jumlah TK tahun berjalan per pegawai (PP 94/2021). Tanpa --out, nama berkas dibuat
dari unit dan bulan di folder kerja.
Writes a unit's monthly recap (with its sub-units) as an XLSX, PDF or CSV file, with
each person's TK days of the year so far (PP 94/2021). Without --out the file is named
after the unit and month in the working folder.

Kode keluar / exit codes: 0 selesai / done; 1 gagal (unit tidak ada, belum ada aturan,
berkas tak dapat ditulis) / failed (no such unit, no rule set, file not writable);
2 pemakaian salah / wrong usage.`,
  photos: `hadir photos purge [--dry-run]

Menghapus berkas swafoto yang diunggah lebih dari HADIR_PHOTO_RETENTION_DAYS hari lalu
(default 90; UU 27/2022: data pribadi spesifik tidak disimpan lebih lama dari perlu).
Catatan fotonya (hash, ukuran, waktu) tetap ada dan ditandai sudah dihapus. Jalankan
setiap hari, misalnya dari cron.
Deletes the files of selfies uploaded more than HADIR_PHOTO_RETENTION_DAYS days ago
(default 90). Their records (hashes, size, time) stay, marked as purged. Run it daily,
e.g. from cron.
  --dry-run   hanya menghitung / only count`,
  'user reset-password': `hadir user reset-password --username U [--password P]

Mengganti kata sandi akun dan mengakhiri semua sesinya (token penyegaran ditolak
seketika). / Sets a new password and ends all of the account's sessions (their refresh
tokens are refused at once).
  --username U   akun yang diganti / the account
  --password P   tanpa ini kata sandi ditanyakan tanpa ditampilkan / without it the
                 password is asked for without echo`,
};

// ---------------------------------------------------------------------------------------
// Shared steps
// ---------------------------------------------------------------------------------------

function config(io: CliIo): Config {
  try {
    return loadConfig(io.env, io.cwd);
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CliError(`Konfigurasi tidak sah: ${err.message}`, `Invalid configuration: ${err.message}`);
    }
    throw err;
  }
}

async function withDatabase<T>(cfg: Config, run: (h: DbHandle) => Promise<T>): Promise<T> {
  const h = openDatabase(databaseOptions(cfg));
  try {
    return await run(h);
  } finally {
    await h.close();
  }
}

function engineLabel(cfg: Config): string {
  return cfg.databaseUrl === null ? `SQLite (${join(cfg.dataDir, 'hadir.sqlite')})` : 'PostgreSQL';
}

async function migrate(h: DbHandle, io: CliIo): Promise<string[]> {
  const { applied, current } = await migrateToLatest(h);
  if (applied.length > 0) {
    await appendAudit(h.db, {
      at: io.now(),
      actor_account_id: null,
      actor_label: 'cli',
      action: 'db.migrate',
      target: 'schema',
      detail: JSON.stringify({ applied, current }),
    });
  }
  return applied;
}

function passwordProblem(password: string, username: string): CliError | null {
  if ([...password].length < MIN_PASSWORD_LENGTH || normalizeUsername(password) === username) {
    return new CliError(
      `Kata sandi terlalu lemah: minimal ${MIN_PASSWORD_LENGTH} karakter dan tidak sama dengan nama pengguna/NIP.`,
      `The password is too weak: at least ${MIN_PASSWORD_LENGTH} characters and different from the username/NIP.`,
    );
  }
  return null;
}

async function newPassword(given: string | undefined, username: string, io: CliIo): Promise<string> {
  const password = given ?? (await io.readPassword(`Kata sandi baru / new password for ${username}: `, true));
  const problem = passwordProblem(password, username);
  if (problem) throw problem;
  return password;
}

function positiveId(raw: string | undefined, flag: string): number | null {
  if (raw === undefined) return null;
  if (!/^[1-9]\d{0,9}$/.test(raw)) {
    throw usage(
      `${flag} harus berupa angka id, bukan "${raw}".`,
      `${flag} must be a numeric id, not "${raw}".`,
    );
  }
  return Number(raw);
}

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

/** 0.0.0.0 and :: listen everywhere; a browser on the same machine reaches them at localhost. */
function browserUrl(cfg: Config): string {
  const h =
    cfg.host === '0.0.0.0' || cfg.host === '::'
      ? 'localhost'
      : cfg.host.includes(':')
        ? `[${cfg.host}]`
        : cfg.host;
  return `http://${h}:${cfg.port}`;
}

/**
 * Starts the server exactly as server/main.ts does (migrate, build, listen, stop on
 * SIGINT/SIGTERM). Loaded only when needed, so account commands start fast.
 */
async function start(cfg: Config): Promise<{ url: string }> {
  const { main } = await import('../main.js');
  await main();
  return { url: browserUrl(cfg) };
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

async function serve(io: CliIo): Promise<number> {
  const cfg = config(io);
  const { url } = await start(cfg);
  io.out(`Hadir berjalan di / is running at ${url}`);
  return 0;
}

async function migrateCommand(io: CliIo): Promise<number> {
  const cfg = config(io);
  const applied = await withDatabase(cfg, (h) => migrate(h, io));
  io.out(
    applied.length === 0
      ? `Skema sudah terbaru / schema already up to date (${engineLabel(cfg)}).`
      : `Migrasi diterapkan / migrations applied (${engineLabel(cfg)}): ${applied.join(', ')}`,
  );
  return 0;
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

async function demo(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { serve: { type: 'boolean' }, reset: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return help(io, 'demo');
  const cfg = config(io);
  if (values.reset) resetSqlite(cfg, io);

  const seeded = await withDatabase(cfg, async (h) => {
    await migrate(h, io);
    // Hash each password once: scrypt is deliberately slow, and 300 employees share one.
    const [passwordHash, adminPasswordHash] = await Promise.all([
      hashPassword(DEMO_EMPLOYEE_PASSWORD),
      hashPassword(DEMO_ADMIN_PASSWORD),
    ]);
    return seedDemo(h.db, { now: io.now(), passwordHash, adminPasswordHash });
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
  const { url } = await start(cfg);
  io.out('');
  io.out(`Hadir berjalan di / is running at: ${url}`);
  io.out(`  Dokumentasi API / API docs: ${url}/api/docs`);
  printLogins(io, seeded.ok ? seeded.summary.logins : demoLogins());
  io.out('  Semua pegawai demo memakai kata sandi / every demo employee uses the password hadir-demo.');
  io.out('  Hentikan dengan Ctrl+C / stop with Ctrl+C.');
  return 0;
}

async function userAdd(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      employee: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return help(io, 'user add');
  const role = values.role as AccountRole | undefined;
  if (role === undefined || !ROLES.includes(role)) {
    throw usage(
      `--role wajib, salah satu dari: ${ROLES.join(', ')}.`,
      `--role is required, one of: ${ROLES.join(', ')}.`,
    );
  }
  const unitId = positiveId(values.unit, '--unit');
  const employeeId = positiveId(values.employee, '--employee');
  if (role === 'unit_admin' && unitId === null) {
    throw usage('unit_admin perlu --unit ID.', 'unit_admin needs --unit ID.');
  }
  if (role !== 'unit_admin' && unitId !== null) {
    throw usage('--unit hanya untuk unit_admin.', '--unit is only for unit_admin.');
  }
  if (role === 'employee' && employeeId === null) {
    throw usage('employee perlu --employee ID.', 'employee needs --employee ID.');
  }
  if (role !== 'employee' && employeeId !== null) {
    throw usage('--employee hanya untuk role employee.', '--employee is only for the employee role.');
  }

  const cfg = config(io);
  return withDatabase(cfg, async (h) => {
    await migrate(h, io);
    const db = h.db;
    let username = values.username === undefined ? null : normalizeUsername(values.username);
    if (unitId !== null && !(await getUnit(db, unitId))) {
      throw new CliError(`Unit ${unitId} tidak ditemukan.`, `Unit ${unitId} was not found.`);
    }
    if (employeeId !== null) {
      const employee = await getEmployee(db, employeeId);
      if (!employee)
        throw new CliError(`Pegawai ${employeeId} tidak ditemukan.`, `Employee ${employeeId} was not found.`);
      const existing = await db
        .selectFrom('accounts')
        .select('username')
        .where('employee_id', '=', employeeId)
        .executeTakeFirst();
      if (existing) {
        throw new CliError(
          `Pegawai ${employeeId} sudah punya akun "${existing.username}". Pakai user reset-password.`,
          `Employee ${employeeId} already has the account "${existing.username}". Use user reset-password.`,
        );
      }
      username ??= employee.nip ?? employee.internalId;
    }
    if (username === null || username === '' || /\s/.test(username) || username.length > 64) {
      throw usage(
        '--username wajib: 1-64 karakter tanpa spasi.',
        '--username is required: 1-64 characters without spaces.',
      );
    }
    if (await findAccountByUsername(db, username)) {
      throw new CliError(
        `Nama pengguna "${username}" sudah dipakai.`,
        `The username "${username}" is already taken.`,
      );
    }
    const password = await newPassword(values.password, username, io);
    const hash = await hashPassword(password);
    const now = io.now();
    const account = await db.transaction().execute(async (trx) => {
      const a = await insertAccount(trx, {
        username,
        password_hash: hash,
        role,
        employee_id: employeeId,
        unit_id: unitId,
        active: 1,
        created_at: now,
        password_changed_at: now,
      });
      await audit(trx, now, 'account.create', a.id, { username, role, unitId, employeeId });
      return a;
    });
    io.out(`Akun dibuat / account created: ${account.username} (${role}, id ${account.id})`);
    return 0;
  });
}

async function audit(
  db: Kysely<Database>,
  at: number,
  action: string,
  accountId: number,
  detail: Record<string, unknown>,
): Promise<void> {
  await appendAudit(db, {
    at,
    actor_account_id: null,
    actor_label: 'cli',
    action,
    target: `account:${accountId}`,
    detail: JSON.stringify(detail),
  });
}

async function userResetPassword(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { username: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return help(io, 'user reset-password');
  if (values.username === undefined || values.username.trim() === '') {
    throw usage('--username wajib.', '--username is required.');
  }
  const username = normalizeUsername(values.username);
  const cfg = config(io);
  return withDatabase(cfg, async (h) => {
    await migrate(h, io);
    const account = await findAccountByUsername(h.db, username);
    if (!account) {
      throw new CliError(`Akun "${username}" tidak ditemukan.`, `The account "${username}" was not found.`);
    }
    const password = await newPassword(values.password, username, io);
    const hash = await hashPassword(password);
    const now = io.now();
    const revoked = await h.db.transaction().execute(async (trx) => {
      await setPassword(trx, account.id, hash, now);
      const n = await revokeAccountSessions(trx, account.id, now);
      await audit(trx, now, 'account.reset_password', account.id, { username, revokedSessions: n });
      return n;
    });
    io.out(`Kata sandi diganti / password changed: ${username}; sesi diakhiri / sessions ended: ${revoked}`);
    return 0;
  });
}

async function photosPurge(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return help(io, 'photos');
  const cfg = config(io);
  return withDatabase(cfg, async (h) => {
    await migrate(h, io);
    const now = io.now();
    const dryRun = values['dry-run'] === true;
    const r = await purgePhotos(h.db, openPhotoStore(cfg), {
      now,
      retentionDays: cfg.photoRetentionDays,
      dryRun,
    });
    const before = new Date(r.cutoff).toISOString();
    if (dryRun) {
      io.out(`Akan dihapus / would be purged: ${r.photos} foto / photos uploaded before ${before}`);
      return 0;
    }
    await appendAudit(h.db, {
      at: now,
      actor_account_id: null,
      actor_label: 'cli',
      action: 'photo.purge',
      target: 'photos',
      detail: JSON.stringify({ ...r, retentionDays: cfg.photoRetentionDays }),
    });
    io.out(
      `Foto dihapus / photos purged: ${r.photos} (berkas / files: ${r.files}), diunggah sebelum / uploaded before ${before}`,
    );
    return 0;
  });
}

function help(io: CliIo, topic: string): number {
  io.out(HELP[topic] ?? HELP['main'] ?? '');
  return 0;
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return help(io, 'main');
    case 'serve':
      if (wantsHelp) return help(io, 'serve');
      if (rest.length > 0)
        throw usage(
          `serve tidak menerima argumen: ${rest.join(' ')}`,
          `serve takes no arguments: ${rest.join(' ')}`,
        );
      return serve(io);
    case 'migrate':
      if (wantsHelp) return help(io, 'migrate');
      if (rest.length > 0)
        throw usage(
          `migrate tidak menerima argumen: ${rest.join(' ')}`,
          `migrate takes no arguments: ${rest.join(' ')}`,
        );
      return migrateCommand(io);
    case 'demo':
      if (rest[0] === 'punches')
        return demoPunchesCli(rest.slice(1), io, (run) => withDatabase(config(io), run));
      return demo(rest, io);
    case 'recap':
      if (wantsHelp) return help(io, 'recap');
      return recapCli(rest, io, (run) => withDatabase(config(io), run));
    case 'user': {
      const [sub, ...args] = rest;
      if (sub === 'add') return userAdd(args, io);
      if (sub === 'reset-password') return userResetPassword(args, io);
      if (sub === undefined || sub === '--help' || sub === '-h') return help(io, 'user');
      throw usage(`Subperintah user tidak dikenal: "${sub}".`, `Unknown user subcommand: "${sub}".`);
    }
    case 'photos': {
      const [sub, ...args] = rest;
      if (sub === 'purge') return photosPurge(args, io);
      if (sub === undefined || sub === '--help' || sub === '-h') return help(io, 'photos');
      throw usage(`Subperintah photos tidak dikenal: "${sub}".`, `Unknown photos subcommand: "${sub}".`);
    }
    default:
      throw usage(`Perintah tidak dikenal: "${command}".`, `Unknown command: "${command}".`);
  }
}

/**
 * Runs one command and returns the exit code. Long-running commands (serve, demo
 * --serve) return once the server listens; the open socket keeps the process alive.
 *
 * @example process.exitCode = await runCli(['migrate']);
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(`Gagal: ${err.id}`);
      io.err(`Failed: ${err.en}`);
      if (err.exitCode === 2) io.err('Lihat / see: hadir --help');
      return err.exitCode;
    }
    // parseArgs refuses unknown or malformed options with ERR_PARSE_ARGS_* codes.
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`Gagal: argumen tidak sah. ${(err as Error).message}`);
      io.err(`Failed: invalid arguments. ${(err as Error).message}`);
      io.err('Lihat / see: hadir --help');
      return 2;
    }
    io.err('Gagal: kesalahan tak terduga. / Failed: unexpected error.');
    io.err(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 1;
  }
}

// ---------------------------------------------------------------------------------------
// The real terminal
// ---------------------------------------------------------------------------------------

/** Reads one line from a terminal without echo, or the first line of piped input. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return new Promise((resolve, reject) => {
      let buf = '';
      const onData = (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        const nl = buf.indexOf('\n');
        if (nl >= 0) finish(buf.slice(0, nl));
      };
      const onEnd = () => finish(buf);
      const finish = (line: string) => {
        stdin.off('data', onData).off('end', onEnd).off('error', reject);
        stdin.pause();
        resolve(line.replace(/\r$/, ''));
      };
      stdin.on('data', onData).once('end', onEnd).once('error', reject);
      stdin.resume();
    });
  }
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          // Ctrl+C: the terminal is raw, so the signal must be raised by hand.
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.kill(process.pid, 'SIGINT');
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    now: () => Date.now(),
    readPassword: async (prompt, confirm) => {
      const first = await readHidden(prompt);
      if (!confirm || !process.stdin.isTTY) return first;
      const second = await readHidden('Ulangi / repeat: ');
      if (first !== second) {
        throw new CliError('Kedua kata sandi tidak sama.', 'The two passwords do not match.');
      }
      return first;
    },
  };
}
