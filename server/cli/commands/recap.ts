/**
 * `hadir recap --month 2026-03 --unit ID [--format xlsx|pdf|csv] [--out FILE]`: the
 * monthly recap of a unit (with its sub-units) written as a file.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../../core/errors.js';
import { CliError, usage } from '../cli-error.js';
import { auditCli, printHelp, synopsisLine, wantsHelp, withExistingDatabase } from '../command.js';
import type { CliIo, Command } from '../command.js';
import { recapReport } from '../../features/reports/tables.js';
import type { ExportFormat } from '../../features/reports/report.js';
import { fileName, renderReport } from '../../features/reports/render.js';
import { getUnit, subtreeUnitIds } from '../../features/units/store.js';
import { lastClosedDate, recapMonth, yearToDateTkOf } from '../../features/reports/service.js';

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Returns the exit code. Expected failures throw a CliError with both languages: wrong
 * usage (exit 2), an unknown unit, a refusal of the recap itself (e.g. no rule set for
 * the month) or a file that cannot be written (exit 1).
 */
async function recapRun(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      month: { type: 'string' },
      unit: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const month = values.month ?? '';
  const unitId = Number(values.unit);
  const format = (values.format ?? 'xlsx') as ExportFormat;
  if (
    !MONTH_RE.test(month) ||
    !Number.isInteger(unitId) ||
    unitId < 1 ||
    !['xlsx', 'pdf', 'csv'].includes(format)
  ) {
    throw usage(
      'pemakaian: hadir recap --month YYYY-MM --unit ID [--format xlsx|pdf|csv] [--out FILE]',
      'usage: hadir recap --month YYYY-MM --unit ID [--format xlsx|pdf|csv] [--out FILE]',
    );
  }
  return withExistingDatabase(io, async (h) => {
    const unit = await getUnit(h.db, unitId);
    if (!unit) throw new CliError(`Unit ${unitId} tidak ditemukan.`, `Unit ${unitId} was not found.`);
    let result;
    let yearly;
    try {
      const scope = { unitIds: await subtreeUnitIds(h.db, unitId) };
      [result, yearly] = await Promise.all([
        recapMonth(h.db, scope, month, lastClosedDate(Date.now())),
        yearToDateTkOf(h.db, scope, month, lastClosedDate(Date.now())),
      ]);
    } catch (err) {
      if (err instanceof AppError) {
        const { message } = err.toBody();
        throw new CliError(message.id, message.en);
      }
      throw err;
    }
    const table = recapReport(unit, result, yearly);
    const out = values.out ?? fileName(table, unit.name, month, format);
    const data = await renderReport(table, format);
    try {
      writeFileSync(out, data);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new CliError(
        `Berkas ${out} tidak dapat ditulis (${reason}).`,
        `The file ${out} could not be written (${reason}).`,
      );
    }
    await auditCli(h.db, io.now(), 'recap.export', `unit:${unitId}`, { month, format, file: out });
    const o = result.recap.organisation;
    io.out(
      `Rekap ${month} ${unit.name}: ${o.employees} pegawai, potongan rata-rata ${(o.totalBp / 100 / Math.max(1, o.employees)).toFixed(2)}%`,
    );
    io.out(`Ditulis ke / written to: ${out}`);
    return 0;
  });
}

const recap: Command = {
  synopsis: [
    synopsisLine(
      'hadir recap --month --unit ...',
      "rekap bulanan unit ke berkas / a unit's monthly recap as a file",
    ),
  ],
  help: `hadir recap --month YYYY-MM --unit ID [--format xlsx|pdf|csv] [--out FILE]

Menulis rekap bulanan unit (termasuk sub-unit) ke berkas XLSX, PDF atau CSV, dengan
jumlah TK tahun berjalan per pegawai (PP 94/2021). Tanpa --out, nama berkas dibuat
dari unit dan bulan di folder kerja.
Writes a unit's monthly recap (with its sub-units) as an XLSX, PDF or CSV file, with
each person's TK days of the year so far (PP 94/2021). Without --out the file is named
after the unit and month in the working folder.

Kode keluar / exit codes: 0 selesai / done; 1 gagal (unit tidak ada, belum ada aturan,
berkas tak dapat ditulis) / failed (no such unit, no rule set, file not writable);
2 pemakaian salah / wrong usage.`,
  run: (args, io) => (wantsHelp(args) ? Promise.resolve(printHelp(io, recap)) : recapRun(args, io)),
};
export default recap;
