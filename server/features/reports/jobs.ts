/**
 * The jobs a report runner (runner.ts) carries out: the heavy half of the unit reports,
 * each a function of a database and plain arguments (the caller's scope was checked
 * before), so the same code runs on the event loop or on a report worker thread.
 */
import { dailyExportJob, monthSummaryJob, recapExportJob, unitDailyJob, unitRecapJob } from './service.js';

export const REPORT_JOBS = {
  unitDaily: unitDailyJob,
  unitRecap: unitRecapJob,
  monthSummary: monthSummaryJob,
  dailyExport: dailyExportJob,
  recapExport: recapExportJob,
} as const;

export type ReportJobs = typeof REPORT_JOBS;
export type JobName = keyof ReportJobs;
export type JobArgs<N extends JobName> = Parameters<ReportJobs[N]>[1];
export type JobResult<N extends JobName> = Awaited<ReturnType<ReportJobs[N]>>;
