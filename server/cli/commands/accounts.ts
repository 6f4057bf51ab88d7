/**
 * `hadir accounts …`: accounts at scale with one-time activation codes (slips as PDF or
 * XLSX for the OPD admin to hand out), admin accounts for each OPD, the account list,
 * reset, disable, enable and unlock — through the same service as the API, audited as
 * the CLI.
 */
import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createAdminAccount,
  issueActivation,
  listAccounts,
  resetAccount,
  setAccountActive,
  unlockAccount,
} from '../../features/accounts/service.js';
import type { Slip } from '../../features/accounts/service.js';
import { slipsPdf, slipsXlsx } from '../../features/accounts/slips.js';
import { findAccountByUsername } from '../../features/auth/accounts.store.js';
import { normalizeUsername } from '../../features/auth/service.js';
import { CLI_ACTOR } from '../../features/units/access.js';
import type { Config } from '../../platform/config.js';
import type { DbHandle } from '../../platform/db/engine.js';
import { CliError, usage } from '../cli-error.js';
import {
  depsOf,
  oneOf,
  positiveId,
  required,
  runSubcommand,
  service,
  synopsisLine,
  table,
  withExistingDatabase,
} from '../command.js';
import type { CliIo, Command } from '../command.js';

const FORMATS = ['pdf', 'xlsx'] as const;
type SlipFormat = (typeof FORMATS)[number];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The format from --format or else the file's extension. */
function formatOf(out: string, raw: string | undefined): SlipFormat {
  const given = oneOf(raw, '--format', FORMATS);
  if (given) return given;
  const ext = extname(out).slice(1).toLowerCase();
  const byName = (FORMATS as readonly string[]).includes(ext) ? (ext as SlipFormat) : undefined;
  if (!byName) {
    throw usage(
      `Nama berkas ${out} harus berakhiran .pdf atau .xlsx (atau pakai --format).`,
      `The file name ${out} must end in .pdf or .xlsx (or use --format).`,
    );
  }
  return byName;
}

async function writeSlips(
  io: CliIo,
  cfg: Config,
  slips: Slip[],
  out: string,
  format: SlipFormat,
): Promise<void> {
  const data =
    format === 'pdf'
      ? await slipsPdf(slips, {
          title: `Slip aktivasi akun Hadir (${slips[0]?.unitName ?? ''})`,
          url: cfg.publicUrl ?? `http://localhost:${cfg.port}`,
        })
      : await slipsXlsx(slips);
  const path = resolve(io.cwd, out);
  try {
    writeFileSync(path, data, { mode: 0o600 });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError(
      `Berkas ${out} tidak dapat ditulis (${reason}); kode yang baru dibuat tidak tersimpan di mana pun, jalankan lagi dengan --reissue.`,
      `The file ${out} could not be written (${reason}); the new codes are kept nowhere, run again with --reissue.`,
    );
  }
}

async function activate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      unit: { type: 'string' },
      all: { type: 'boolean' },
      out: { type: 'string' },
      format: { type: 'string' },
      reissue: { type: 'boolean' },
    },
    strict: true,
  });
  const unitId = positiveId(values.unit, '--unit');
  if ((unitId === null) !== (values.all === true)) {
    throw usage(
      'Sebutkan --unit ID atau --all (seluruh organisasi).',
      'Give --unit ID or --all (the whole organisation).',
    );
  }
  const out = required(values.out, '--out');
  const format = formatOf(out, values.format);
  return withExistingDatabase(io, async (h, cfg) => {
    // The file is written before the codes are committed, so a failed write leaves the old ones valid.
    const slips = await service(() =>
      h.db.transaction().execute(async (trx) => {
        const issued = await issueActivation({ db: trx, now: () => io.now() }, CLI_ACTOR, {
          unitId,
          reissue: values.reissue === true,
        });
        if (issued.length > 0) await writeSlips(io, cfg, issued, out, format);
        return issued;
      }),
    );
    if (slips.length === 0) {
      io.out(
        'Tidak ada akun yang menunggu aktivasi; tidak ada berkas ditulis. Pakai --reissue untuk kode baru bagi semua.',
      );
      io.out(
        'No account is waiting for activation; no file written. Use --reissue for new codes for everyone.',
      );
      return 0;
    }
    io.out(
      `${slips.length} kode aktivasi / activation codes, berlaku sampai / valid until ${day(slips[0]?.expiresAt ?? 0)}`,
    );
    io.out(`Ditulis ke / written to: ${out}`);
    return 0;
  });
}

async function admin(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      unit: { type: 'string' },
      agency: { type: 'boolean' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const username = required(values.username, '--username');
  const unitId = positiveId(values.unit, '--unit');
  if ((unitId === null) !== (values.agency === true)) {
    throw usage(
      'Sebutkan --unit ID (admin OPD) atau --agency (admin seluruh organisasi).',
      'Give --unit ID (an OPD admin) or --agency (an admin of the whole organisation).',
    );
  }
  const format = values.out === undefined ? null : formatOf(values.out, undefined);
  return withExistingDatabase(io, async (h, cfg) => {
    const slip = await service(() =>
      h.db.transaction().execute(async (trx) => {
        const s = await createAdminAccount({ db: trx, now: () => io.now() }, CLI_ACTOR, {
          username,
          role: unitId === null ? 'agency_admin' : 'unit_admin',
          unitId,
        });
        if (values.out !== undefined && format !== null) await writeSlips(io, cfg, [s], values.out, format);
        return s;
      }),
    );
    io.out(
      `Akun admin dibuat / admin account created: ${slip.username} (id ${slip.accountId}${slip.unitName ? `, ${slip.unitName}` : ''})`,
    );
    if (values.out === undefined) {
      io.out(
        `  Kode aktivasi / activation code: ${slip.code} (berlaku sampai / valid until ${day(slip.expiresAt)})`,
      );
    } else {
      io.out(`  Slip ditulis ke / slip written to: ${values.out}`);
    }
    io.out('  Aktivasi di halaman masuk / activate on the sign-in page: "Aktivasi akun".');
    return 0;
  });
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { unit: { type: 'string' }, status: { type: 'string' } },
    strict: true,
  });
  const unitId = positiveId(values.unit, '--unit');
  const status = oneOf(values.status, '--status', ['active', 'pending', 'disabled'] as const);
  return withExistingDatabase(io, async (h) => {
    const items = await service(() =>
      listAccounts(depsOf(h, io), CLI_ACTOR, {
        ...(unitId !== null && { unitId }),
        ...(status && { status }),
      }),
    );
    const STATUS = {
      active: 'aktif/active',
      pending: 'belum aktivasi/pending',
      disabled: 'nonaktif/disabled',
    };
    const rows = [['id', 'nama pengguna/username', 'peran/role', 'status', 'nama/name', 'unit']];
    for (const a of items) {
      rows.push([String(a.id), a.username, a.role, STATUS[a.status], a.name ?? '', a.unitName ?? '']);
    }
    for (const line of table(rows)) io.out(line);
    const pending = items.filter((a) => a.status === 'pending').length;
    io.out(`${items.length} akun / accounts, ${pending} belum aktivasi / not activated yet`);
    return 0;
  });
}

/** The account named by --username, or a refusal in both languages. */
async function accountId(h: DbHandle, raw: string | undefined): Promise<{ id: number; username: string }> {
  const username = normalizeUsername(required(raw, '--username'));
  const a = await findAccountByUsername(h.db, username);
  if (!a)
    throw new CliError(`Akun "${username}" tidak ditemukan.`, `The account "${username}" was not found.`);
  return { id: a.id, username };
}

async function reset(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { username: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const format = values.out === undefined ? null : formatOf(values.out, undefined);
  return withExistingDatabase(io, async (h, cfg) => {
    const { id } = await accountId(h, values.username);
    const slip = await service(() =>
      h.db.transaction().execute(async (trx) => {
        const s = await resetAccount({ db: trx, now: () => io.now() }, CLI_ACTOR, id);
        if (values.out !== undefined && format !== null) await writeSlips(io, cfg, [s], values.out, format);
        return s;
      }),
    );
    io.out(
      `Akun direset; kata sandi lama dan semua sesinya berakhir / account reset; its password and sessions ended: ${slip.username}`,
    );
    io.out(
      values.out === undefined
        ? `  Kode aktivasi baru / new activation code: ${slip.code} (berlaku sampai / valid until ${day(slip.expiresAt)})`
        : `  Slip ditulis ke / slip written to: ${values.out}`,
    );
    return 0;
  });
}

async function setActive(args: string[], io: CliIo, active: boolean): Promise<number> {
  const { values } = parseArgs({ args, options: { username: { type: 'string' } }, strict: true });
  return withExistingDatabase(io, async (h) => {
    const { id, username } = await accountId(h, values.username);
    await service(() => setAccountActive(depsOf(h, io), CLI_ACTOR, id, active));
    io.out(
      active
        ? `Akun diaktifkan / account enabled: ${username}`
        : `Akun dinonaktifkan, sesinya berakhir / account disabled, its sessions ended: ${username}`,
    );
    return 0;
  });
}

/**
 * `hadir accounts unlock <NIP|username>`: clears the sign-in throttle of an account after
 * too many wrong passwords. The throttle lives in the memory of each server process, not
 * in this one: the service publishes the unlock on the change feed, which every running
 * server reads (at once on PostgreSQL, within its poll on SQLite).
 */
async function unlock(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { username: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 1 || (positionals.length === 1 && values.username !== undefined)) {
    throw usage('Sebutkan satu akun: NIP atau nama pengguna.', 'Name one account: a NIP or a username.');
  }
  const named = positionals[0] ?? values.username;
  if (named === undefined || named.trim() === '') {
    throw usage('NIP atau nama pengguna wajib.', 'A NIP or username is required.');
  }
  return withExistingDatabase(io, async (h) => {
    const { id, username } = await accountId(h, named);
    await service(() => unlockAccount(depsOf(h, io), CLI_ACTOR, id));
    io.out(
      `Kunci masuk dibuka; setiap server melupakan percobaan gagalnya / sign-in unlocked; every server forgets its failed attempts: ${username}`,
    );
    return 0;
  });
}

const accounts: Command = {
  synopsis: [
    synopsisLine(
      'hadir accounts activate ...',
      'akun pegawai dan slip kode aktivasi / employee accounts and activation slips',
    ),
    synopsisLine(
      'hadir accounts admin|list|reset ...',
      'admin OPD, daftar akun, reset / OPD admins, account list, reset',
    ),
    synopsisLine(
      'hadir accounts unlock NIP|USER',
      'buka kunci masuk setelah salah sandi / unlock sign-in after wrong passwords',
    ),
  ],
  help: `hadir accounts activate (--unit ID | --all) --out slip.pdf|slip.xlsx [--reissue]
hadir accounts admin --username U (--unit ID | --agency) [--out slip.pdf]
hadir accounts list [--unit ID] [--status active|pending|disabled]
hadir accounts reset --username U [--out slip.pdf]
hadir accounts disable --username U
hadir accounts enable --username U
hadir accounts unlock NIP|USERNAME

activate: membuat akun yang belum ada untuk setiap pegawai aktif unit (dan sub-unitnya)
dan kode aktivasi sekali pakai bagi setiap akun yang belum diaktifkan, ditulis sebagai
PDF slip (dipotong dan dibagikan) atau XLSX untuk admin OPD. Pegawai memakai NIP dan
kodenya saat pertama masuk untuk memilih kata sandi sendiri. --reissue: kode baru bagi
semua (kata sandi lama berakhir).
activate: creates the missing account of every active employee of the unit (and its
sub-units) and a one-time activation code for every account not activated yet, written
as a PDF of slips (to cut and hand out) or an XLSX for the OPD admin. The employee uses
the NIP and the code at first sign-in to choose a password. --reissue: new codes for
everyone (old passwords end).
admin: akun admin OPD (unit dan turunannya) atau admin organisasi, dengan kode aktivasi /
an OPD admin (the unit and below) or an organisation admin, with an activation code.
unlock: membuka kunci masuk akun setelah terlalu banyak kata sandi salah, di setiap server
yang berjalan / clears the sign-in lock after too many wrong passwords, on every running
server.
Berkas slip berisi kode rahasia; simpan dan bagikan dengan hati-hati. / Slip files hold
secret codes; keep and hand them out with care.
Kode keluar / exit codes: 0 selesai / done, 1 ditolak / refused, 2 pemakaian salah / wrong usage.`,
  run: (args, io) =>
    runSubcommand(
      'accounts',
      accounts,
      {
        activate,
        admin,
        list,
        reset,
        disable: (a, i) => setActive(a, i, false),
        enable: (a, i) => setActive(a, i, true),
        unlock,
      },
      args,
      io,
    ),
};
export default accounts;
