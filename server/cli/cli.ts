/**
 * The `hadir` command line. Each command is one file in ./commands/ named after it; this
 * file finds the command by its first argument, runs it, and turns failures into
 * messages in Bahasa Indonesia first, then English. Every change a command makes to the
 * data is written to the audit log with actor_label 'cli'.
 *
 * Exit codes: 0 done, 1 refused or failed, 2 wrong usage.
 */
import { existsSync, readdirSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, usage } from './cli-error.js';
import type { CliIo, Command } from './command.js';
import { processIo } from './terminal.js';

export type { CliIo, Command } from './command.js';

const COMMANDS = new URL('./commands/', import.meta.url);
/** Compiled to .js in dist/, run as .ts by the tests and tsx. */
const EXT = extname(fileURLToPath(import.meta.url));
const NAME_RE = /^[a-z][a-z0-9-]*$/;

/** The names of every command, from the files in ./commands/ (tests excluded). */
export function commandNames(): string[] {
  return readdirSync(COMMANDS)
    .filter((f) => f.endsWith(EXT) && NAME_RE.test(f.slice(0, -EXT.length)))
    .map((f) => f.slice(0, -EXT.length))
    .sort();
}

/** Loads the command called `name`, or null when there is none. */
export async function loadCommand(name: string): Promise<Command | null> {
  if (!NAME_RE.test(name)) return null;
  const file = new URL(`${name}${EXT}`, COMMANDS);
  if (!existsSync(fileURLToPath(file))) return null;
  const mod = (await import(file.href)) as { default?: Command };
  if (!mod.default) throw new Error(`commands/${name}${EXT} has no default export`);
  return mod.default;
}

async function mainHelp(io: CliIo): Promise<number> {
  const lines: string[] = [];
  for (const name of commandNames()) lines.push(...((await loadCommand(name))?.synopsis ?? []));
  io.out(`hadir — presensi online untuk pemerintah daerah / online attendance for regional governments

Pemakaian / usage:
${lines.join('\n')}

  hadir <perintah> --help          bantuan per perintah / help for one command

Konfigurasi lewat variabel lingkungan (PORT, HOST, HADIR_DATA_DIR, DATABASE_URL, ...);
lihat README. / Configuration is by environment variables; see the README.`);
  return 0;
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return mainHelp(io);
  const command = await loadCommand(name);
  if (!command) throw usage(`Perintah tidak dikenal: "${name}".`, `Unknown command: "${name}".`);
  return command.run(rest, io);
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
