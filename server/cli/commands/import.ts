/**
 * `hadir import FILE [--kind employees|units|sites] [--dry-run] …`: an employee sheet
 * (SIASN/SIMPEG XLSX or CSV), a units sheet or a work-site sheet through the same dry run
 * and one-transaction apply as the API, audited as the CLI.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyImportOf, IMPORT_FIELDS, IMPORT_KINDS, previewImportOf } from '../../features/import/kinds.js';
import type {
  ImportKind,
  KindOptions,
  KindPreview,
  SiteImportPreview,
  UnitImportPreview,
} from '../../features/import/kinds.js';
import { parseMapping } from '../../features/import/service.js';
import type { ImportPreview } from '../../features/import/service.js';
import { CLI_ACTOR } from '../../features/units/access.js';
import { CliError, usage } from '../cli-error.js';
import { depsOf, printHelp, service, synopsisLine, wantsHelp, withExistingDatabase } from '../command.js';
import type { CliIo, Command } from '../command.js';

/** Rows of each list printed; the rest is counted. */
const SHOWN = 20;

const rowOf = (row: number) => `baris / row ${row}: `;
const fieldNames = (fields: readonly { field: string }[]) => fields.map((f) => f.field).join(', ');

/** A units sheet's plan, one line per unit. */
function reportUnits(p: UnitImportPreview, list: (title: string, lines: string[]) => void): void {
  list(
    'Baru / create',
    p.create.map(
      (c) => `${rowOf(c.row)}${c.code ?? ''} ${c.name} (${c.kind}, ${c.zone}) → ${c.parentName ?? '-'}`,
    ),
  );
  list(
    'Ubah / change',
    p.change.map((c) => `${rowOf(c.row)}${c.name}: ${fieldNames(c.fields)}`),
  );
  list(
    'Pindah / move',
    p.move.map((m) => `${rowOf(m.row)}${m.name}: ${m.fromParent ?? '-'} → ${m.toParent}`),
  );
}

/** A work-site sheet's plan, one line per site. */
function reportSites(p: SiteImportPreview, list: (title: string, lines: string[]) => void): void {
  list(
    'Baru / create',
    p.create.map((c) => `${rowOf(c.row)}${c.name} (${c.unitName}, ${c.mode}, ${c.shape})`),
  );
  list(
    'Ubah / change',
    p.change.map((c) => `${rowOf(c.row)}${c.name} (${c.unitName}): ${fieldNames(c.fields)}`),
  );
  list(
    'Nonaktif / deactivate',
    p.deactivate.map((d) => `${rowOf(d.row)}${d.name} (${d.unitName})`),
  );
}

function report(io: CliIo, kind: ImportKind, p: ImportPreview | KindPreview, applied: boolean): void {
  const s = p.summary;
  io.out(
    `${applied ? 'Diterapkan / applied' : 'Uji coba, belum ada yang ditulis / dry run, nothing written'}: ` +
      `${p.rows} baris / rows; baru / create ${s.create}, ubah / change ${s.change}, pindah / move ${s.move}, ` +
      `nonaktif / deactivate ${s.deactivate}, tetap / unchanged ${s.unchanged}, ditolak / refused ${s.refused}`,
  );
  const more = (n: number) => {
    if (n > SHOWN) io.out(`    … +${n - SHOWN}`);
  };
  const list = (title: string, lines: string[]) => {
    if (lines.length > 0) io.out(`  ${title}:`);
    for (const l of lines.slice(0, SHOWN)) io.out(`    ${l}`);
    more(lines.length);
  };
  if (kind === 'units') {
    reportUnits(p as UnitImportPreview, list);
  } else if (kind === 'sites') {
    reportSites(p as SiteImportPreview, list);
  } else {
    reportEmployees(io, p as ImportPreview, more);
  }
  if (p.refused.length > 0) io.out('  Ditolak / refused:');
  for (const r of p.refused.slice(0, 100)) {
    io.out(`    ${r.message.id}`);
    io.out(`    ${r.message.en}`);
  }
  if (p.refused.length > 100) io.out(`    … +${p.refused.length - 100}`);
  io.out(`  Sidik / fingerprint: ${p.fingerprint}`);
}

function reportEmployees(io: CliIo, p: ImportPreview, more: (n: number) => void): void {
  if (p.create.length > 0) io.out('  Baru / create:');
  for (const c of p.create.slice(0, SHOWN))
    io.out(`    baris / row ${c.row}: ${c.nip ?? c.internalId ?? ''} ${c.name} → ${c.unitName}`);
  more(p.create.length);
  if (p.change.length > 0) io.out('  Ubah / change:');
  for (const c of p.change.slice(0, SHOWN))
    io.out(`    baris / row ${c.row}: ${c.nip ?? ''} ${c.name}: ${c.fields.map((f) => f.field).join(', ')}`);
  more(p.change.length);
  if (p.move.length > 0) io.out('  Pindah / move:');
  for (const m of p.move.slice(0, SHOWN))
    io.out(
      `    baris / row ${m.row}: ${m.nip ?? ''} ${m.name}: ${m.fromUnit} → ${m.toUnit} sejak / from ${m.from}`,
    );
  more(p.move.length);
  if (p.deactivate.length > 0) io.out('  Nonaktif / deactivate:');
  for (const d of p.deactivate.slice(0, SHOWN))
    io.out(`    ${d.nip ?? ''} ${d.name} (${d.unitName}) sejak / from ${d.from}`);
  more(p.deactivate.length);
}

async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean' },
      kind: { type: 'string' },
      'effective-from': { type: 'string' },
      'deactivate-missing': { type: 'boolean' },
      'skip-refused': { type: 'boolean' },
      mapping: { type: 'string' },
      expect: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [file, extra] = positionals;
  if (file === undefined || extra !== undefined) {
    throw usage('pemakaian: hadir import BERKAS [--dry-run] …', 'usage: hadir import FILE [--dry-run] …');
  }
  const kind = (values.kind ?? 'employees') as ImportKind;
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw usage(
      `--kind harus salah satu dari ${IMPORT_KINDS.join(', ')}, bukan "${kind}".`,
      `--kind must be one of ${IMPORT_KINDS.join(', ')}, not "${kind}".`,
    );
  }
  const opts: KindOptions = await service(() =>
    Promise.resolve({
      ...(values.mapping !== undefined && { mapping: parseMapping(values.mapping, IMPORT_FIELDS[kind]) }),
      ...(values['effective-from'] !== undefined && { effectiveFrom: values['effective-from'] }),
      deactivateMissing: values['deactivate-missing'] === true,
      skipRefused: values['skip-refused'] === true,
      ...(values.expect !== undefined && { expect: values.expect }),
    }),
  );
  return withExistingDatabase(io, async (h) => {
    const path = resolve(io.cwd, file);
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new CliError(
        `Berkas ${file} tidak dapat dibaca (${reason}).`,
        `The file ${file} could not be read (${reason}).`,
      );
    }
    const dry = values['dry-run'] === true;
    const deps = depsOf(h, io);
    const p = await service(() =>
      dry
        ? previewImportOf(deps, CLI_ACTOR, kind, data, opts)
        : applyImportOf(deps, CLI_ACTOR, kind, data, opts),
    );
    report(io, kind, p, !dry);
    if (dry && p.refused.length > 0) {
      io.out(
        'Baris yang ditolak tidak akan disimpan; perbaiki berkasnya, atau terapkan sisanya dengan --skip-refused.',
      );
      io.out('Refused rows will not be stored; fix the file, or apply the rest with --skip-refused.');
    } else if (dry) {
      io.out(
        `Terapkan / apply: hadir import ${file}${kind === 'employees' ? '' : ` --kind ${kind}`} --expect ${p.fingerprint}`,
      );
    }
    return 0;
  });
}

const importCommand: Command = {
  synopsis: [
    synopsisLine(
      'hadir import FILE [--kind employees|units|sites] [--dry-run]',
      'impor pegawai, unit, lokasi dari XLSX/CSV / import employees, units, sites from XLSX/CSV',
    ),
  ],
  help: `hadir import BERKAS.xlsx|BERKAS.csv [--kind employees|units|sites] [--dry-run] [--effective-from YYYY-MM-DD]
             [--deactivate-missing] [--skip-refused] [--mapping JSON] [--expect SIDIK]

Mengimpor lembar pegawai ekspor SIASN/SIMPEG (NIP, nama, jabatan, unit kerja, status
kepegawaian, golongan). --dry-run menunjukkan yang akan dibuat, diubah, dipindah dan
dinonaktifkan, serta setiap baris yang ditolak (baris, kolom, alasan), tanpa menulis
apa pun. Tanpa --dry-run berkas diterapkan dalam satu transaksi: semua atau tidak sama
sekali; impor ulang berkas yang sama tidak mengubah apa-apa.
Imports an employee sheet as SIASN/SIMPEG export it. --dry-run shows what would be
created, changed, moved and deactivated and every refused row (row, column, reason),
writing nothing. Without it the file is applied in one transaction, all or nothing;
importing the same file again changes nothing.
  --kind K               isi berkas / what the file holds: employees (default), units
                         (kode unit kerja, nama, induk, jenis, zona WIB/WITA/WIT), sites
                         (nama, kode unit kerja, lat, lng, radius atau/or poligon, mode,
                         berlaku dari/sampai, aktif)
  --effective-from D     mutasi dan nonaktif berlaku sejak D (default hari ini) /
                         moves and deactivations take effect from D (default today)
  --deactivate-missing   nonaktifkan pegawai yang tidak ada di berkas (ekspor lengkap) /
                         deactivate those the file no longer lists (a full export)
  --skip-refused         terapkan baris yang sah walau ada yang ditolak / apply the valid
                         rows even when some are refused
  --mapping JSON         kolom per isian, mis. / column per field, e.g. '{"nip":0,"name":1,"unit":3}'
  --expect SIDIK         terapkan hanya bila rencananya sama dengan uji coba ini /
                         apply only if the plan is the one this dry run showed
Kode keluar / exit codes: 0 selesai / done, 1 ditolak / refused, 2 pemakaian salah / wrong usage.`,
  run: (args, io) => (wantsHelp(args) ? Promise.resolve(printHelp(io, importCommand)) : run(args, io)),
};
export default importCommand;
