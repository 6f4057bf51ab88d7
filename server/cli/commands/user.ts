/** `hadir user add …` and `hadir user reset-password …`: accounts with a password. */
import { parseArgs } from 'node:util';
import type { AccountRole } from '../../../core/model.js';
import { findAccountByUsername, insertAccount, setPassword } from '../../features/auth/accounts.store.js';
import type { Kysely } from 'kysely';
import { ERRORS } from '../../../core/errors.js';
import { checkNewPassword, MIN_PASSWORD_LENGTH, normalizeUsername } from '../../features/auth/service.js';
import type { Database } from '../../platform/db/schema.js';
import { revokeAccountSessions } from '../../features/auth/sessions.store.js';
import { getEmployee } from '../../features/employees/store.js';
import { getUnit } from '../../features/units/store.js';
import { hashPassword } from '../../platform/crypto/password.js';
import { CliError, usage } from '../cli-error.js';
import {
  auditCli,
  config,
  migrate,
  positiveId,
  runSubcommand,
  synopsisLine,
  withDatabase,
} from '../command.js';
import type { CliIo, Command } from '../command.js';

const ROLES: readonly AccountRole[] = ['agency_admin', 'unit_admin', 'employee'];

/** The API's rule for a new password (auth's `checkNewPassword`), as the CLI says it. */
async function passwordRefusal(
  db: Kysely<Database>,
  password: string,
  username: string,
  employeeId: number | null,
): Promise<CliError | null> {
  const refused = await checkNewPassword(db, { username, employee_id: employeeId }, password);
  if (refused === null) return null;
  if (refused.code === 'weak_password') {
    return new CliError(
      `Kata sandi terlalu lemah: minimal ${MIN_PASSWORD_LENGTH} karakter dan tidak sama dengan nama pengguna/NIP.`,
      `The password is too weak: at least ${MIN_PASSWORD_LENGTH} characters and different from the username/NIP.`,
    );
  }
  return new CliError(ERRORS[refused.code].id, ERRORS[refused.code].en);
}

async function newPassword(
  db: Kysely<Database>,
  given: string | undefined,
  username: string,
  employeeId: number | null,
  io: CliIo,
): Promise<string> {
  const password = given ?? (await io.readPassword(`Kata sandi baru / new password for ${username}: `, true));
  const problem = await passwordRefusal(db, password, username, employeeId);
  if (problem) throw problem;
  return password;
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
    },
    strict: true,
  });
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
    const password = await newPassword(db, values.password, username, employeeId, io);
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
      await auditCli(trx, now, 'account.create', `account:${a.id}`, { username, role, unitId, employeeId });
      return a;
    });
    io.out(`Akun dibuat / account created: ${account.username} (${role}, id ${account.id})`);
    return 0;
  });
}

async function userResetPassword(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { username: { type: 'string' }, password: { type: 'string' } },
    strict: true,
  });
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
    const password = await newPassword(h.db, values.password, username, account.employee_id, io);
    const hash = await hashPassword(password);
    const now = io.now();
    const revoked = await h.db.transaction().execute(async (trx) => {
      await setPassword(trx, account.id, hash, now);
      const n = await revokeAccountSessions(trx, account.id, now);
      await auditCli(trx, now, 'account.reset_password', `account:${account.id}`, {
        username,
        revokedSessions: n,
      });
      return n;
    });
    io.out(`Kata sandi diganti / password changed: ${username}; sesi diakhiri / sessions ended: ${revoked}`);
    return 0;
  });
}

const user: Command = {
  synopsis: [
    synopsisLine('hadir user add ...', 'membuat akun / create an account'),
    synopsisLine(
      'hadir user reset-password ...',
      'mengganti kata sandi akun / set a new password for an account',
    ),
  ],
  help: {
    '': `hadir user add --username U --role agency_admin|unit_admin|employee [--unit ID] [--employee ID] [--password P]
hadir user reset-password --username U [--password P]

hadir user <add|reset-password> --help   bantuan rinci / details`,
    add: `hadir user add --username U --role agency_admin|unit_admin|employee [--unit ID] [--employee ID] [--password P]

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
    'reset-password': `hadir user reset-password --username U [--password P]

Mengganti kata sandi akun dan mengakhiri semua sesinya (token penyegaran ditolak
seketika). / Sets a new password and ends all of the account's sessions (their refresh
tokens are refused at once).
  --username U   akun yang diganti / the account
  --password P   tanpa ini kata sandi ditanyakan tanpa ditampilkan / without it the
                 password is asked for without echo`,
  },
  run: (args, io) =>
    runSubcommand('user', user, { add: userAdd, 'reset-password': userResetPassword }, args, io),
};
export default user;
