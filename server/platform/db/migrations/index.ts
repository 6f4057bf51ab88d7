/**
 * Every migration, by name, in order. A static object rather than a folder scan, so it
 * works the same from the TypeScript sources (tests) and the compiled dist/ (server).
 * Names sort in the order they apply; never rename or edit one that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { init } from './0001-init.js';
import { directoryVersion } from './0002-directory-version.js';
import { capture } from './0003-capture.js';
import { photos } from './0004-photos.js';
import { attendanceRules } from './0005-attendance-rules.js';
import { sessionRevocations } from './0006-session-revocations.js';
import { directoryRules } from './0007-directory-rules.js';
import { onboarding } from './0008-onboarding.js';
import { activation } from './0009-activation.js';
import { punchSources } from './0010-punch-sources.js';
import { machines } from './0011-machines.js';
import { recovery } from './0012-recovery.js';
import { changeFeed } from './0013-change-feed.js';
import { auditChain } from './0014-audit-chain.js';
import { attendanceStart } from './0016-attendance-start.js';
import { auditRequest } from './0018-audit-request.js';
import { punchReviews } from './0022-punch-reviews.js';
import { sessionChain } from './0023-session-chain.js';
import { punchTimeCause } from './0024-punch-time-cause.js';
import { ruleSetChanges } from './0025-rule-set-changes.js';
import { attendanceChanges } from './0026-attendance-changes.js';
import { databaseIdentity } from './0027-database-identity.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-init': init,
  '0002-directory-version': directoryVersion,
  '0003-capture': capture,
  '0004-photos': photos,
  '0005-attendance-rules': attendanceRules,
  '0006-session-revocations': sessionRevocations,
  '0007-directory-rules': directoryRules,
  '0008-onboarding': onboarding,
  '0009-activation': activation,
  '0010-punch-sources': punchSources,
  '0011-machines': machines,
  '0012-recovery': recovery,
  '0013-change-feed': changeFeed,
  '0014-audit-chain': auditChain,
  '0016-attendance-start': attendanceStart,
  '0018-audit-request': auditRequest,
  '0022-punch-reviews': punchReviews,
  '0023-session-chain': sessionChain,
  '0024-punch-time-cause': punchTimeCause,
  '0025-rule-set-changes': ruleSetChanges,
  '0026-attendance-changes': attendanceChanges,
  '0027-database-identity': databaseIdentity,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
