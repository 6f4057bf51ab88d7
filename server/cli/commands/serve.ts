/** `hadir serve`: the HTTP server, as `npm start`. */
import { usage } from '../cli-error.js';
import { config, printHelp, startServer, synopsisLine, wantsHelp } from '../command.js';
import type { Command } from '../command.js';

const serve: Command = {
  synopsis: [synopsisLine('hadir serve', 'menjalankan server / start the server')],
  help: `hadir serve

Menerapkan migrasi yang belum jalan lalu menjalankan server HTTP (sama dengan npm start).
Applies pending migrations, then starts the HTTP server (same as npm start).
Alamat / address: HOST (default 0.0.0.0) dan / and PORT (default 3000).`,
  async run(args, io) {
    if (wantsHelp(args)) return printHelp(io, serve);
    if (args.length > 0) {
      throw usage(
        `serve tidak menerima argumen: ${args.join(' ')}`,
        `serve takes no arguments: ${args.join(' ')}`,
      );
    }
    const { url } = await startServer(config(io));
    io.out(`Hadir berjalan di / is running at ${url}`);
    return 0;
  },
};
export default serve;
