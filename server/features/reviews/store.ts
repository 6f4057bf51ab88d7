/**
 * Review decisions on punches (migration 0022 punch_reviews): append-only, one row per
 * decision; a punch's latest row (greatest decided_at, then id) is the decision in force.
 * Rows ↔ core/attendance PunchReview live here, with the reviewer named as the ledger and
 * the exports name them: the account's employee name, else its username.
 */
import type { Kysely } from 'kysely';
import type { PunchReview } from '../../../core/attendance/types.js';
import type { Database } from '../../platform/db/schema.js';

/** A stored decision, with the reviewer's account and label. */
export interface StoredReview extends PunchReview {
  id: number;
  punchId: string;
  decidedBy: number;
}

export interface NewReview {
  punchId: string;
  decision: PunchReview['decision'];
  reason: string;
  decidedBy: number;
  decidedAt: number;
}

/** Appends a decision; returns its id. */
export async function insertReview(db: Kysely<Database>, r: NewReview): Promise<number> {
  const row = await db
    .insertInto('punch_reviews')
    .values({
      punch_id: r.punchId,
      decision: r.decision,
      reason: r.reason,
      decided_by: r.decidedBy,
      decided_at: r.decidedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Decisions with their reviewer's label, oldest first (so the last of a punch is in force). */
function reviewsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('punch_reviews')
    .innerJoin('accounts', 'accounts.id', 'punch_reviews.decided_by')
    .leftJoin('employees', 'employees.id', 'accounts.employee_id')
    .select([
      'punch_reviews.id as id',
      'punch_reviews.punch_id as punch_id',
      'punch_reviews.decision as decision',
      'punch_reviews.reason as reason',
      'punch_reviews.decided_by as decided_by',
      'punch_reviews.decided_at as decided_at',
      'accounts.username as username',
      'employees.name as employee_name',
    ])
    .orderBy('punch_reviews.decided_at')
    .orderBy('punch_reviews.id');
}

type ReviewRow = Awaited<ReturnType<ReturnType<typeof reviewsQuery>['execute']>>[number];

function toReview(r: ReviewRow): StoredReview {
  return {
    id: Number(r.id),
    punchId: r.punch_id,
    decision: r.decision as PunchReview['decision'],
    reason: r.reason,
    decidedBy: r.decided_by,
    at: Number(r.decided_at),
    by: r.employee_name ?? r.username,
  };
}

/** The latest decision per punch among `rows` (sorted oldest first). */
function latest(rows: readonly ReviewRow[]): Map<string, StoredReview> {
  const out = new Map<string, StoredReview>();
  for (const r of rows) out.set(r.punch_id, toReview(r));
  return out;
}

/** Every decision on one punch, oldest first. */
export async function reviewsOfPunch(db: Kysely<Database>, punchId: string): Promise<StoredReview[]> {
  return (await reviewsQuery(db).where('punch_reviews.punch_id', '=', punchId).execute()).map(toReview);
}

/** The decision in force on each of `punchIds` that has one. */
export async function latestReviews(
  db: Kysely<Database>,
  punchIds: readonly string[],
): Promise<Map<string, StoredReview>> {
  if (punchIds.length === 0) return new Map();
  const rows: ReviewRow[] = [];
  for (let i = 0; i < punchIds.length; i += 1000) {
    rows.push(
      ...(await reviewsQuery(db)
        .where('punch_reviews.punch_id', 'in', punchIds.slice(i, i + 1000))
        .execute()),
    );
  }
  rows.sort((a, b) => Number(a.decided_at) - Number(b.decided_at) || Number(a.id) - Number(b.id));
  return latest(rows);
}

/**
 * The decision in force on each punch with a work date in [from, to] of the scope (by
 * employees, or by the employees of units): one query that reads only reviewed punches,
 * so a month of a large regency costs what its few decisions cost.
 */
export async function latestReviewsOfPeriod(
  db: Kysely<Database>,
  scope: { employeeIds?: readonly number[]; unitIds?: readonly number[] },
  from: string,
  to: string,
): Promise<Map<string, StoredReview>> {
  if (scope.employeeIds?.length === 0 || scope.unitIds?.length === 0) return new Map();
  let q = reviewsQuery(db)
    .innerJoin('punches', 'punches.id', 'punch_reviews.punch_id')
    .where('punches.work_date', '>=', from)
    .where('punches.work_date', '<=', to);
  if (scope.employeeIds) q = q.where('punches.employee_id', 'in', [...scope.employeeIds]);
  if (scope.unitIds) {
    const units = [...scope.unitIds];
    q = q.where('punches.employee_id', 'in', (eb) =>
      eb.selectFrom('employees as e').select('e.id').where('e.unit_id', 'in', units),
    );
  }
  return latest(await q.execute());
}
