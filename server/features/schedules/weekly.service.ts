/**
 * Weekly schedules per unit: a new version from a date (the earlier version keeps
 * applying before it, so past days are judged as they were), from explicit days or a
 * template (5-day, 6-day, with Friday hours), every day checked by core/schedule.ts.
 * Scoped and audited; the schedules triggers reach every check-in directory.
 */
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { ErrorDetail } from '../../../core/errors.js';
import type { WeeklySchedule, WorkDay } from '../../../core/model.js';
import { validateWorkDay } from '../../../core/schedule.js';
import { templateDays } from '../../../core/schedule-templates.js';
import type { ScheduleTemplate } from '../../../core/schedule-templates.js';
import type { Database } from '../../platform/db/schema.js';
import { unitInScope } from '../units/access.js';
import type { Actor } from '../units/access.js';
import { auditChange } from '../units/audit.js';
import { requireDate } from '../units/dates.js';
import { unitChain } from '../../../core/org.js';
import { listUnits } from '../units/store.js';
import { insertSchedule, listSchedules } from './store.js';

export interface WeeklyInput {
  name: string;
  effectiveFrom: string;
  days?: (WorkDay | null)[];
  template?: ScheduleTemplate;
  /** Minutes; with a template. */
  start?: number;
  friday?: { start: number; end: number };
}

/**
 * Adds a checked version to a unit in scope, audited, in the caller's transaction (the
 * demo seed writes the whole regency in one).
 */
export async function addWeeklyScheduleIn(
  trx: Kysely<Database>,
  actor: Actor,
  now: number,
  unitId: number,
  input: WeeklyInput,
): Promise<WeeklySchedule> {
  requireDate(input.effectiveFrom, '/effectiveFrom');
  let days: (WorkDay | null)[];
  if (input.template)
    days = [
      ...templateDays(input.template, {
        ...(input.start !== undefined && { start: input.start }),
        ...(input.friday && { friday: input.friday }),
      }),
    ];
  else if (input.days) days = input.days;
  else throw new AppError('invalid_body', { details: [{ field: '/days', reason: 'required' }] });
  if (days.length !== 7)
    throw new AppError('invalid_body', { details: [{ field: '/days', reason: 'length' }] });
  const details: ErrorDetail[] = [];
  days.forEach((d, i) => {
    if (d === null) return;
    const r = validateWorkDay(d);
    if (!r.ok)
      for (const x of r.details ?? []) details.push({ field: `/days/${i}/${x.field}`, reason: x.reason });
  });
  if (details.length > 0) throw new AppError('invalid_body', { details });
  const name = input.name.trim();
  if (name === '') throw new AppError('invalid_body', { details: [{ field: '/name', reason: 'required' }] });
  await unitInScope(trx, actor, unitId);
  const s = await insertSchedule(trx, {
    unitId,
    name,
    effectiveFrom: input.effectiveFrom,
    days: days as WeeklySchedule['days'],
  });
  await auditChange(trx, actor, now, 'schedule.create', `schedule:${s.id}`, { ...s });
  return s;
}

export async function addWeeklySchedule(
  deps: { db: Kysely<Database>; now: () => number; changed?: () => void },
  actor: Actor,
  unitId: number,
  input: WeeklyInput,
): Promise<WeeklySchedule> {
  const saved = await deps.db
    .transaction()
    .execute((trx) => addWeeklyScheduleIn(trx, actor, deps.now(), unitId, input));
  deps.changed?.();
  return saved;
}

/** The unit's own versions and those it inherits from its ancestors (nearest first). */
export async function weeklySchedulesOf(
  deps: { db: Kysely<Database> },
  actor: Actor,
  unitId: number,
): Promise<{ own: WeeklySchedule[]; inherited: (WeeklySchedule & { unitName: string })[] }> {
  await unitInScope(deps.db, actor, unitId);
  const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u]));
  const chain = unitChain(units, unitId);
  const all = await listSchedules(
    deps.db,
    chain.map((u) => u.id),
  );
  return {
    own: all.filter((s) => s.unitId === unitId),
    inherited: chain
      .slice(1)
      .flatMap((u) => all.filter((s) => s.unitId === u.id).map((s) => ({ ...s, unitName: u.name }))),
  };
}
