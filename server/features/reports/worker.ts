/**
 * A report worker thread: opens a database handle of its own (the options the server's
 * handle was opened with) and carries out report jobs one at a time, so reading a
 * month of events and building a PDF never hold the event loop that answers check-ins.
 * On SQLite, WAL lets it read while the server writes; on PostgreSQL it holds at most
 * two connections of its own, and one more for its change feed (LISTEN).
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../core/errors.js';
import { openDatabase } from '../../platform/db/engine.js';
import type { OpenOptions } from '../../platform/db/engine.js';
import { ChangeFeed } from '../../platform/changes/feed.js';
import { REPORT_JOBS } from './jobs.js';
import { TkCache } from './tk-cache.js';
import type { JobError, JobReply, JobRequest } from './runner.js';

const port = parentPort;
if (!port) throw new Error('the report worker runs as a worker thread');

const data = workerData as { options: OpenOptions; pollMs: number };
const handle = openDatabase({ ...data.options, poolMax: 2 });
// This thread's own change feed, for the TK count of closed months it keeps (tk-cache.ts),
// saved in the data directory across restarts. Without a feed (the log cannot be read)
// jobs count from the events, as before.
const keptFile = join(data.options.dataDir, 'tk-months.bin');
let cache: TkCache | null = null;
const feed: Promise<ChangeFeed | null> = ChangeFeed.open(handle, { pollMs: data.pollMs }).then(
  async (f) => {
    const c = TkCache.attach(handle.db, f);
    cache = c;
    // A file that cannot be replayed is ignored; a database error here leaves the cache empty.
    await c.restore(keptFile).catch(() => undefined);
    return f;
  },
  () => null,
);

/** Saves what is kept when it grew and a minute has passed since the last save (or at once). */
let saving: Promise<void> = Promise.resolve();
let savedAt = 0;
let savedKept = 0;
function saveKept(now: boolean): Promise<void> {
  const c = cache;
  if (!c || c.stats.kept === savedKept || (!now && Date.now() - savedAt < 60_000)) return saving;
  savedKept = c.stats.kept;
  savedAt = Date.now();
  // A failed save (a full disk) costs only the next start's first count, never a job.
  saving = saving.then(() => c.save(keptFile)).catch(() => undefined);
  return saving;
}

port.on('message', (m: JobRequest | 'close') => {
  if (m === 'close') {
    feed
      .then(() => saveKept(true))
      .then(() => feed)
      .then((f) => f?.close())
      .then(() => handle.close())
      .then(
        () => port.close(),
        () => port.close(),
      );
    return;
  }
  const job = REPORT_JOBS[m.name] as (db: typeof handle.db, a: unknown) => Promise<unknown>;
  void feed
    .then(() => job(handle.db, m.args))
    .then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies JobReply),
      (err: unknown) => port.postMessage({ id: m.id, ok: false, error: errorOf(err) } satisfies JobReply),
    )
    // saveKept never rejects (a failed save is caught inside).
    .then(() => saveKept(false));
});

/** An error as plain data: an AppError keeps its code and details, anything else its message. */
function errorOf(err: unknown): JobError {
  if (err instanceof AppError) {
    return {
      code: err.code,
      ...(err.details && { details: err.details }),
      ...(err.retryAfter !== undefined && { retryAfter: err.retryAfter }),
    };
  }
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}
