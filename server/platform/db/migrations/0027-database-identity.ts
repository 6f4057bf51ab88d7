/**
 * One random token per database, made here. The report worker saves its kept TK counts
 * to a file in the data directory (features/reports/tk-cache.ts); a file made on another
 * database (a data directory reused for a new one, or a database switched) must never be
 * taken for this one's, so the file names the token and is ignored when it differs.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

export const databaseIdentity: Migration = {
  up: async (db: Db) => {
    await db.schema
      .createTable('database_identity')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('token', 'text', (c) => c.notNull())
      .addCheckConstraint('database_identity_single_row', sql`id = 1`)
      .execute();
    await sql`insert into database_identity (id, token) values (1, ${randomUUID()})`.execute(db);
  },
  down: async (db: Db) => {
    await db.schema.dropTable('database_identity').execute();
  },
};
