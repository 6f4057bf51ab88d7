/**
 * After a run: is every acknowledged check-in stored, and stored once? The primary key
 * makes a second row with the same id impossible, so "once" is checked where it could
 * still go wrong: one punch per employee in the burst (a retry must reuse its id), and
 * acknowledged ids counted against the table.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../server/platform/db/schema.js';

export interface Verification {
  ok: boolean;
  acknowledged: number;
  distinctAcknowledged: number;
  acknowledgedAndStored: number;
  missing: number;
  totalStored: number;
  /** Burst only: employees with more than one punch (should be 0). */
  employeesWithDuplicates?: number;
  /** Burst only: employees expected to have exactly one punch. */
  expectedEmployees?: number;
}

export async function verifyStored(
  db: Kysely<Database>,
  acked: readonly string[],
  onePerEmployee?: number,
): Promise<Verification> {
  const distinct = [...new Set(acked)];
  let found = 0;
  for (let i = 0; i < distinct.length; i += 5000) {
    const chunk = distinct.slice(i, i + 5000);
    const r = await db
      .selectFrom('punches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', chunk)
      .executeTakeFirstOrThrow();
    found += Number(r.n);
  }
  const total = Number(
    (
      await db
        .selectFrom('punches')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const v: Verification = {
    // A run that acknowledged nothing proves nothing.
    ok: distinct.length > 0 && found === distinct.length,
    acknowledged: acked.length,
    distinctAcknowledged: distinct.length,
    acknowledgedAndStored: found,
    missing: distinct.length - found,
    totalStored: total,
  };
  if (onePerEmployee !== undefined) {
    const dup = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('punches')
          .select('employee_id')
          .groupBy('employee_id')
          .having((e) => e.fn.countAll(), '>', 1)
          .as('d'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    v.employeesWithDuplicates = Number(dup.n);
    v.expectedEmployees = onePerEmployee;
    v.ok = v.ok && v.employeesWithDuplicates === 0 && total === onePerEmployee;
  }
  return v;
}

function adminUrl(): string {
  return (
    process.env['BENCH_DATABASE_URL'] ??
    process.env['HADIR_TEST_DATABASE_URL'] ??
    'postgres://postgres@127.0.0.1:5432/test'
  );
}

/** Creates a fresh PostgreSQL database for one run and returns its URL. */
export async function createBenchDatabase(): Promise<string> {
  const name = `hadir_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(`create database ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(adminUrl());
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropBenchDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^hadir_(bench|crash)_[0-9a-f]+$/.test(name)) throw new Error(`refusing to drop ${name}`);
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(`drop database if exists ${name} with (force)`);
  } finally {
    await c.end();
  }
}
