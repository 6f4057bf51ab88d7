/**
 * PostgreSQL behind the storage interface. A process holds at most three kinds of
 * connections: the Kysely pool (`poolMax`, 10 by default), the bulk inserter's own pool
 * (its `concurrency`, 4 for the punch writer) and one LISTEN connection for the change
 * feed — 15 at most.
 *
 * Durability: `synchronous_commit = on`, whatever the server's default, so an
 * acknowledged check-in survives a crash of the database machine, not only of this
 * process. A direct connection sets it as a startup option. Through PgBouncer in
 * transaction mode (`pooler: 'transaction'`) there are no startup options, no named
 * prepared statements and no session state: the bulk inserter sets it with SET LOCAL in
 * each batch's transaction, `verify()` refuses a server whose default is `off`, and LISTEN
 * goes over `directUrl` (or, without one, the change feed polls).
 */
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { BulkInserter, BulkInsertSpec, DbHandle, OpenOptions, Unlisten } from './engine.js';
import type { Database } from './schema.js';

const PG_INT8_OID = 20;

/**
 * int8 (bigint, and `count(*)`) as a JS number. Instants are epoch milliseconds, safe
 * far beyond any real date (2^53 ms is year 287396); a value beyond that is a bug, so it
 * fails loudly instead of silently losing precision.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond 2^53`);
  return n;
}

/**
 * Type parsers for this pool only: the global `pg.types` table is left alone, so other
 * code in the same process (tests, tools) sees pg's defaults.
 */
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
    oid === PG_INT8_OID && format !== 'binary'
      ? parseInt8
      : (pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown),
};

const SYNC_ON = '-c synchronous_commit=on';

function pool(url: string, max: number, pooled: boolean): pg.Pool {
  const p = new pg.Pool({
    connectionString: url,
    max,
    types: pgTypes,
    ...(pooled ? {} : { options: SYNC_ON }),
  });
  // An idle connection that the server ends (restart, failover, an operator's
  // pg_terminate_backend) is dropped by the pool and replaced on next use; without a
  // listener its error would crash the process.
  p.on('error', () => undefined);
  // The pool listens only to idle connections: one checked out (a transaction between two
  // statements, a query about to start) that the server ends — PostgreSQL stopped or
  // restarted under load — emitted 'error' with no listener and crashed the process. Its
  // statement fails by itself (answered 503 database_unavailable) and the pool drops it.
  p.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return p;
}

/**
 * Through a pooler the session default cannot be pinned, so a server (or database, or
 * role) whose `synchronous_commit` is off is refused: its commits could be lost in a crash.
 */
async function refuseAsyncCommit(db: Kysely<Database>): Promise<void> {
  const r = await db.executeQuery<{ v: string }>(
    CompiledQuery.raw(`select current_setting('synchronous_commit') as v`),
  );
  if (r.rows[0]?.v === 'off') {
    throw new Error(
      'synchronous_commit is off on the PostgreSQL server behind the pooler; set it on ' +
        '(ALTER DATABASE … SET synchronous_commit = on) so acknowledged writes survive a crash',
    );
  }
}

/**
 * One INSERT … SELECT FROM unnest($1::text[], $2::int4[], …) ON CONFLICT DO NOTHING
 * RETURNING key per batch — one column array per parameter, so the statement text is the
 * same for every batch size and is prepared once per connection; one statement is one
 * commit. Its own small pool lets several batches commit at once while the next one
 * gathers (PostgreSQL groups their WAL flushes). Through a pooler: an unnamed statement
 * inside BEGIN; SET LOCAL synchronous_commit = on; … COMMIT.
 */
function bulkInserter<Row extends object>(
  url: string,
  pooled: boolean,
  spec: BulkInsertSpec<Row>,
): BulkInserter<Row> {
  const cols = spec.columns;
  const a = spec.announce;
  const insertText =
    `insert into ${spec.table} (${cols.map((c) => `"${c}"`).join(', ')}) ` +
    `select * from unnest(${cols.map((c, i) => `$${i + 1}::${spec.pgTypes[c]}[]`).join(', ')}) ` +
    `on conflict ("${spec.key}") do nothing`;
  // Announced rows are logged by the same statement (a data-modifying CTE), so they
  // commit with the batch; a batch with none logs nothing.
  const text = a
    ? `with ins as (${insertText} returning "${spec.key}", "${a.keyColumn}", "${a.dateColumn}"), ` +
      `logged as (insert into change_log (topic, key) select distinct '${a.topic}', "${a.keyColumn}"::text ` +
      `from ins where "${a.dateColumn}" <= $${cols.length + 1}::text) ` +
      `select "${spec.key}" as key from ins`
    : `${insertText} returning "${spec.key}" as key`;
  const valuesOf = (rows: readonly Row[]): unknown[] => {
    const values: unknown[] = cols.map((c) => rows.map((r) => r[c] ?? null));
    if (a) values.push(a.through());
    return values;
  };
  const p = pool(url, spec.concurrency, pooled);
  const keys = (res: pg.QueryResult<{ key: string }>): Set<string> => new Set(res.rows.map((r) => r.key));
  const insert = pooled
    ? async (rows: readonly Row[]): Promise<Set<string>> => {
        const values = valuesOf(rows);
        const client = await p.connect();
        try {
          await client.query('begin; set local synchronous_commit = on');
          const res = await client.query<{ key: string }>(text, values);
          await client.query('commit');
          return keys(res);
        } catch (err) {
          await client.query('rollback').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      }
    : async (rows: readonly Row[]): Promise<Set<string>> => {
        const values = valuesOf(rows);
        return keys(await p.query<{ key: string }>({ name: spec.statementName, text, values }));
      };
  return { insert, concurrency: spec.concurrency, close: () => p.end() };
}

const CHANNEL_RE = /^[a-z_][a-z0-9_]{0,62}$/;

async function listen(url: string, channel: string, fn: (payload: string) => void): Promise<Unlisten> {
  if (!CHANNEL_RE.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  // Until it is back (PostgreSQL may be down for a while): try again every second.
  const retry = (): void => {
    if (stopped) return;
    setTimeout(() => {
      if (!stopped) void connect().then(() => fn(''), retry);
    }, 1000).unref();
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel) fn(n.payload ?? '');
    });
    c.on('error', () => {
      // The connection broke: reconnect after a pause and assume something was missed.
      void c.end().catch(() => undefined);
      // Only the live connection retries; a failed attempt retries through its rejection.
      if (client === c) {
        client = null;
        retry();
      }
    });
    await c.connect();
    await c.query(`listen ${channel}`);
    client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `PostgreSQL (${u.host}${u.pathname})`;
  } catch {
    return 'PostgreSQL';
  }
}

export function openPostgres(url: string, opts: OpenOptions): DbHandle {
  const pooled = opts.pooler === 'transaction';
  const directUrl = opts.directUrl ?? (pooled ? null : url);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: pool(url, opts.poolMax ?? 10, pooled) }),
  });
  return {
    db,
    engine: 'postgres',
    label: describe(url),
    pushes: directUrl !== null,
    options: opts,
    // A direct connection pins synchronous_commit itself; through a pooler, check the default.
    verify: () => (pooled ? refuseAsyncCommit(db) : Promise.resolve()),
    bulkInserter: (spec) => bulkInserter(url, pooled, spec),
    listen:
      directUrl === null
        ? () => Promise.resolve(() => Promise.resolve())
        : (ch, fn) => listen(directUrl, ch, fn),
    // Kysely's PostgreSQL driver ends the pool on destroy.
    close: () => db.destroy(),
  };
}
