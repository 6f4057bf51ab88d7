/**
 * Sign-outs and password resets reach every server process: an index lets each process
 * ask cheaply "which sessions were revoked since I last looked", and on PostgreSQL a
 * trigger sends NOTIFY hadir_sessions with the session id, so other nodes refuse the
 * session's access tokens at once rather than at their next poll.
 */
import { PostgresAdapter, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

async function up(db: Db): Promise<void> {
  await db.schema.createIndex('sessions_revoked_at_idx').on('sessions').column('revoked_at').execute();
  if (isPostgres(db)) {
    await sql`
      create function session_revoked() returns trigger language plpgsql as $$
      begin
        if new.revoked_at is not null and old.revoked_at is null then
          perform pg_notify('hadir_sessions', new.id);
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger sessions_revoked after update on sessions
      for each row execute function session_revoked()`.execute(db);
  }
}

async function down(db: Db): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger sessions_revoked on sessions`.execute(db);
    await sql`drop function session_revoked()`.execute(db);
  }
  await db.schema.dropIndex('sessions_revoked_at_idx').execute();
}

export const sessionRevocations: Migration = { up, down };
