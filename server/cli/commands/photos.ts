/** `hadir photos purge [--dry-run]`: delete selfie files past their retention. */
import { parseArgs } from 'node:util';
import { openPhotoStore } from '../../features/photos/open-photo-store.js';
import { purgePhotos } from '../../features/photos/purge.js';
import { auditCli, config, migrate, runSubcommand, synopsisLine, withDatabase } from '../command.js';
import type { CliIo, Command } from '../command.js';

async function purge(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } }, strict: true });
  const cfg = config(io);
  return withDatabase(cfg, async (h) => {
    await migrate(h, io);
    const now = io.now();
    const dryRun = values['dry-run'] === true;
    const r = await purgePhotos(h.db, openPhotoStore(cfg), {
      now,
      retentionDays: cfg.photoRetentionDays,
      dryRun,
    });
    const before = new Date(r.cutoff).toISOString();
    if (dryRun) {
      io.out(`Akan dihapus / would be purged: ${r.photos} foto / photos uploaded before ${before}`);
      return 0;
    }
    await auditCli(h.db, now, 'photo.purge', 'photos', { ...r, retentionDays: cfg.photoRetentionDays });
    io.out(
      `Foto dihapus / photos purged: ${r.photos} (berkas / files: ${r.files}), diunggah sebelum / uploaded before ${before}`,
    );
    return 0;
  });
}

const photos: Command = {
  synopsis: [
    synopsisLine(
      'hadir photos purge [--dry-run]',
      'menghapus foto swafoto yang melewati masa simpan / delete selfies past retention',
    ),
  ],
  help: `hadir photos purge [--dry-run]

Menghapus berkas swafoto yang diunggah lebih dari HADIR_PHOTO_RETENTION_DAYS hari lalu
(default 90; UU 27/2022: data pribadi spesifik tidak disimpan lebih lama dari perlu).
Catatan fotonya (hash, ukuran, waktu) tetap ada dan ditandai sudah dihapus. Jalankan
setiap hari, misalnya dari cron.
Deletes the files of selfies uploaded more than HADIR_PHOTO_RETENTION_DAYS days ago
(default 90). Their records (hashes, size, time) stay, marked as purged. Run it daily,
e.g. from cron.
  --dry-run   hanya menghitung / only count`,
  run: (args, io) => runSubcommand('photos', photos, { purge }, args, io),
};
export default photos;
