/**
 * A PgBouncer in transaction pooling mode in front of the test PostgreSQL server, on a
 * free port with a temporary configuration, one per test process (started on first use,
 * stopped when the process exits). Debian's package: /usr/sbin/pgbouncer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BINARY = '/usr/sbin/pgbouncer';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

let started: Promise<{ port: number }> | null = null;

/**
 * Starts (once) a PgBouncer that passes every database of `target` (a postgres:// URL of
 * the real server) through in transaction mode, and resolves to its port.
 */
export function startPgBouncer(target: string): Promise<{ port: number }> {
  started ??= (async () => {
    const t = new URL(target);
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'hadir-pgbouncer-'));
    // PgBouncer refuses to run as root: it switches to the postgres user, who must read these.
    chmodSync(dir, 0o755);
    const user = decodeURIComponent(t.username || 'postgres');
    writeFileSync(join(dir, 'userlist.txt'), `"${user}" ""\n`, { mode: 0o644 });
    const ini = [
      '[databases]',
      `* = host=${t.hostname} port=${t.port || '5432'}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      // Debian's 1.18 refuses these startup parameters unless told to ignore them; Hadir
      // sends none through a pooler, pg's defaults send none either.
      'ignore_startup_parameters = extra_float_digits',
      'max_client_conn = 500',
      'default_pool_size = 20',
      ...(process.getuid?.() === 0 ? ['user = postgres'] : []),
      '',
    ].join('\n');
    const file = join(dir, 'pgbouncer.ini');
    writeFileSync(file, ini, { mode: 0o644 });
    // Its log goes to stderr; the last lines are kept for the message when it fails to start.
    // A test process can end without its 'exit' event (a test worker stopped from outside),
    // which left PgBouncers running after the tests: a small shell watches this process and
    // PgBouncer, and ends PgBouncer within a second of this process going away.
    const watch = [
      `"$1" "$2" & bouncer=$!`,
      `trap 'kill $bouncer 2>/dev/null; exit 0' TERM INT`,
      `while kill -0 ${process.pid} 2>/dev/null && kill -0 $bouncer 2>/dev/null; do sleep 1; done`,
      `kill $bouncer 2>/dev/null`,
      `wait $bouncer`,
    ].join('\n');
    const child: ChildProcess = spawn('/bin/sh', ['-c', watch, 'pgbouncer-watch', BINARY, file], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr?.on('data', (b: Buffer) => (tail = (tail + b.toString()).slice(-2000)));
    let exited: string | null = null;
    child.once('error', (err) => (exited = err.message));
    child.once('exit', (code) => (exited ??= `exited with ${code}`));
    process.once('exit', () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    });
    for (let i = 0; i < 200; i++) {
      if (await answers(port)) return { port };
      if (exited !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `PgBouncer (${BINARY}) did not start (${exited ?? 'no answer'}): ${tail.trim()}. ` +
        'Install it with: apt-get install -y pgbouncer',
    );
  })();
  return started;
}
