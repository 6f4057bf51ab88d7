/**
 * The rule-set versions of each organisation, in memory, for the check-in path: the
 * phone's answer says whether a punch outside the fence or of doubtful time waits for an
 * admin, which depends on the version in force (core/attendance/review.ts). Read once
 * per organisation, then from memory: at the 07:00 peak a third of the presses may be
 * outside a fence, and each used to read `rule_sets` again.
 *
 * Staleness: this process drops its copy itself when it adds a version (rules/service.ts
 * `ruleSetAdded`); a version added anywhere else reaches it through the change feed
 * (topic `rules`, migration 0025), and a reset of the feed drops everything. A read in
 * flight when its organisation's versions change is not kept.
 */
import type { Kysely } from 'kysely';
import type { RuleSet } from '../../../core/attendance/types.js';
import type { ChangeFeed } from '../../platform/changes/feed.js';
import type { Database } from '../../platform/db/schema.js';
import { listRuleSets } from './store.js';

export class RuleSetCache {
  readonly #db: Kysely<Database>;
  readonly #entries = new Map<number, readonly RuleSet[] | Promise<readonly RuleSet[]>>();
  readonly #unsubscribe: () => void;

  constructor(db: Kysely<Database>, feed: Pick<ChangeFeed, 'subscribe'>) {
    this.#db = db;
    this.#unsubscribe = feed.subscribe(['rules'], (cs) => {
      if (cs.all('rules')) this.#entries.clear();
      else for (const key of cs.keys('rules')) this.#entries.delete(Number(key));
    });
  }

  /** The organisation's versions, oldest first: from memory, or a promise of them. */
  get(organisationId: number): readonly RuleSet[] | Promise<readonly RuleSet[]> {
    const hit = this.#entries.get(organisationId);
    if (hit) return hit;
    const read = listRuleSets(this.#db, organisationId).then((stored) => {
      const versions = stored.map((s) => s.rules);
      // Keep it only if nothing dropped the entry while it was read.
      if (this.#entries.get(organisationId) === read) this.#entries.set(organisationId, versions);
      return versions;
    });
    this.#entries.set(organisationId, read);
    read.catch(() => {
      if (this.#entries.get(organisationId) === read) this.#entries.delete(organisationId);
    });
    return read;
  }

  /** Forgets the organisation's versions (this process added one). */
  drop(organisationId: number): void {
    this.#entries.delete(organisationId);
  }

  close(): void {
    this.#unsubscribe();
  }
}
