/** `hadir migrate`: bring the schema up to date and stop. */
import { usage } from '../cli-error.js';
import {
  config,
  engineLabel,
  migrate,
  printHelp,
  synopsisLine,
  wantsHelp,
  withDatabase,
} from '../command.js';
import type { Command } from '../command.js';

const migrateCommand: Command = {
  synopsis: [
    synopsisLine('hadir migrate', 'memperbarui skema basis data / bring the database schema up to date'),
  ],
  help: `hadir migrate

Menerapkan semua migrasi skema yang belum jalan, lalu berhenti. Aman dijalankan berulang
dan dari beberapa proses sekaligus.
Applies every pending schema migration, then exits. Safe to repeat and to run from
several processes at once.`,
  async run(args, io) {
    if (wantsHelp(args)) return printHelp(io, migrateCommand);
    if (args.length > 0) {
      throw usage(
        `migrate tidak menerima argumen: ${args.join(' ')}`,
        `migrate takes no arguments: ${args.join(' ')}`,
      );
    }
    const cfg = config(io);
    const applied = await withDatabase(cfg, (h) => migrate(h, io));
    io.out(
      applied.length === 0
        ? `Skema sudah terbaru / schema already up to date (${engineLabel(cfg)}).`
        : `Migrasi diterapkan / migrations applied (${engineLabel(cfg)}): ${applied.join(', ')}`,
    );
    return 0;
  },
};
export default migrateCommand;
