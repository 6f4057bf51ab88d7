/**
 * The admins' review of punches outside the fence (issue 10 item 5): the queue of punches
 * in the caller's units waiting for a decision (or decided), with who, where and the
 * selfie, and the decision itself — accept (the punch counts) or reject (it never
 * counts), always with a reason, written with its audit entry in one transaction.
 *
 * Scope is the access module's: the queue covers a unit in the caller's scope (another
 * OPD's unit answers 404, as a missing one), a decision names a punch the caller may see
 * (404 otherwise, exactly as a punch that does not exist).
 *
 * A later decision replaces an earlier one as a new row (punch_reviews is append-only;
 * the latest is in force), so an admin can correct a mistake and the record keeps both;
 * repeating the decision in force is refused (review_unchanged), so a double click does
 * not write two entries.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isReviewable } from '../../../core/attendance/review.js';
import type { PunchReview, RuleSet } from '../../../core/attendance/types.js';
import { AppError } from '../../../core/errors.js';
import type { PunchKind, PunchSource, Unit, Zone } from '../../../core/model.js';
import { unitChain } from '../../../core/org.js';
import { addDays, daysBetween, isValidDate, localParts } from '../../../core/time.js';
import type { PunchReviewView } from '../../../core/wire.js';
import { authorize } from '../../platform/access/access.js';
import type { Caller } from '../../platform/access/access.js';
import { audited, byCaller } from '../../platform/audit/audit.js';
import type { Database } from '../../platform/db/schema.js';
import { getPunch } from '../check-ins/store.js';
import { viewScope } from '../live/scope.js';
import { listUnits } from '../units/store.js';
import { insertReview, latestReviews, reviewsOfPunch } from './store.js';
import { factsOf, organisationRules, reviewView, rulesOn } from './views.js';

export interface ReviewDeps {
  db: Kysely<Database>;
  now: () => number;
}

export const REVIEW_STATES = ['pending', 'accepted', 'rejected'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** The longest period the queue reads at once, in days (a quarter). */
export const QUEUE_MAX_DAYS = 92;
/** The period the queue reads by default: the last 31 days up to today. */
export const QUEUE_DEFAULT_DAYS = 31;
/** The most punches the queue reads for one answer, before paging. */
export const QUEUE_MAX_ROWS = 5000;

export interface QueueQuery {
  unitId?: number | undefined;
  status?: ReviewState | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

/** One punch of the queue, with who pressed it, where, and its standing. */
export interface QueueItem {
  punchId: string;
  kind: PunchKind;
  source: PunchSource;
  /** ISO instant of the punch (its time of record). */
  at: string;
  workDate: string;
  /** 'HH:MM:SS' on the wall clock of the work site. */
  localTime: string;
  zone: Zone;
  employee: {
    id: number;
    name: string;
    nip: string | null;
    internalId: string | null;
    unitId: number;
    unitName: string;
  };
  /** Where the phone was (null for a machine or kiosk, whose site stands for it). */
  position: { lat: number; lon: number; accuracy: number } | null;
  /** The nearest of the employee's sites and how far the punch was from it. */
  site: { id: number | null; name: string | null; distanceM: number };
  flags: string[];
  /** The stored selfie (GET), or null when the punch has none (or it was purged). */
  photoUrl: string | null;
  /**
   * What the server observed about the punch's time (issue 9 item 2), so an admin can
   * judge a time that rests on the phone's claim: how it was dated, the phone's wall
   * clock, the anchor it carried, when it arrived, and the device's latest contact with
   * the server between the capture and its receipt that did not deliver it.
   */
  evidence: TimeEvidence;
  review: PunchReviewView;
}

/** The time evidence of a punch in the review queue; instants ISO. */
export interface TimeEvidence {
  timeSource: string;
  /** The phone's wall clock at the press, as it claimed. */
  capturedAt: string;
  /** The signed server time the capture was dated from; null without a valid anchor. */
  anchorTime: string | null;
  receivedAt: string;
  /** Receipt minus time of record, ms. */
  delayMs: number;
  /** The device's latest contact after the capture and before its receipt (known at ingest); null if none. */
  contactAt: string | null;
}

export interface QueueAnswer {
  from: string;
  to: string;
  status: ReviewState;
  total: number;
  page: number;
  pageSize: number;
  items: QueueItem[];
}

function refuseQuery(field: string, reason: string): AppError {
  return new AppError('invalid_query', { details: [{ field, reason }] });
}

/** The period of a queue query: real dates, in order, at most {@link QUEUE_MAX_DAYS} days. */
export function queuePeriod(q: Pick<QueueQuery, 'from' | 'to'>, today: string): { from: string; to: string } {
  for (const [field, v] of [
    ['/from', q.from],
    ['/to', q.to],
  ] as const)
    if (v !== undefined && !isValidDate(v)) throw refuseQuery(field, 'format');
  const to = q.to ?? (q.from !== undefined && q.from > today ? q.from : today);
  const from = q.from ?? addDays(to, -(QUEUE_DEFAULT_DAYS - 1));
  if (to < from) throw refuseQuery('/to', 'before_from');
  if (daysBetween(from, to) + 1 > QUEUE_MAX_DAYS) throw refuseQuery('/to', 'too_long');
  return { from, to };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The root (organisation) of each unit, whose rule sets apply to its people. */
function rootsOf(units: readonly Unit[]): Map<number, number> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Map<number, number>();
  for (const u of units) out.set(u.id, unitChain(byId, u.id).at(-1)?.id ?? u.id);
  return out;
}

/**
 * The punches outside the fence, or whose time rests on the phone's claim, in a unit of the caller's scope (with its sub-units) over
 * a period, by their standing: pending (no decision, and the rule set does not count them
 * by itself; the default), accepted or rejected. Newest first, paged.
 */
export async function reviewQueue(deps: ReviewDeps, caller: Caller, q: QueueQuery): Promise<QueueAnswer> {
  const { db } = deps;
  const scope = await viewScope(db, caller.claims, q.unitId);
  const { from, to } = queuePeriod(q, localParts(deps.now(), scope.unit.zone).date);
  const status = q.status ?? 'pending';
  const unitIds = [...scope.ids];
  const rows = await db
    .selectFrom('punches')
    .innerJoin('employees', 'employees.id', 'punches.employee_id')
    .select([
      'punches.id as id',
      'punches.kind as kind',
      'punches.source as source',
      'punches.work_date as work_date',
      'punches.local_time as local_time',
      'punches.zone as zone',
      'punches.lat as lat',
      'punches.lon as lon',
      'punches.accuracy as accuracy',
      'punches.location_id as location_id',
      'punches.location_name as location_name',
      'punches.distance_m as distance_m',
      'punches.flags as flags',
      'punches.photo_sha256 as photo_sha256',
      'punches.fence_status as fence_status',
      'punches.time_cause as time_cause',
      'punches.time_source as time_source',
      'punches.captured_at as captured_at',
      'punches.received_at as received_at',
      'punches.anchor_time as anchor_time',
      'punches.contact_at as contact_at',
      'employees.id as employee_id',
      'employees.name as name',
      'employees.nip as nip',
      'employees.internal_id as internal_id',
      'employees.unit_id as unit_id',
    ])
    .select(sql<number>`coalesce(punches.time_of_record, punches.captured_at)`.as('at'))
    // Outside the fence, or its time in doubt (two partial indexes, migrations 0022 and 0024).
    .where((eb) =>
      eb.or([eb('punches.fence_status', '=', 'outside'), eb('punches.time_cause', 'is not', null)]),
    )
    .where('punches.work_date', '>=', from)
    .where('punches.work_date', '<=', to)
    .where('employees.unit_id', 'in', unitIds)
    .orderBy(sql`coalesce(punches.time_of_record, punches.captured_at)`, 'desc')
    .orderBy('punches.id', 'desc')
    .limit(QUEUE_MAX_ROWS)
    .execute();
  const [decided, units] = await Promise.all([
    latestReviews(
      db,
      rows.map((r) => r.id),
    ),
    listUnits(db),
  ]);
  const roots = rootsOf(units);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const rulesByOrg = new Map<number, RuleSet[]>();
  for (const org of new Set(rows.map((r) => roots.get(r.unit_id) ?? r.unit_id)))
    rulesByOrg.set(org, await organisationRules(db, org));

  const picked: { row: (typeof rows)[number]; review: PunchReviewView }[] = [];
  for (const r of rows) {
    const versions = rulesByOrg.get(roots.get(r.unit_id) ?? r.unit_id) ?? [];
    const view = reviewView(factsOf(r), decided.get(r.id), rulesOn(versions, r.work_date));
    if (view && view.status === status) picked.push({ row: r, review: view });
  }
  const start = (q.page - 1) * q.pageSize;
  const slice = picked.slice(start, start + q.pageSize);
  const withPhoto = slice.filter((p) => p.row.photo_sha256 !== null).map((p) => p.row.id);
  const photos = new Set<string>();
  if (withPhoto.length > 0) {
    const stored = await db
      .selectFrom('punch_photos')
      .leftJoin('photo_purges', 'photo_purges.punch_id', 'punch_photos.punch_id')
      .select('punch_photos.punch_id as id')
      .where('punch_photos.punch_id', 'in', withPhoto)
      .where('photo_purges.punch_id', 'is', null)
      .execute();
    for (const p of stored) photos.add(p.id);
  }
  return {
    from,
    to,
    status,
    total: picked.length,
    page: q.page,
    pageSize: q.pageSize,
    items: slice.map(({ row: r, review }) => ({
      punchId: r.id,
      kind: r.kind as PunchKind,
      source: r.source as PunchSource,
      at: iso(Number(r.at)),
      workDate: r.work_date,
      localTime: r.local_time,
      zone: r.zone as Zone,
      employee: {
        id: r.employee_id,
        name: r.name,
        nip: r.nip,
        internalId: r.internal_id,
        unitId: r.unit_id,
        unitName: unitName.get(r.unit_id) ?? '',
      },
      position:
        r.lat === null || r.lon === null || r.accuracy === null
          ? null
          : { lat: r.lat, lon: r.lon, accuracy: r.accuracy },
      site: { id: r.location_id, name: r.location_name, distanceM: r.distance_m },
      flags: JSON.parse(r.flags) as string[],
      photoUrl: photos.has(r.id) ? `/api/v1/check-ins/${r.id}/photo` : null,
      evidence: {
        timeSource: r.time_source ?? 'device_clock',
        capturedAt: iso(Number(r.captured_at)),
        anchorTime: r.anchor_time === null ? null : iso(Number(r.anchor_time)),
        receivedAt: iso(Number(r.received_at)),
        delayMs: Number(r.received_at) - Number(r.at),
        contactAt: r.contact_at === null ? null : iso(Number(r.contact_at)),
      },
      review,
    })),
  };
}

/** How many punches wait for a decision in a scope's default period (the inbox badge). */
export async function pendingCount(deps: ReviewDeps, caller: Caller, unitId?: number): Promise<number> {
  return (await reviewQueue(deps, caller, { unitId, page: 1, pageSize: 1 })).total;
}

export interface DecisionBody {
  decision: 'accept' | 'reject';
  reason?: string | undefined;
}

/** A decision as answered: the punch's standing now and every decision so far. */
export interface DecisionAnswer {
  punchId: string;
  review: PunchReviewView;
  history: { decision: PunchReview['decision']; by: string; reason: string; decidedAt: string }[];
}

/**
 * Decides on a punch in the caller's scope: accepted counts it, rejected never counts
 * it. A reason is required (400 reason_required); a punch the fence did not judge outside
 * needs no review (409 punch_not_reviewable); repeating the decision in force changes
 * nothing (409 review_unchanged). Written with its audit entry (`punch.accepted`,
 * `punch.rejected`), the decision before and after.
 */
export async function decideReview(
  deps: ReviewDeps,
  caller: Caller,
  punchId: string,
  body: DecisionBody,
): Promise<DecisionAnswer> {
  const { db } = deps;
  const id = punchId.toLowerCase();
  const owner = await authorize(db, caller.claims, { kind: 'punch', id });
  const reason = body.reason?.trim() ?? '';
  if (reason === '')
    throw new AppError('reason_required', { details: [{ field: '/reason', reason: 'required' }] });
  const punch = await getPunch(db, id);
  if (!punch) throw new AppError('not_found');
  const facts = factsOf(punch);
  if (!isReviewable(facts)) throw new AppError('punch_not_reviewable');
  const decision: PunchReview['decision'] = body.decision === 'accept' ? 'accepted' : 'rejected';
  const now = deps.now();
  await audited(db, byCaller(caller), now, async (tx) => {
    const current = (await reviewsOfPunch(tx, id)).at(-1);
    if (current?.decision === decision) throw new AppError('review_unchanged');
    await insertReview(tx, { punchId: id, decision, reason, decidedBy: caller.claims.sub, decidedAt: now });
    return {
      value: undefined,
      action: `punch.${decision}`,
      target: `punch:${id}`,
      detail: {
        employeeId: owner.employeeId,
        workDate: punch.work_date,
        kind: punch.kind,
        localTime: punch.local_time,
        distanceM: punch.distance_m,
        reason,
      },
      before: current ? { decision: current.decision, reason: current.reason } : { decision: null },
      after: { decision, reason },
    };
  });
  const history = await reviewsOfPunch(db, id);
  const latest = history.at(-1)!;
  return {
    punchId: id,
    review: reviewView(facts, latest, null)!,
    history: history.map((h) => ({
      decision: h.decision,
      by: h.by,
      reason: h.reason,
      decidedAt: iso(h.at),
    })),
  };
}
