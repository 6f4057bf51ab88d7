/**
 * `hadir recap --month 2026-03 --unit ID [--format xlsx|pdf|csv] [--out FILE]`: the
 * monthly recap of a unit (with its sub-units) written as a file, and
 * `hadir demo punches --month 2026-03`: a month of demo punches (server/demo/month.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '../../core/errors.js';
import { appendAudit } from '../platform/audit/audit.js';
import { CliError, usage } from './cli-error.js';
import type { DbHandle } from '../platform/db/engine.js';
import { generateDemoMonth } from '../demo/month.js';
import { recapReport } from '../features/reports/tables.js';
import type { ExportFormat } from '../features/reports/report.js';
import { fileName, renderReport } from '../features/reports/render.js';
import { getUnit, subtreeUnitIds } from '../features/units/store.js';
import { lastClosedDate, recapMonth, yearToDateTkOf } from '../features/reports/service.js';

export interface RecapCliIo {
  out(line: string): void;
  now(): number;
}

type WithDb = <T>(run: (h: DbHandle) => Promise<T>) => Promise<T>;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Returns the exit code. Expected failures throw a CliError with both languages: wrong
 * usage (exit 2), an unknown unit, a refusal of the recap itself (e.g. no rule set for
 * the month) or a file that cannot be written (exit 1).
 */
export async function recapCli(args: string[], io: RecapCliIo, withDb: WithDb): Promise<number> {
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
  return withDb(async (h) => {
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
    await appendAudit(h.db, {
      at: io.now(),
      actor_account_id: null,
      actor_label: 'cli',
      action: 'recap.export',
      target: `unit:${unitId}`,
      detail: JSON.stringify({ month, format, file: out }),
    });
    const o = result.recap.organisation;
    io.out(
      `Rekap ${month} ${unit.name}: ${o.employees} pegawai, potongan rata-rata ${(o.totalBp / 100 / Math.max(1, o.employees)).toFixed(2)}%`,
    );
    io.out(`Ditulis ke / written to: ${out}`);
    return 0;
  });
}

export async function demoPunchesCli(args: string[], io: RecapCliIo, withDb: WithDb): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { month: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  const month = values.month ?? '';
  if (!MONTH_RE.test(month))
    throw usage(
      'pemakaian: hadir demo punches --month YYYY-MM [--seed N]',
      'usage: hadir demo punches --month YYYY-MM [--seed N]',
    );
  return withDb(async (h) => {
    const s = await generateDemoMonth(h.db, {
      month,
      now: io.now(),
      ...(values.seed ? { seed: Number(values.seed) } : {}),
    });
    io.out(
      `Absen demo ${month}: ${s.punches} absen untuk ${s.employees} pegawai / demo punches for ${s.employees} employees`,
    );
    return 0;
  });
}
