/** `hadir audit verify`: recompute the audit trail's hash chain and say whether it holds. */
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { CliError, usage } from '../cli-error.js';
import { config, migrate, runSubcommand, synopsisLine, withDatabase } from '../command.js';
import type { CliIo, Command } from '../command.js';

async function verify(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) {
    throw usage(
      `audit verify tidak menerima argumen: ${args.join(' ')}`,
      `audit verify takes no arguments: ${args.join(' ')}`,
    );
  }
  const cfg = config(io);
  return withDatabase(cfg, async (h) => {
    await migrate(h, io);
    const r = await verifyAuditChain(h.db);
    if (r.brokenAt !== null) {
      throw new CliError(
        `Jejak audit telah diubah: baris ${r.brokenAt} tidak cocok dengan rantai hash (${r.rows} baris sebelumnya utuh).`,
        `The audit trail was altered: row ${r.brokenAt} does not match the hash chain (${r.rows} rows before it hold).`,
      );
    }
    io.out(`Jejak audit utuh / audit trail intact: ${r.rows} baris / rows, kepala / head ${r.head || '-'}`);
    return 0;
  });
}

const audit: Command = {
  synopsis: [
    synopsisLine('hadir audit verify', 'memeriksa rantai hash jejak audit / check the audit hash chain'),
  ],
  help: `hadir audit verify

Menghitung ulang rantai hash jejak audit dari baris pertama. Keluar 0 bila utuh dan
mencetak jumlah baris serta hash terakhir (catat di luar server: verifikasi berikutnya
harus menemukannya lagi); keluar 1 dan menyebut baris pertama yang diubah bila tidak.
Recomputes the audit trail's hash chain from the first row. Exits 0 when it holds and
prints the row count and the last hash (write it down off the server: a later verify
must find it again); exits 1 naming the first altered row otherwise.`,
  run: (args, io) => runSubcommand('audit', audit, { verify }, args, io),
};
export default audit;
