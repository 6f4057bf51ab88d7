/**
 * What every `hadir` command is made of, and the steps they share. A command is one file
 * in server/cli/commands/ named after it (`hadir units …` is commands/units.ts) whose
 * default export is a {@link Command}; the dispatcher in cli.ts finds it by its name, so
 * adding a command is adding that one file.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { AppError } from '../../core/errors.js';
import { ZONES } from '../../core/model.js';
import type { Zone } from '../../core/model.js';
import { appendAudit } from '../platform/audit/audit.js';
import { ConfigError, loadConfig } from '../platform/config.js';
import type { Config } from '../platform/config.js';
import { databaseOptions, openDatabase } from '../platform/db/engine.js';
import type { DbHandle } from '../platform/db/engine.js';
import { currentMigration, migrateToLatest } from '../platform/db/migrate.js';
import type { Database } from '../platform/db/schema.js';
import { CliError, usage } from './cli-error.js';

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

export interface Command {
  /** Its lines in `hadir --help`: `hadir x …` padded, then what it does (id / en). */
  readonly synopsis: readonly string[];
  /** Its help text; `hadir <name> --help` and `hadir <name> <sub> --help` both reach it. */
  readonly help: string | Readonly<Record<string, string>>;
  /** Runs it with the arguments after its name; returns the exit code, throws CliError. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** One line of `hadir --help`: the usage padded to a column, then the description. */
export const synopsisLine = (use: string, what: string): string => `  ${use.padEnd(32)} ${what}`;

export const wantsHelp = (args: readonly string[]): boolean => args.includes('--help') || args.includes('-h');

/** Prints help text for a command (the topic `sub` when it has one, else its main text). */
export function printHelp(io: CliIo, command: Command, sub = ''): number {
  const text =
    typeof command.help === 'string' ? command.help : (command.help[sub] ?? command.help[''] ?? '');
  io.out(text);
  return 0;
}

type Sub = (args: string[], io: CliIo) => Promise<number>;

/**
 * Runs `hadir <name> <sub> …`: the named subcommand, the help when there is none or
 * `--help` comes first, and a usage error (exit 2) for an unknown one.
 */
export function runSubcommand(
  name: string,
  command: Command,
  subs: Readonly<Record<string, Sub>>,
  args: string[],
  io: CliIo,
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') return Promise.resolve(printHelp(io, command));
  const run = Object.hasOwn(subs, sub) ? subs[sub] : undefined;
  if (!run) {
    throw usage(`Subperintah ${name} tidak dikenal: "${sub}".`, `Unknown ${name} subcommand: "${sub}".`);
  }
  if (wantsHelp(rest)) return Promise.resolve(printHelp(io, command, sub));
  return run(rest, io);
}

export function config(io: CliIo): Config {
  try {
    return loadConfig(io.env, io.cwd);
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CliError(`Konfigurasi tidak sah: ${err.message}`, `Invalid configuration: ${err.message}`);
    }
    throw err;
  }
}

/**
 * The configuration of a command that works on data already there: refused, before
 * anything is created, when there is no database where the configuration points (the
 * command run from another folder without HADIR_DATA_DIR would otherwise make an empty
 * one there and fail on its missing tables).
 */
export function existingDataConfig(io: CliIo): Config {
  if (!io.env['DATABASE_URL']) {
    const dir = resolve(io.cwd, io.env['HADIR_DATA_DIR'] || './data');
    const file = join(dir, 'hadir.sqlite');
    if (!existsSync(file)) throw noDatabase(file);
  }
  return config(io);
}

function noDatabase(where: string): CliError {
  return new CliError(
    `Tidak ada basis data Hadir di ${where}. Jalankan perintah dari folder instalasi Hadir, ` +
      'atau atur HADIR_DATA_DIR ke folder datanya (atau DATABASE_URL untuk PostgreSQL). ' +
      'Basis data baru dibuat dengan "hadir migrate" (kosong) atau "hadir demo".',
    `There is no Hadir database at ${where}. Run the command from the Hadir installation folder, ` +
      'or set HADIR_DATA_DIR to its data folder (or DATABASE_URL for PostgreSQL). ' +
      'A new database is made with "hadir migrate" (empty) or "hadir demo".',
  );
}

/**
 * Opens the database of a command that works on data already there ({@link
 * existingDataConfig}); refuses one whose schema was never set up (an empty PostgreSQL
 * database) with the same advice, instead of failing on a missing table.
 */
export async function withExistingDatabase<T>(
  io: CliIo,
  run: (h: DbHandle, cfg: Config) => Promise<T>,
): Promise<T> {
  const cfg = existingDataConfig(io);
  return withDatabase(cfg, async (h) => {
    if ((await currentMigration(h)) === null) throw noDatabase(engineLabel(cfg));
    return run(h, cfg);
  });
}

/**
 * Runs a service call and turns its refusal (AppError) into the CLI's: the same message
 * in both languages, the fields it names after it, exit code 1.
 */
export async function service<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const { message, details } = err.toBody();
    const list = (details ?? []).slice(0, 20).map((d) => `${d.field}: ${d.reason}`);
    const more = (details?.length ?? 0) > 20 ? [`… +${(details?.length ?? 0) - 20}`] : [];
    const tail = list.length > 0 ? ` (${[...list, ...more].join('; ')})` : '';
    throw new CliError(`${message.id}${tail}`, `${message.en}${tail}`);
  }
}

export async function withDatabase<T>(cfg: Config, run: (h: DbHandle) => Promise<T>): Promise<T> {
  const h = openDatabase(databaseOptions(cfg));
  try {
    return await run(h);
  } finally {
    await h.close();
  }
}

export function engineLabel(cfg: Config): string {
  return cfg.databaseUrl === null ? `SQLite (${join(cfg.dataDir, 'hadir.sqlite')})` : 'PostgreSQL';
}

/** Applies pending migrations, audited when there were any; returns their names. */
export async function migrate(h: DbHandle, io: CliIo): Promise<string[]> {
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

/** Writes one audit entry with the CLI as the actor. */
export async function auditCli(
  db: Kysely<Database>,
  at: number,
  action: string,
  target: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await appendAudit(db, {
    at,
    actor_account_id: null,
    actor_label: 'cli',
    action,
    target,
    detail: JSON.stringify(detail),
  });
}

export function positiveId(raw: string | undefined, flag: string): number | null {
  if (raw === undefined) return null;
  if (!/^[1-9]\d{0,9}$/.test(raw)) {
    throw usage(
      `${flag} harus berupa angka id, bukan "${raw}".`,
      `${flag} must be a numeric id, not "${raw}".`,
    );
  }
  return Number(raw);
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
export async function startServer(cfg: Config): Promise<{ url: string }> {
  const { main } = await import('../main.js');
  await main();
  return { url: browserUrl(cfg) };
}

/** The value of a flag the command cannot do without (exit 2 when missing). */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw usage(`${flag} wajib.`, `${flag} is required.`);
  return value;
}

/** A numeric id given as a flag or as the argument after the subcommand (exit 2 when wrong). */
export function requiredId(raw: string | undefined, flag: string): number {
  const id = positiveId(raw, flag);
  if (id === null) throw usage(`${flag} wajib.`, `${flag} is required.`);
  return id;
}

/**
 * Refuses an edit that names nothing to change (exit 2), listing the flags that could:
 * `hadir units edit 3` alone is a mistake, not a no-op.
 */
export function requireSomeChange(patch: object, flags: readonly string[]): void {
  if (Object.keys(patch).length > 0) return;
  const list = flags.join(', ');
  throw usage(`Sebutkan yang diubah: ${list}.`, `Say what changes: ${list}.`);
}

/** One of a fixed list of words (exit 2 otherwise). */
export function oneOf<T extends string>(
  raw: string | undefined,
  flag: string,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw usage(
      `${flag} harus salah satu dari: ${allowed.join(', ')} (bukan "${raw}").`,
      `${flag} must be one of: ${allowed.join(', ')} (not "${raw}").`,
    );
  }
  return raw as T;
}

const ZONE_NAMES: Readonly<Record<string, Zone>> = {
  WIB: 'Asia/Jakarta',
  WITA: 'Asia/Makassar',
  WIT: 'Asia/Jayapura',
};

/** A zone as WIB, WITA, WIT or its IANA name (exit 2 otherwise). */
export function zoneArg(raw: string | undefined, flag = '--zone'): Zone | undefined {
  if (raw === undefined) return undefined;
  const z = ZONE_NAMES[raw.toUpperCase()] ?? raw;
  return oneOf(z, flag, ZONES);
}

/** The short name of a zone for people: WIB, WITA or WIT. */
export function zoneLabel(zone: Zone): string {
  return zone === 'Asia/Makassar' ? 'WITA' : zone === 'Asia/Jayapura' ? 'WIT' : 'WIB';
}

/** Columns padded to the widest cell, for lists on a terminal. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length)))
      .join('  ')
      .trimEnd(),
  );
}

/** What the feature services need, from the CLI's database and clock. */
export function depsOf(h: DbHandle, io: CliIo): { db: Kysely<Database>; now: () => number } {
  return { db: h.db, now: () => io.now() };
}
