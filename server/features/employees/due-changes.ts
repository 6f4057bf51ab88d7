/**
 * Moves and deactivations dated in the future take effect on their day: a timer in each
 * server process applies what has come due (placements.store.ts applyDueChanges) and
 * re-derives the moved people's sites. Idempotent, so several processes may all run it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { syncSiteLinks } from '../sites/links.js';
import { todayOf } from '../units/dates.js';
import { applyDueChanges } from './placements.store.js';

/** Applies what is due on today's date; returns how many employees changed. */
export async function runDueChanges(db: Kysely<Database>, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const r = await applyDueChanges(trx, todayOf(now));
    await syncSiteLinks(trx, r.moved);
    return r.moved.length + r.deactivated.length;
  });
}

/** Runs {@link runDueChanges} now and every `intervalMs`; returns a function that stops it. */
export async function watchDueChanges(
  db: Kysely<Database>,
  now: () => number,
  changed: () => void,
  intervalMs = 60_000,
): Promise<() => void> {
  const tick = async () => {
    if ((await runDueChanges(db, now())) > 0) changed();
  };
  await tick();
  const timer = setInterval(() => void tick().catch(() => undefined), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
