/**
 * Child processes for the benchmark and the crash test: the real server (from the
 * compiled dist/, exactly as an operator runs it) and the bare ceiling server, each in
 * its own process so the load generator never shares their event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inNetns } from './netns.js';

/** The compiled tree: dist/ (this file runs as dist/bench/processes.js). */
export const DIST = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  proc: ChildProcess;
  origin: string;
  /** Peak resident set size in MiB so far (Linux VmHWM). */
  peakRssMiB(): number | null;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** Everything the child wrote to stderr (for error reports). */
  stderr(): string;
}

function peakRss(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function exited(proc: ChildProcess): Promise<number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.exitCode);
  return new Promise((r) => proc.once('exit', (code) => r(code)));
}

async function waitHealthy(origin: string, proc: ChildProcess, err: () => string, timeoutMs = 300_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited early:\n${err()}`);
    try {
      const r = await fetch(`${origin}/api/v1/health`);
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`server did not answer within ${timeoutMs} ms:\n${err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function child(proc: ChildProcess, origin: string): Child {
  let errText = '';
  proc.stderr?.on('data', (d: Buffer) => {
    errText = (errText + d.toString()).slice(-20_000);
  });
  return {
    proc,
    origin,
    peakRssMiB: () => peakRss(proc.pid),
    stderr: () => errText,
    async stop() {
      proc.kill('SIGTERM');
      return exited(proc);
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited(proc);
    },
  };
}

/**
 * Starts `dist/server/main.js` with the given environment (otherwise the defaults, log
 * level included) and waits for /api/v1/health. Its log (stdout) goes to `logFile`,
 * appended, as an operator would keep it, or nowhere.
 */
export async function startHadir(
  env: Record<string, string>,
  port: number,
  nodeArgs: string[] = [],
  logFile?: string,
  host: { ip: string; netns?: string } = { ip: '127.0.0.1' },
): Promise<Child> {
  const out = logFile === undefined ? 'ignore' : openSync(logFile, 'a');
  const [cmd, args] = inNetns(host.netns, process.execPath, [...nodeArgs, join(DIST, 'server', 'main.js')]);
  const proc = spawn(cmd, args, {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOST: host.ip,
      PORT: String(port),
      HADIR_WEB_DIR: 'none',
      ...env,
    },
    stdio: ['ignore', out, 'pipe'],
  });
  if (typeof out === 'number') closeSync(out);
  const c = child(proc, `http://${host.ip}:${port}`);
  await waitHealthy(c.origin, proc, () => c.stderr());
  return c;
}

/** Starts the bare Fastify POST endpoint (the ceiling). */
export async function startBare(
  port: number,
  host: { ip: string; netns?: string } = { ip: '127.0.0.1' },
): Promise<Child> {
  const [cmd, args] = inNetns(host.netns, process.execPath, [
    join(DIST, 'bench', 'bare-server.js'),
    String(port),
    host.ip,
  ]);
  const proc = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const c = child(proc, `http://${host.ip}:${port}`);
  await new Promise<void>((resolve, reject) => {
    proc.once('message', () => resolve());
    proc.once('exit', () => reject(new Error(`bare server exited:\n${c.stderr()}`)));
  });
  return c;
}
