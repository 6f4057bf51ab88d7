/**
 * An employee's own day and history (/me/…: no employee id in the URL, so nobody can ask
 * for someone else's), and the same history for admins within their scope
 * (/employees/:id/attendance).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import { effectiveEvents } from '../../../core/attendance/assign.js';
import type { AttendanceEvent } from '../../../core/attendance/types.js';
import type { WorkDay, Zone } from '../../../core/model.js';
import { scheduleFor, workDayFor } from '../../../core/schedule.js';
import { addDays, daysBetween, formatHHMM, isValidDate, localParts } from '../../../core/time.js';
import type {
  AttendanceDay,
  AttendanceEntryView,
  AttendanceResponse,
  CountedPunch,
  CheckInResponse,
  ScheduleDayView,
  TodayResponse,
} from '../../../core/wire.js';
import type { AuthService } from '../auth/service.js';
import { bearer, claimsOf } from '../../platform/http/bearer.js';
import { authorize } from '../../platform/access/access.js';
import { punchToResponse } from '../check-ins/service.js';
import { listPunches } from '../check-ins/store.js';
import type { Database, PunchRow } from '../../platform/db/schema.js';
import type { DeviceCache } from '../devices/cache.js';
import { deviceView, getDevice } from '../devices/store.js';
import type { Directory } from '../check-ins/directory.js';
import {
  AttendanceResponseSchema,
  bearerAuth,
  DateRangeQuerySchema,
  EmployeeIdParamsSchema,
  errorResponses,
  TodayResponseSchema,
} from '../../platform/http/schemas.js';
import type { DateRangeQuery } from '../../platform/http/schemas.js';
import { uploadedPhotoIds } from '../photos/store.js';
import { reviewViews } from '../reviews/views.js';
import { listEmployeeEntries } from '../entries/store.js';
import type { Anchors } from '../time/anchors.js';
import { headerDevice } from '../time/routes.js';

/** Longest history one request may ask for, in days (a leap year). */
export const MAX_RANGE_DAYS = 366;

export interface MeDeps {
  db: Kysely<Database>;
  now: () => number;
  directory: Directory;
  anchors: Anchors;
  devices: DeviceCache;
}

function dayView(d: WorkDay): ScheduleDayView {
  return {
    start: formatHHMM(d.start),
    end: formatHHMM(d.end),
    checkInFrom: formatHHMM(d.checkInFrom),
    checkInUntil: formatHHMM(d.checkInUntil),
    checkOutFrom: formatHHMM(d.checkOutFrom),
    checkOutUntil: formatHHMM(d.checkOutUntil),
  };
}

/** Checks `from`..`to`: real dates, in order, at most {@link MAX_RANGE_DAYS} days inclusive. */
export function checkRange(q: DateRangeQuery): AppError | null {
  if (!isValidDate(q.from) || !isValidDate(q.to)) {
    const field = isValidDate(q.from) ? 'to' : 'from';
    return new AppError('invalid_date_range', { details: [{ field, reason: 'format' }] });
  }
  const span = daysBetween(q.from, q.to);
  if (span < 0)
    return new AppError('invalid_date_range', { details: [{ field: 'to', reason: 'before_from' }] });
  if (span + 1 > MAX_RANGE_DAYS) {
    return new AppError('invalid_date_range', { details: [{ field: 'to', reason: 'too_long' }] });
  }
  return null;
}

/** The punches of `rows` whose declared selfie is stored: one query for the whole list. */
async function photosUploaded(db: Kysely<Database>, rows: readonly PunchRow[]): Promise<Set<string>> {
  const declared = rows.filter((r) => r.photo_sha256 !== null).map((r) => r.id);
  return declared.length === 0 ? new Set() : uploadedPhotoIds(db, declared);
}

/**
 * What a day counts: the earliest check-in and the latest check-out among its punches and
 * entries, after voids (core effectiveEvents, as the recap applies them), leaving out the
 * punches that wait for an admin's review or that an admin rejected (core review.ts).
 */
export function countedMarks(
  punches: readonly CheckInResponse[],
  entries: readonly AttendanceEntryView[],
): AttendanceDay['counted'] {
  const counts = punches.filter((p) => p.review === undefined || p.review.status === 'accepted');
  const events: AttendanceEvent[] = [
    ...counts.map((p) => ({
      id: p.id,
      employeeId: 0,
      kind: p.kind,
      at: Date.parse(p.timeOfRecord),
      source: p.source,
      fence: null,
    })),
    ...entries.map((e) => ({
      id: e.id,
      employeeId: 0,
      kind: e.kind,
      at: Date.parse(e.at),
      source: e.source === 'admin' ? ('manual' as const) : ('correction' as const),
      fence: null,
      ...(e.voids === null ? {} : { voids: e.voids }),
    })),
  ];
  const counted = effectiveEvents(events);
  const mark = (ev: AttendanceEvent | undefined): CountedPunch | null => {
    if (ev === undefined) return null;
    const entry = entries.find((e) => e.id === ev.id);
    const punch = punches.find((p) => p.id === ev.id);
    return {
      id: ev.id,
      localTime: entry?.localTime ?? punch?.localTime ?? '',
      from: entry ? entry.source : 'punch',
    };
  };
  return {
    in: mark(counted.find((e) => e.kind === 'in')),
    out: mark(counted.findLast((e) => e.kind === 'out')),
  };
}

/** Every date of the range with its punches, entries, first check-in and last check-out. */
async function attendance(
  db: Kysely<Database>,
  employeeId: number,
  site: { zone: Zone; organisationId: number | undefined },
  q: DateRangeQuery,
): Promise<AttendanceResponse> {
  const zone = site.zone;
  const rows = await listPunches(db, employeeId, q.from, q.to);
  const entriesByDate = new Map<string, AttendanceEntryView[]>();
  for (const e of await listEmployeeEntries(db, employeeId, q.from, q.to)) {
    const view: AttendanceEntryView = {
      id: e.id,
      kind: e.kind,
      source: e.source,
      at: new Date(e.at).toISOString(),
      localTime: localParts(e.at, zone).time,
      note: e.note,
      voids: e.voids,
    };
    const list = entriesByDate.get(e.workDate);
    if (list) list.push(view);
    else entriesByDate.set(e.workDate, [view]);
  }
  const [uploaded, reviews] = await Promise.all([
    photosUploaded(db, rows),
    reviewViews(db, site.organisationId, rows),
  ]);
  const byDate = new Map<string, CheckInResponse[]>();
  for (const r of rows) {
    const p = punchToResponse(r, uploaded.has(r.id), reviews.get(r.id));
    const list = byDate.get(p.workDate);
    if (list) list.push(p);
    else byDate.set(p.workDate, [p]);
  }
  const days: AttendanceDay[] = [];
  for (let date = q.from; date <= q.to; date = addDays(date, 1)) {
    const punches = byDate.get(date) ?? [];
    const entries = entriesByDate.get(date) ?? [];
    days.push({
      date,
      punches,
      firstIn: punches.find((p) => p.kind === 'in') ?? null,
      lastOut: punches.findLast((p) => p.kind === 'out') ?? null,
      entries,
      counted: countedMarks(punches, entries),
    });
  }
  return { from: q.from, to: q.to, days };
}

/**
 * The zone of an employee's work site (their first active location, else their unit), and
 * their organisation (the root of their unit chain, whose rule sets apply).
 */
async function siteOf(
  directory: Directory,
  employeeId: number,
): Promise<{ zone: Zone; organisationId: number | undefined }> {
  const loaded = await directory.get(employeeId);
  const unit = loaded?.ctx.unitChain[0];
  return {
    zone: loaded?.ctx.locations.find((l) => l.active)?.zone ?? unit?.zone ?? 'Asia/Jakarta',
    organisationId: loaded?.ctx.unitChain.at(-1)?.id,
  };
}

export function meRoutes(server: FastifyInstance, auth: AuthService, deps: MeDeps): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const employeeOnly = bearer(auth, { employeeOnly: true });

  app.get(
    '/me/today',
    {
      onRequest: employeeOnly,
      schema: {
        tags: ['me'],
        summary: "Today's schedule, locations and punches of the signed-in employee",
        security: bearerAuth,
        response: { 200: TodayResponseSchema, ...errorResponses },
      },
    },
    async (request): Promise<TodayResponse> => {
      const employeeId = claimsOf(request).emp ?? 0;
      const loaded = await deps.directory.get(employeeId);
      const unit = loaded?.ctx.unitChain[0];
      if (!loaded || !unit) throw new AppError('account_inactive');
      const active = loaded.ctx.locations.filter((l) => l.active);
      const zone = active[0]?.zone ?? unit.zone;
      const now = deps.now();
      const date = localParts(now, zone).date;
      const schedule = scheduleFor(loaded.ctx.schedules, loaded.ctx.unitChain, date);
      // The day the check-in verdict and the daily status use (overrides, person
      // schedules, holidays), else the weekly schedule's.
      const resolved = loaded.ctx.dayFor?.(date);
      const day =
        resolved !== undefined
          ? resolved === 'holiday'
            ? null
            : resolved
          : schedule
            ? workDayFor(schedule, date)
            : null;
      const rows = await listPunches(deps.db, employeeId, date, date);
      const [uploaded, reviews] = await Promise.all([
        photosUploaded(deps.db, rows),
        reviewViews(deps.db, loaded.ctx.unitChain.at(-1)?.id, rows),
      ]);
      const punches = rows.map((r) => punchToResponse(r, uploaded.has(r.id), reviews.get(r.id)));
      // The phone names its device in X-Hadir-Device: the anchor is bound to it and its status shown.
      const deviceId = await headerDevice(deps.devices, request, employeeId);
      const device = deviceId === null ? undefined : await getDevice(deps.db, deviceId);
      return {
        date,
        zone,
        serverTime: new Date(now).toISOString(),
        schedule: schedule ? { name: schedule.name, day: day ? dayView(day) : null } : null,
        punches,
        locations: active.map((l) => ({ id: l.id, name: l.name, zone: l.zone, shape: l.shape })),
        nextKind: punches.at(-1)?.kind === 'in' ? 'out' : 'in',
        anchor: deps.anchors.issue(now, employeeId, deviceId),
        device: device ? deviceView(device) : null,
        selfieRequired: loaded.selfieRequired,
      };
    },
  );

  app.get(
    '/me/attendance',
    {
      onRequest: employeeOnly,
      schema: {
        tags: ['me'],
        summary: "The signed-in employee's punches per day",
        security: bearerAuth,
        querystring: DateRangeQuerySchema,
        response: { 200: AttendanceResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const bad = checkRange(q);
      if (bad) throw bad;
      const employeeId = claimsOf(request).emp ?? 0;
      return attendance(deps.db, employeeId, await siteOf(deps.directory, employeeId), q);
    },
  );

  app.get(
    '/employees/:id/attendance',
    {
      onRequest: bearer(auth),
      schema: {
        tags: ['attendance'],
        summary: "An employee's punches per day (own data, or within the admin's units)",
        security: bearerAuth,
        params: EmployeeIdParamsSchema,
        querystring: DateRangeQuerySchema,
        response: { 200: AttendanceResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const employeeId = Number(request.params.id);
      await authorize(deps.db, claimsOf(request), { kind: 'employee', id: employeeId }, { own: true });
      const q = request.query;
      const bad = checkRange(q);
      if (bad) throw bad;
      return attendance(deps.db, employeeId, await siteOf(deps.directory, employeeId), q);
    },
  );
}
