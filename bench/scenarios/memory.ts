/**
 * What the check-in path keeps in memory per employee known: the directory (employee and
 * verdict context), the device keys, the last punches kept for the location flags, and
 * the device contacts. Each is built for the seeded regency in this process and weighed
 * as the growth of the V8 heap (after a full collection) plus the memory outside it
 * (Buffers), divided by the number of employees. The punches noted are plausible: four
 * per employee on four dates, UUIDv7 ids, as after two working days.
 */
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { uuidV7 } from '../../core/uuid.js';
import { ChangeFeed } from '../../server/platform/changes/feed.js';
import { Directory } from '../../server/features/check-ins/directory.js';
import { DeviceCache } from '../../server/features/devices/cache.js';
import {
  RECENT_PER_EMPLOYEE,
  RecentPunches,
  recentPunch,
} from '../../server/features/check-ins/location-flags.js';
import { DeviceContacts } from '../../server/features/check-ins/contacts.js';
import { SILENT_LOG } from '../../server/platform/log.js';
import { prepare, type Engine } from '../prepare.js';

export interface MemoryOptions {
  engine: Engine;
  employees: number;
  log: (msg: string) => void;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function used(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  // `external` includes the ArrayBuffers (and so the Buffers).
  return m.heapUsed + m.external;
}

export async function memory(opts: MemoryOptions): Promise<Record<string, unknown>> {
  const p = await prepare({
    engine: opts.engine,
    employees: opts.employees,
    sqliteSync: 'full',
    log: opts.log,
  });
  const handle = p.open();
  const n = p.seed.count;
  const perEmployee = (bytes: number) => Math.round(bytes / n);
  try {
    const feed = await ChangeFeed.open(handle, { pollMs: 0 });
    const base = used();
    const directory = await Directory.open(handle, { feed });
    const afterDirectory = used();
    const devices = await DeviceCache.open(handle, feed);
    const afterDevices = used();
    const recent = new RecentPunches();
    const day = 86_400_000;
    const start = Date.parse('2026-12-07T00:30:00Z');
    for (let k = 0; k < RECENT_PER_EMPLOYEE; k++) {
      const at = start + k * day;
      const workDate = new Date(at + 7 * 3_600_000).toISOString().slice(0, 10);
      for (let i = 0; i < n; i++) {
        const o = p.seed.officeOf(i);
        recent.note(
          p.seed.firstEmployeeId + i,
          recentPunch({
            id: uuidV7(at + i, randomBytes(10)),
            at: at + i,
            workDate,
            lat: o.lat + (i % 97) * 1e-6,
            lon: o.lon - (i % 89) * 1e-6,
            accuracy: 5 + (i % 20),
          }),
        );
      }
    }
    const afterRecent = used();
    const contacts = new DeviceContacts(handle.db, SILENT_LOG);
    for (let i = 0; i < n; i++)
      contacts.note(p.seed.firstEmployeeId + i, p.seed.deviceOf(i).id, start + i, true);
    const afterContacts = used();
    const doc = {
      scenario: 'memory',
      engine: opts.engine,
      employees: n,
      directoryEntries: directory.size,
      devices: devices.size,
      recentPerEmployee: RECENT_PER_EMPLOYEE,
      bytesPerEmployee: {
        directory: perEmployee(afterDirectory - base),
        devices: perEmployee(afterDevices - afterDirectory),
        recentPunches: perEmployee(afterRecent - afterDevices),
        contacts: perEmployee(afterContacts - afterRecent),
        total: perEmployee(afterContacts - base),
      },
      mibPerMillion: Math.round((((afterContacts - base) / n) * 1e6) / 2 ** 20),
    };
    // Keep every structure alive until it was weighed.
    void [directory, devices, recent, contacts].length;
    await directory.close();
    await devices.close();
    await feed.close();
    return doc;
  } finally {
    await handle.close();
    await p.cleanup();
  }
}
