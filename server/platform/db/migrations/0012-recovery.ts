/**
 * The hour after an outage (issue 11): what a punch records about the uncertainty of its
 * anchored time, and what a session records so that a refresh whose answer was lost can
 * be repeated once.
 *
 * `punches.time_uncertainty_ms`: half the round trip of the answer that brought the
 * anchor, plus the monotonic drift since, as the phone declared it. Nullable like the
 * columns of 0003: older phones do not send it and old rows keep null.
 *
 * `sessions.successor_id`: the session a refresh replaced this one with (null when the
 * session ended by sign-out, password change or expiry). `sessions.grace_used_at`: when
 * the refresh token of this ended session was accepted again within the grace period;
 * it is accepted at most once.
 */
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

async function up(db: Db): Promise<void> {
  await db.schema.alterTable('punches').addColumn('time_uncertainty_ms', 'bigint').execute();
  await db.schema.alterTable('sessions').addColumn('successor_id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('grace_used_at', 'bigint').execute();
}

async function down(db: Db): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('grace_used_at').execute();
  await db.schema.alterTable('sessions').dropColumn('successor_id').execute();
  await db.schema.alterTable('punches').dropColumn('time_uncertainty_ms').execute();
}

export const recovery: Migration = { up, down };
