/**
 * Rule-set versions reach every process's memory through the change feed (0013): topic
 * `rules`, key the organisation id. The check-in path reads the version in force from
 * memory (features/rules/cache.ts) to tell the phone whether a punch outside the fence
 * or of doubtful time waits for review; before this it read `rule_sets` per such press.
 * `rule_sets` is append-only (0005), so only the insert trigger ever fires.
 */
import type { Kysely, Migration } from 'kysely';
import { logChangesOf, stopLoggingChangesOf } from './0013-change-feed.js';
import type { ChangeSource } from './0013-change-feed.js';

type Db = Kysely<unknown>;

const SOURCE: ChangeSource = { table: 'rule_sets', topic: 'rules', column: 'organisation_id' };

export const ruleSetChanges: Migration = {
  up: (db: Db) => logChangesOf(db, SOURCE),
  down: (db: Db) => stopLoggingChangesOf(db, SOURCE),
};
