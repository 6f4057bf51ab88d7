/**
 * `hadir accounts unlock` run for real (runCli, a process of its own as far as the server
 * is concerned) while a server runs on the same database: the account locked by wrong
 * passwords on the server can sign in again after the CLI's unlock, which reached the
 * server only through the change feed. Also its exit codes, its bilingual refusals and
 * its audit entry with the CLI as the actor.
 */
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../platform/audit/audit.js';
import { ENGINES } from '../test-support/engines.js';
import { call, NIP_A, NOW, PASSWORD, startServer } from '../test-support/http-fixtures.js';
import type { TestServer } from '../test-support/http-fixtures.js';
import { runCli } from './cli.js';
import type { CliIo } from './cli.js';

async function eventually(cond: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(await cond()).toBe(true);
}

describe.each(ENGINES)('hadir accounts unlock with a server running on %s', (engine) => {
  let s: TestServer;
  let run: (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;

  beforeAll(async () => {
    // The server polls once a minute on PostgreSQL: only NOTIFY explains a quick unlock there.
    s = await startServer(engine, { config: { directoryPollMs: engine === 'postgres' ? 60_000 : 100 } });
    const env: Record<string, string | undefined> = { HADIR_WEB_DIR: 'none' };
    if (s.t.databaseUrl) env['DATABASE_URL'] = s.t.databaseUrl;
    else env['HADIR_DATA_DIR'] = dirname(s.t.sqliteFile ?? '');
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env,
      cwd: dirname(s.t.sqliteFile ?? process.cwd()),
      now: () => NOW,
      readPassword: () => Promise.reject(new Error('no password here')),
    };
    run = async (...argv) => {
      out.length = 0;
      err.length = 0;
      const code = await runCli(argv, io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
  });
  afterAll(() => s?.close());

  const signIn = (password: string) =>
    call(s.url, 'POST', '/api/v1/auth/login', { body: { username: NIP_A, password } });

  it('unlocks an account locked on the server, which lets the right password in again', async () => {
    for (let i = 0; i < s.config.loginMaxPerAccount; i++)
      expect((await signIn(`tebakan-${i}`)).status).toBe(401);
    expect((await signIn(PASSWORD)).status).toBe(429);

    // The NIP as printed, with spaces, names the account too.
    const r = await run('accounts', 'unlock', '19860926 201505 1 001');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Kunci masuk dibuka');
    expect(r.out).toContain('sign-in unlocked');
    expect(r.out).toContain(NIP_A);

    await eventually(async () => (await signIn(PASSWORD)).status === 200);
    const audit = await listAudit(s.t.db, { limit: 20 });
    const entry = audit.find((a) => a.action === 'account.unlock');
    expect(entry?.actor_label).toBe('cli');
    expect(entry?.target).toBe(`account:${s.seeded.accounts.a}`);
  });

  it('takes --username too, and refuses plainly what it cannot unlock', async () => {
    expect((await run('accounts', 'unlock', '--username', 'admin.dinkes')).code).toBe(0);

    const unknown = await run('accounts', 'unlock', 'tidak.ada');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Akun "tidak.ada" tidak ditemukan.');
    expect(unknown.err).toContain('The account "tidak.ada" was not found.');
    expect(unknown.err).not.toMatch(/\n\s+at /);

    const none = await run('accounts', 'unlock');
    expect(none.code).toBe(2);
    expect(none.err).toContain('NIP atau nama pengguna wajib.');
    expect(none.err).toContain('A NIP or username is required.');

    const two = await run('accounts', 'unlock', NIP_A, 'admin');
    expect(two.code).toBe(2);
    expect(two.err).toContain('Name one account');

    const help = await run('accounts', 'unlock', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('hadir accounts unlock NIP|USERNAME');
  });
});
