/**
 * Failures that pass — the database down or restarting, connections cut, the disk full —
 * answer 503 with Retry-After, so phones keep the check-in and resend it, never a 500 that
 * reads as a refusal (issue 14 item 6). `npm run test:crash` shows it end to end with
 * PostgreSQL stopped under load and SQLite on a full disk; here, the classification.
 */
import { describe, expect, it } from 'vitest';
import { unavailableCause } from './errors.js';

const err = (code: string | undefined, message = 'x') => Object.assign(new Error(message), { code });

describe('unavailableCause', () => {
  it('reads a full disk as storage_full, whoever hit it', () => {
    expect(unavailableCause(err('SQLITE_FULL', 'database or disk is full'))).toBe('storage_full');
    expect(unavailableCause(err('ENOSPC', 'no space left on device'))).toBe('storage_full');
    expect(unavailableCause(err('EDQUOT'))).toBe('storage_full');
  });

  it('reads an unreachable or restarting database as database_unavailable', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '53300', '08006', 'SQLITE_BUSY']) {
      expect(unavailableCause(err(code)), code).toBe('database_unavailable');
    }
    expect(unavailableCause(err('SQLITE_IOERR_WRITE', 'disk I/O error'))).toBe('database_unavailable');
    expect(unavailableCause(err('SQLITE_IOERR_FSYNC', 'I/O error'))).toBe('database_unavailable');
    expect(unavailableCause(new Error('Connection terminated unexpectedly'))).toBe('database_unavailable');
    expect(unavailableCause(new Error('timeout exceeded when trying to connect'))).toBe(
      'database_unavailable',
    );
  });

  it('leaves every other failure alone: bugs stay 500, refused data stays a refusal', () => {
    expect(unavailableCause(err('23505', 'duplicate key'))).toBeNull();
    expect(unavailableCause(err('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(unavailableCause(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(unavailableCause('ECONNREFUSED')).toBeNull();
    expect(unavailableCause(null)).toBeNull();
  });
});
