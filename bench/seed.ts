/**
 * Seeds a large synthetic regency for the benchmark and the crash test: a Pemda root,
 * 20 OPD (two of them in WITA), one office fence each, one 5-day schedule, and N
 * employees of all three kinds spread over the OPD, each with one active enrolled phone
 * (so every benchmark capture is signed and verified, as in production). Employees are
 * written in chunks inside transactions, which is what makes a million rows take
 * seconds, not hours.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Zone } from '../core/model.js';
import { parseHHMM } from '../core/time.js';
import type { Database } from '../server/platform/db/schema.js';
import { insertLocation } from '../server/features/sites/store.js';
import { insertUnit } from '../server/features/units/store.js';
import { insertSchedule } from '../server/features/schedules/store.js';

export interface BenchOffice {
  unitId: number;
  locationId: number;
  zone: Zone;
  lat: number;
  lon: number;
  radiusM: number;
}

export interface BenchSeed {
  offices: BenchOffice[];
  /** Employee ids are firstEmployeeId … firstEmployeeId + count − 1. */
  firstEmployeeId: number;
  count: number;
  /** The office of employee i (0-based). */
  officeOf(i: number): BenchOffice;
  /** The enrolled device of employee i. */
  deviceOf(i: number): BenchDevice;
}

export interface BenchDevice {
  id: string;
  /** The raw 32-byte HMAC key. */
  key: Buffer;
}

/** Employee i's phone: a fixed id and a key derived from the index (benchmark data only). */
export function benchDevice(i: number): BenchDevice {
  return { id: `bench-device-${i}`, key: createHash('sha256').update(`hadir-bench-device-${i}`).digest() };
}

const OPD = 20;

function hhmm(s: string): number {
  const m = parseHHMM(s);
  if (m === null) throw new Error(`bad time ${s}`);
  return m;
}

/** An 18-digit PNS or PPPK NIP unique for each index below 10 million. */
export function benchNip(i: number, kind: 'pns' | 'pppk'): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + (i % 10_000) * 86_400_000);
  const y = birth.getUTCFullYear();
  const date = `${y}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  const serial = String(Math.floor(i / 10_000) + 1).padStart(3, '0');
  const appointment = kind === 'pns' ? `${y + 25}03` : `${y + 30}21`;
  return `${date}${appointment}${(i % 2) + 1}${serial}`;
}

export async function seedBench(db: Kysely<Database>, employees: number): Promise<BenchSeed> {
  const root = await insertUnit(db, {
    parentId: null,
    name: 'Pemda Kabupaten Bench',
    kind: 'pemda',
    zone: 'Asia/Jakarta',
  });
  const work = {
    start: hhmm('07:30'),
    end: hhmm('16:00'),
    checkInFrom: hhmm('00:00'),
    checkInUntil: hhmm('12:00'),
    checkOutFrom: hhmm('12:00'),
    checkOutUntil: hhmm('23:59'),
  };
  await insertSchedule(db, {
    unitId: root.id,
    name: 'Lima hari kerja',
    effectiveFrom: '2020-01-01',
    days: [work, work, work, work, work, null, null],
  });
  const offices: BenchOffice[] = [];
  for (let k = 0; k < OPD; k++) {
    const wita = k >= OPD - 2;
    const zone: Zone = wita ? 'Asia/Makassar' : 'Asia/Jakarta';
    const unit = await insertUnit(db, { parentId: root.id, name: `OPD ${k + 1}`, kind: 'opd', zone });
    const lat = wita ? -5.1477 + k * 0.002 : -6.9175 + k * 0.003;
    const lon = wita ? 119.4327 : 107.6191 + k * 0.002;
    const radiusM = 100;
    const loc = await insertLocation(db, {
      unitId: unit.id,
      name: `Kantor OPD ${k + 1}`,
      zone,
      shape: { type: 'circle', center: { lat, lon }, radiusM },
      active: true,
    });
    offices.push({ unitId: unit.id, locationId: loc.id, zone, lat, lon, radiusM });
  }

  const officeOf = (i: number): BenchOffice => offices[i % OPD] as BenchOffice;
  const chunk = 500;
  let firstEmployeeId = -1;
  for (let base = 0; base < employees; base += chunk * 20) {
    await db.transaction().execute(async (tx) => {
      for (let c = base; c < Math.min(base + chunk * 20, employees); c += chunk) {
        const rows = [];
        for (let i = c; i < Math.min(c + chunk, employees); i++) {
          const kind = i % 10 < 6 ? 'pns' : i % 10 < 8 ? 'pppk' : 'non_asn';
          rows.push({
            kind,
            nip: kind === 'non_asn' ? null : benchNip(i, kind),
            internal_id: kind === 'non_asn' ? `NA-B-${i}` : null,
            name: `Pegawai ${i}`,
            unit_id: officeOf(i).unitId,
            position: 'Pelaksana',
            active: 1,
          });
        }
        const ids = await tx.insertInto('employees').values(rows).returning('id').execute();
        if (firstEmployeeId < 0) firstEmployeeId = ids[0]?.id ?? -1;
        // The benchmark addresses employees by index; ids of a fresh table are consecutive.
        if (ids.some((r, j) => r.id !== firstEmployeeId + c + j))
          throw new Error('employee ids are not consecutive');
        await tx
          .insertInto('employee_locations')
          .values(ids.map((r, j) => ({ employee_id: r.id, location_id: officeOf(c + j).locationId })))
          .execute();
        await tx
          .insertInto('devices')
          .values(
            ids.map((r, j) => {
              const d = benchDevice(c + j);
              return {
                id: d.id,
                employee_id: r.id,
                label: 'Bench phone',
                key: d.key.toString('base64url'),
                status: 'active',
                created_at: Date.now(),
                approved_at: Date.now(),
                approved_by: null,
                revoked_at: null,
              };
            }),
          )
          .execute();
      }
    });
  }
  return { offices, firstEmployeeId, count: employees, officeOf, deviceOf: benchDevice };
}
