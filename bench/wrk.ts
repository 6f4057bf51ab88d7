/**
 * The load generator: wrk (C, from Debian's packages) replaying pre-generated requests
 * through bench/replay.lua. Everything costly — tokens, anchors, device signatures, the
 * JSON — is done before the clock starts and written to a pool file; during the run wrk
 * only reads the next record and counts the answer, so the figure measures the server,
 * not the generator. The generator's own CPU is read from /proc and reported with every
 * run, so that claim is checked each time.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { StdioOptions } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { clockTicks } from './cpu.js';
import { DIST } from './processes.js';

/** The Lua script, in the source tree (tsc does not copy it to dist/). */
export const REPLAY_LUA = join(DIST, '..', 'bench', 'replay.lua');

/** Installs wrk from Debian's packages when it is missing (as root), else says what to run. */
export function ensureWrk(log: (msg: string) => void): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  const root = process.getuid?.() === 0;
  if (!root || spawnSync('apt-get', ['--version']).error !== undefined) {
    throw new Error('wrk is missing: install it with `apt-get install wrk` (Debian/Ubuntu)');
  }
  log('wrk is missing: installing it with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // apt-get's progress goes to stderr: stdout carries only the benchmark's JSON.
  const stdio: StdioOptions = ['ignore', 2, 2];
  let r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], { stdio, env });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio, env });
    r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'wrk'], { stdio, env });
  }
  if (r.status !== 0 || spawnSync('wrk', ['--version']).error !== undefined) {
    throw new Error('could not install wrk: run `apt-get update && apt-get install wrk`');
  }
}

/** One pre-generated request: what the server sees. */
export interface PoolRequest {
  token: string;
  body: string;
}

/** The raw HTTP/1.1 request wrk sends for `r` (the same bytes to every server). */
export function rawRequest(r: PoolRequest): Buffer {
  const body = Buffer.from(r.body, 'utf8');
  const head =
    'POST /api/v1/check-ins HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n' +
    `Authorization: Bearer ${r.token}\r\nContent-Length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/**
 * Writes a pool file of records "<8 hex digits: length><raw request>" (the format
 * replay.lua reads), from `make(i)` for i in [from, to). Returns the bytes written.
 */
export function writePool(file: string, from: number, to: number, make: (i: number) => PoolRequest): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  const chunk: Buffer[] = [];
  let chunkBytes = 0;
  const flush = (): void => {
    const b = Buffer.concat(chunk);
    writeSync(fd, b);
    bytes += b.length;
    chunk.length = 0;
    chunkBytes = 0;
  };
  try {
    for (let i = from; i < to; i++) {
      const req = rawRequest(make(i));
      chunk.push(Buffer.from(req.length.toString(16).padStart(8, '0'), 'latin1'), req);
      chunkBytes += req.length + 8;
      if (chunkBytes > 1 << 22) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return bytes;
}

export interface WrkOptions {
  origin: string;
  /** Pool file prefix: thread n reads `${pool}.${n}`. */
  pool: string;
  /** Output prefix for the JSON summary and the acknowledged ids. */
  out: string;
  /** Note acknowledged ids (the server under test; not the bare ceiling). */
  record: boolean;
  connections: number;
  threads: number;
  durationSec: number;
  /** A request slower than this counts as a timeout error. */
  timeoutSec?: number;
}

export interface WrkResult {
  durationSec: number;
  requests: number;
  requestsPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Every answer by status; "exhausted" when the pool ran out before the time did. */
  statuses: Record<string, number>;
  /** Answers that were not 2xx, by status. */
  non2xx: Record<string, number>;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  /** The generator's own CPU over the run. */
  generator: { cpuSec: number; usPerRequest: number; coresPer10kRps: number };
  /** Ids of acknowledged check-ins, when `record`. */
  acked: string[];
}

interface WrkJson {
  durationUs: number;
  requests: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statuses: Record<string, number>;
  cpuTicks: number;
}

const ms = (us: number): number => Math.round(us / 10) / 100;

/** Runs wrk once with replay.lua and returns what it measured. */
export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${o.threads}`,
    `-c${o.connections}`,
    `-d${o.durationSec}s`,
    `--timeout`,
    `${o.timeoutSec ?? 30}s`,
    '-s',
    REPLAY_LUA,
    o.origin,
  ];
  const env = { ...process.env, BENCH_POOL: o.pool, BENCH_OUT: o.out, BENCH_RECORD: o.record ? '1' : '0' };
  const proc = spawn('wrk', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  proc.stdout.on('data', (d: Buffer) => (text += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (text += d.toString()));
  // wrk's main thread sleeps out -d even when every thread has stopped: end it (SIGINT, on
  // which it reports as usual) once each thread has had every check-in it sent answered,
  // or, should an answer never come, a timeout after each thread's pool ran out.
  for (let t = 0; t < o.threads; t++)
    for (const name of ['exhausted', 'done']) rmSync(`${o.out}.${t}.${name}`, { force: true });
  const marked = (name: string) =>
    Array.from({ length: o.threads }, (_, t) => `${o.out}.${t}.${name}`).every((f) => existsSync(f));
  let exhaustedAt: number | null = null;
  const graceMs = ((o.timeoutSec ?? 30) + 5) * 1000;
  const watch = setInterval(() => {
    if (exhaustedAt === null && marked('exhausted')) exhaustedAt = Date.now();
    if (marked('done') || (exhaustedAt !== null && Date.now() - exhaustedAt > graceMs)) {
      clearInterval(watch);
      proc.kill('SIGINT');
    }
  }, 100);
  const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  clearInterval(watch);
  if (code !== 0 || !existsSync(`${o.out}.json`)) throw new Error(`wrk failed (exit ${code}):\n${text}`);
  const j = JSON.parse(readFileSync(`${o.out}.json`, 'utf8')) as WrkJson;
  const durationSec = j.durationUs / 1e6;
  const non2xx: Record<string, number> = {};
  for (const [k, v] of Object.entries(j.statuses)) if (!/^2\d\d$/.test(k) && k !== 'exhausted') non2xx[k] = v;
  const cpuSec = j.cpuTicks / clockTicks();
  const rps = j.requests / durationSec;
  const acked: string[] = [];
  if (o.record) {
    for (let t = 0; t < o.threads; t++) {
      const f = `${o.out}.${t}.acked`;
      if (!existsSync(f)) continue;
      for (const line of readFileSync(f, 'utf8').split('\n')) if (line) acked.push(line);
    }
  }
  return {
    durationSec: Number(durationSec.toFixed(2)),
    requests: j.requests,
    requestsPerSec: Math.round(rps),
    latencyMs: {
      p50: ms(j.latencyUs.p50),
      p90: ms(j.latencyUs.p90),
      p99: ms(j.latencyUs.p99),
      max: ms(j.latencyUs.max),
      mean: ms(j.latencyUs.mean),
    },
    statuses: j.statuses,
    non2xx,
    socketErrors: {
      connect: j.errors.connect,
      read: j.errors.read,
      write: j.errors.write,
      timeout: j.errors.timeout,
    },
    generator: {
      cpuSec: Number(cpuSec.toFixed(2)),
      usPerRequest: Number(((cpuSec * 1e6) / Math.max(1, j.requests)).toFixed(2)),
      // Share of one core the generator needs per 10,000 requests a second.
      coresPer10kRps: Number(((cpuSec / durationSec / Math.max(1, rps)) * 10_000).toFixed(3)),
    },
    acked,
  };
}

/**
 * One result of several wrk runs side by side (one per server process): requests, statuses
 * and errors summed; each latency figure the worst process's (a percentile of the union
 * would need the raw samples, and the worst is what someone behind that process meets).
 */
export function mergeWrk(rs: readonly WrkResult[]): WrkResult {
  if (rs.length === 1) return rs[0]!;
  const sum = (f: (r: WrkResult) => number) => rs.reduce((n, r) => n + f(r), 0);
  const worst = (f: (r: WrkResult) => number) => Math.max(...rs.map(f));
  const merged = (f: (r: WrkResult) => Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const r of rs) for (const [k, v] of Object.entries(f(r))) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const durationSec = worst((r) => r.durationSec);
  const requests = sum((r) => r.requests);
  const rps = sum((r) => r.requestsPerSec);
  const cpuSec = sum((r) => r.generator.cpuSec);
  return {
    durationSec,
    requests,
    requestsPerSec: rps,
    latencyMs: {
      p50: worst((r) => r.latencyMs.p50),
      p90: worst((r) => r.latencyMs.p90),
      p99: worst((r) => r.latencyMs.p99),
      max: worst((r) => r.latencyMs.max),
      mean: Math.round((sum((r) => r.latencyMs.mean * r.requests) / Math.max(1, requests)) * 100) / 100,
    },
    statuses: merged((r) => r.statuses),
    non2xx: merged((r) => r.non2xx),
    socketErrors: {
      connect: sum((r) => r.socketErrors.connect),
      read: sum((r) => r.socketErrors.read),
      write: sum((r) => r.socketErrors.write),
      timeout: sum((r) => r.socketErrors.timeout),
    },
    generator: {
      cpuSec: Number(cpuSec.toFixed(2)),
      usPerRequest: Number(((cpuSec * 1e6) / Math.max(1, requests)).toFixed(2)),
      coresPer10kRps: Number(((cpuSec / durationSec / Math.max(1, rps)) * 10_000).toFixed(3)),
    },
    acked: rs.flatMap((r) => r.acked),
  };
}
