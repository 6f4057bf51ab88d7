/**
 * Punch rows made outside the check-in path: the demo month, the recap benchmark and
 * tests write plausible app punches straight into the event log with this.
 */
import { createHash } from 'node:crypto';
import type { PunchKind, Zone } from '../../../core/model.js';
import { localParts } from '../../../core/time.js';
import type { NewPunchRow } from '../../platform/db/schema.js';

/**
 * An app punch at instant `at`, judged inside the fence, dated in `zone`. The id is
 * given (a UUIDv7 in real life); the request hash is derived from it.
 */
export function syntheticPunch(
  id: string,
  employeeId: number,
  kind: PunchKind,
  at: number,
  zone: Zone,
  over: Partial<NewPunchRow> = {},
): NewPunchRow {
  const local = localParts(at, zone);
  return {
    id,
    employee_id: employeeId,
    kind,
    source: 'app',
    captured_at: at,
    received_at: at + 1500,
    lat: -6.2,
    lon: 106.8,
    accuracy: 10,
    request_hash: createHash('sha256').update(id).digest('hex'),
    work_date: local.date,
    zone,
    local_time: local.time,
    fence_status: 'inside',
    location_id: null,
    location_name: null,
    distance_m: 0,
    by_accuracy: 0,
    window: 'ok',
    late_minutes: 0,
    early_minutes: 0,
    scheduled_start: null,
    scheduled_end: null,
    flags: '[]',
    time_of_record: at,
    time_source: 'server',
    anchor_time: null,
    elapsed_ms: null,
    device_id: null,
    photo_sha256: null,
    photo_bytes: null,
    terminal_id: null,
    ...over,
  };
}
