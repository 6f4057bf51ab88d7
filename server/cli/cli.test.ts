import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../core/attendance/index.js';
import { insertRuleSet } from '../features/rules/store.js';
import { listAudit } from '../platform/audit/audit.js';
import { findAccountByUsername } from '../features/auth/accounts.store.js';
import { verifyPassword } from '../platform/crypto/password.js';
import { getSession, insertSession } from '../features/auth/sessions.store.js';
import { commandNames, loadCommand, runCli } from './cli.js';
import type { CliIo } from './cli.js';
import { openDatabase } from '../platform/db/engine.js';
import type { DbHandle } from '../platform/db/engine.js';
import { insertEmployee } from '../features/employees/store.js';
import { parseCsv } from '../features/reports/render-csv.js';
import { insertUnit, listUnits } from '../features/units/store.js';

const NOW = Date.UTC(2026, 0, 5, 1, 0, 0);

/** Runs the CLI in-process against a SQLite data folder, capturing its output. */
function cli(dataDir: string, passwords: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const io: CliIo = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { HADIR_DATA_DIR: dataDir, HADIR_WEB_DIR: 'none' },
    cwd: dataDir,
    now: () => NOW,
    readPassword: (prompt) => {
      prompts.push(prompt);
      const next = passwords.shift();
      return next === undefined ? Promise.reject(new Error('no password queued')) : Promise.resolve(next);
    },
  };
  return {
    run: async (...argv: string[]) => ({
      code: await runCli(argv, io),
      out: out.join('\n'),
      err: err.join('\n'),
    }),
    prompts,
  };
}

describe('hadir commands', () => {
  it('finds every file in commands/ as a command and lists each in the main help', async () => {
    const names = commandNames();
    expect(names).toEqual(expect.arrayContaining(['demo', 'migrate', 'photos', 'recap', 'serve', 'user']));
    const { run } = cli(tmpdir());
    const help = (await run('--help')).out;
    for (const name of names) {
      const command = await loadCommand(name);
      expect(command?.synopsis.length, name).toBeGreaterThan(0);
      for (const line of command?.synopsis ?? []) {
        expect(line).toContain(`hadir ${name}`);
        expect(help).toContain(line);
      }
    }
    expect(await loadCommand('../cli')).toBeNull();
    expect(await loadCommand('cli.test')).toBeNull();
  });
});

describe('hadir CLI (SQLite)', () => {
  let dir: string;
  let h: DbHandle;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hadir-cli-'));
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints help for the program and for each command, and refuses unknown commands with exit code 2', async () => {
    const { run } = cli(dir);
    expect((await run('--help')).out).toContain('hadir demo [--serve] [--reset]');
    expect((await run('demo', '--help')).out).toContain('--reset');
    expect((await run('user', 'add', '--help')).out).toContain('--role agency_admin|unit_admin|employee');
    expect((await run('user', 'reset-password', '--help')).out).toContain('--username U');
    expect((await run('migrate', '--help')).code).toBe(0);
    expect((await run('serve', '--help')).code).toBe(0);
    const bad = await run('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('Perintah tidak dikenal');
    expect(bad.err).toContain('Unknown command');
    const badFlag = await run('demo', '--nope');
    expect(badFlag.code).toBe(2);
  });

  it('migrates an empty database once and records it in the audit log', async () => {
    const { run } = cli(dir);
    const first = await run('migrate');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain('0001-init');
    const second = await run('migrate');
    expect(second.out).toContain('already up to date');

    h = openDatabase({ databaseUrl: null, dataDir: dir });
    const audit = await listAudit(h.db, { limit: 10 });
    expect(audit.filter((a) => a.action === 'db.migrate')).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: 'cli', actor_account_id: null });
  });

  it('seeds the demo, prints the logins, and refuses to seed a second time', async () => {
    const { run } = cli(dir);
    const seeded = await run('demo');
    expect(seeded.code).toBe(0);
    expect(seeded.out).toContain('303 pegawai / employees');
    expect(seeded.out).toMatch(/admin\s+hadir-admin/);
    expect(seeded.out).toMatch(/admin\.dinkes\s+hadir-admin/);
    expect(seeded.out).toMatch(/\d{18}\s+hadir-demo/);

    const admin = await findAccountByUsername(h.db, 'admin');
    expect(await verifyPassword('hadir-admin', admin?.password_hash ?? '')).toBe(true);

    const again = await run('demo');
    expect(again.code).toBe(1);
    expect(again.err).toContain('Basis data tidak kosong');
    expect(again.err).toContain('The database is not empty');
  });

  it('adds a unit admin with a strong password, refusing weak ones and taken usernames', async () => {
    const { run } = cli(dir);
    const bkpsdm = (await listUnits(h.db)).find((u) => u.name.startsWith('Badan Kepegawaian'));
    const base = [
      'user',
      'add',
      '--username',
      'admin.bkpsdm',
      '--role',
      'unit_admin',
      '--unit',
      String(bkpsdm?.id),
    ];

    const weak = await run(...base, '--password', 'pendek');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('too weak');
    const same = await run(...base, '--password', 'admin.bkpsdm');
    expect(same.code).toBe(1);
    // A common password is refused here as through the API (OWASP ASVS 5.0 6.2.4).
    const common = await run(...base, '--password', 'bismillah123');
    expect(common.code).toBe(1);
    expect(common.err).toContain('too easy to guess');
    expect(await findAccountByUsername(h.db, 'admin.bkpsdm')).toBeUndefined();

    const ok = await run(...base, '--password', 'rahasia-bkpsdm');
    expect(ok.code).toBe(0);
    const account = await findAccountByUsername(h.db, 'admin.bkpsdm');
    expect(account).toMatchObject({ role: 'unit_admin', unit_id: bkpsdm?.id, employee_id: null, active: 1 });
    expect(await verifyPassword('rahasia-bkpsdm', account?.password_hash ?? '')).toBe(true);
    const [entry] = await listAudit(h.db, { limit: 1 });
    expect(entry).toMatchObject({
      actor_label: 'cli',
      action: 'account.create',
      target: `account:${account?.id}`,
    });

    const taken = await run(...base, '--password', 'rahasia-bkpsdm');
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('already taken');

    expect(
      (await run('user', 'add', '--username', 'x', '--role', 'unit_admin', '--password', 'abcdefghi')).code,
    ).toBe(2);
    expect(
      (await run('user', 'add', '--username', 'x', '--role', 'boss', '--password', 'abcdefghi')).code,
    ).toBe(2);
    const noUnit = await run(
      'user',
      'add',
      '--username',
      'x',
      '--role',
      'unit_admin',
      '--unit',
      '99999',
      '--password',
      'abcdefghi',
    );
    expect(noUnit.code).toBe(1);
    expect(noUnit.err).toContain('Unit 99999 was not found');
  });

  it('adds an employee account named by the NIP, asking for the password when none is given', async () => {
    const unit = (await listUnits(h.db)).find((u) => u.name === 'Dinas Kesehatan');
    const employee = await insertEmployee(h.db, {
      kind: 'pns',
      nip: '199204152020122001',
      internalId: null,
      name: 'Rina Permatasari',
      unitId: unit?.id ?? 0,
      position: 'Epidemiolog Kesehatan',
      active: true,
    });
    const c = cli(dir, ['kata-sandi-rina']);
    const r = await c.run('user', 'add', '--role', 'employee', '--employee', String(employee.id));
    expect(r.code).toBe(0);
    expect(c.prompts).toHaveLength(1);
    const account = await findAccountByUsername(h.db, '199204152020122001');
    expect(account).toMatchObject({ role: 'employee', employee_id: employee.id });
    expect(await verifyPassword('kata-sandi-rina', account?.password_hash ?? '')).toBe(true);

    const twice = await cli(dir).run('user', 'add', '--role', 'employee', '--employee', String(employee.id));
    expect(twice.code).toBe(1);
    expect(twice.err).toContain('already has the account');
  });

  it('resets a password, ends every session of the account and audits it', async () => {
    const admin = await findAccountByUsername(h.db, 'admin');
    if (!admin) throw new Error('demo admin missing');
    await insertSession(h.db, {
      id: 'session-cli-test',
      account_id: admin.id,
      refresh_hash: 'f'.repeat(64),
      created_at: NOW - 1000,
      expires_at: NOW + 86_400_000,
      revoked_at: null,
      user_agent: null,
    });
    const c = cli(dir, ['admin-baru-2026']);
    const r = await c.run('user', 'reset-password', '--username', 'admin');
    expect(r.code).toBe(0);
    expect(r.out).toContain('sessions ended: 1');

    const after = await findAccountByUsername(h.db, 'admin');
    expect(await verifyPassword('admin-baru-2026', after?.password_hash ?? '')).toBe(true);
    expect(after?.password_changed_at).toBe(NOW);
    expect((await getSession(h.db, 'session-cli-test'))?.revoked_at).toBe(NOW);
    const [entry] = await listAudit(h.db, { limit: 1 });
    expect(entry).toMatchObject({
      actor_label: 'cli',
      action: 'account.reset_password',
      target: `account:${admin.id}`,
    });

    const missing = await cli(dir).run(
      'user',
      'reset-password',
      '--username',
      'nobody',
      '--password',
      'abcdefghij',
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('tidak ditemukan');
  });

  it('demo --reset deletes the SQLite database and seeds afresh', async () => {
    await h.close();
    const r = await cli(dir).run('demo', '--reset');
    h = openDatabase({ databaseUrl: null, dataDir: dir });
    expect(r.code).toBe(0);
    expect(await findAccountByUsername(h.db, 'admin.bkpsdm')).toBeUndefined();
    const admin = await findAccountByUsername(h.db, 'admin');
    expect(await verifyPassword('hadir-admin', admin?.password_hash ?? '')).toBe(true);
  });
});

describe('hadir recap (SQLite)', () => {
  let dir: string;
  let h: DbHandle;
  let unitId: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hadir-cli-recap-'));
    expect((await cli(dir).run('migrate')).code).toBe(0);
    h = openDatabase({ databaseUrl: null, dataDir: dir });
    unitId = (
      await insertUnit(h.db, { parentId: null, name: 'Pemkab Uji', kind: 'pemda', zone: 'Asia/Makassar' })
    ).id;
    await insertEmployee(h.db, {
      kind: 'non_asn',
      nip: null,
      internalId: 'NA-1',
      name: 'Pegawai Uji',
      unitId,
      position: 'Staf',
      active: true,
    });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** No stack trace and no "unexpected error": an expected failure reads as one. */
  const expectPlain = (err: string) => {
    expect(err).not.toContain('unexpected');
    expect(err).not.toMatch(/\n\s+at /);
  };

  it('explains its usage with exit code 2', async () => {
    const { run } = cli(dir);
    const help = await run('recap', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('hadir recap --month YYYY-MM --unit ID');
    for (const args of [[], ['--month', '2026-13', '--unit', '1'], ['--month', '2026-03', '--unit', 'x']]) {
      const r = await run('recap', ...args);
      expect(r.code).toBe(2);
      expect(r.err).toContain('Gagal: pemakaian: hadir recap');
      expect(r.err).toContain('Failed: usage: hadir recap');
      expect(r.err).toContain('hadir --help');
      expectPlain(r.err);
    }
    const badFormat = await run('recap', '--month', '2026-03', '--unit', '1', '--format', 'doc');
    expect(badFormat.code).toBe(2);
  });

  it('fails with exit code 1 and both languages for an unknown unit', async () => {
    const r = await cli(dir).run('recap', '--month', '2026-03', '--unit', '999');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Gagal: Unit 999 tidak ditemukan.');
    expect(r.err).toContain('Failed: Unit 999 was not found.');
    expectPlain(r.err);
  });

  it('passes on the refusal of a month without a rule set in both languages', async () => {
    const r = await cli(dir).run('recap', '--month', '2026-03', '--unit', String(unitId));
    expect(r.code).toBe(1);
    expect(r.err).toContain('Gagal: Belum ada aturan potongan');
    expect(r.err).toContain('Failed: No deduction rule set is in force');
    expectPlain(r.err);
  });

  it('writes the file once rules exist, and fails plainly when it cannot', async () => {
    await insertRuleSet(h.db, unitId, permentan68Preset('2026-01-01'), NOW, null);
    const { run } = cli(dir);
    const missingDir = join(dir, 'tidak-ada', 'rekap.csv');
    const bad = await run(
      'recap',
      '--month',
      '2026-03',
      '--unit',
      String(unitId),
      '--format',
      'csv',
      '--out',
      missingDir,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`Gagal: Berkas ${missingDir} tidak dapat ditulis (ENOENT).`);
    expect(bad.err).toContain(`Failed: The file ${missingDir} could not be written (ENOENT).`);
    expectPlain(bad.err);

    const out = join(dir, 'rekap.csv');
    const ok = await run(
      'recap',
      '--month',
      '2026-03',
      '--unit',
      String(unitId),
      '--format',
      'csv',
      '--out',
      out,
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`Ditulis ke / written to: ${out}`);
    const rows = parseCsv(readFileSync(out));
    expect(rows.find((r) => r[2] === 'Nama')?.at(-2)).toBe('TK s.d. bulan ini (tahun)');
    expect(rows.some((r) => r[2] === 'Pegawai Uji')).toBe(true);
  });
});
