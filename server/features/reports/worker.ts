/**
 * A report worker thread: opens a database handle of its own (the options the server's
 * handle was opened with) and carries out report jobs one at a time, so reading a
 * month of events and building a PDF never hold the event loop that answers check-ins.
 * On SQLite, WAL lets it read while the server writes; on PostgreSQL it holds at most
 * two connections of its own, and one more for its change feed (LISTEN).
 */
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
// This thread's own change feed, for the TK count of closed months it keeps (tk-cache.ts).
// Without it (the log cannot be read) jobs count from the events, as before.
const feed: Promise<ChangeFeed | null> = ChangeFeed.open(handle, { pollMs: data.pollMs }).then(
  (f) => {
    TkCache.attach(handle.db, f);
    return f;
  },
  () => null,
);

port.on('message', (m: JobRequest | 'close') => {
  if (m === 'close') {
    feed
      .then((f) => f?.close())
      .then(() => handle.close())
      .then(
        () => port.close(),
        () => port.close(),
      );
    return;
  }
  const job = REPORT_JOBS[m.name] as (db: typeof handle.db, a: unknown) => Promise<unknown>;
  feed
    .then(() => job(handle.db, m.args))
    .then(
      (value) => port.postMessage({ id: m.id, ok: true, value } satisfies JobReply),
      (err: unknown) => port.postMessage({ id: m.id, ok: false, error: errorOf(err) } satisfies JobReply),
    );
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
