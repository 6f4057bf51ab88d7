/**
 * A PostgreSQL server of the crash test's own: a fresh cluster in a temporary folder on a
 * free port, so the test can stop and restart it under load without touching the shared
 * server other tests use. Uses Debian's PostgreSQL binaries (/usr/lib/postgresql/N/bin);
 * as root it runs them as the `postgres` user, as initdb requires.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inNetns } from './netns.js';

export interface OwnPostgres {
  /** postgres:// URL of its database `hadir`. */
  url: string;
  /** Stops it (fast shutdown: open connections are cut, nothing committed is lost). */
  stop(): void;
  start(): void;
  /** Stops it for good and removes its folder. */
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error(`no PostgreSQL binaries under ${root} (apt-get install postgresql)`);
  return join(root, versions[0]!, 'bin');
}

/**
 * `where`: by default it listens on 127.0.0.1; `{ netns, listen, allow }` runs it inside
 * a network namespace (bench/netns.ts), listening on `listen` and trusting clients of
 * the network `allow` (e.g. 10.88.0.0/24).
 */
export function ownPostgres(
  port: number,
  where: { netns: string; listen: string; allow: string } | null = null,
): OwnPostgres {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'hadir-pg-'));
  const data = join(dir, 'data');
  const root = process.getuid?.() === 0;
  let uid = 0;
  let gid = 0;
  if (root) {
    uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const run = (cmd: string, args: string[], netns?: string) => {
    const [c, a] = inNetns(
      netns,
      root ? 'runuser' : join(bin, cmd),
      root ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args,
    );
    return execFileSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'] });
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const host = where?.listen ?? '127.0.0.1';
  if (where) appendFileSync(join(data, 'pg_hba.conf'), `host all all ${where.allow} trust\n`);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=${host} -c fsync=on -c synchronous_commit=on`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start'], where?.netns);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], where?.netns);
  start();
  run('createdb', ['-h', host, '-p', String(port), '-U', 'postgres', 'hadir']);
  return {
    url: `postgres://postgres@${host}:${port}/hadir`,
    stop,
    start,
    destroy: () => {
      try {
        stop();
      } catch {
        // Already stopped: nothing to do but remove the folder.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
