/**
 * Kiosks and the credentials people identify with at them (tables of migration 0010).
 *
 * A kiosk's key does not exist until its tablet exchanges the enrolment code: until then
 * `kiosks.key` holds `enrol:<SHA-256 of the code>` (base64url, the alphabet of a real
 * key, has no ':'), so the key is made at the exchange, handed to that one tablet and
 * never shown to the admin, and the exchange is one conditional UPDATE: of two tablets
 * typing the same code at once, one wins and the other finds nothing. The code itself is
 * never stored.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, KioskCredentialsTable, KioskRow } from '../../platform/db/schema.js';

export type KioskCredentialsRow = Selectable<KioskCredentialsTable>;

/** The prefix of `kiosks.key` while the enrolment code has not been exchanged. */
export const ENROL_PREFIX = 'enrol:';

/** Whether the kiosk's tablet has exchanged its code (and so holds the key). */
export function isEnrolled(k: Pick<KioskRow, 'key'>): boolean {
  return !k.key.startsWith(ENROL_PREFIX);
}

export async function insertKiosk(db: Kysely<Database>, k: KioskRow): Promise<void> {
  await db.insertInto('kiosks').values(k).execute();
}

export async function getKiosk(db: Kysely<Database>, id: string): Promise<KioskRow | undefined> {
  return db.selectFrom('kiosks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Kiosks at the sites given (all when undefined), newest first. */
export async function listKiosks(
  db: Kysely<Database>,
  siteIds: readonly number[] | undefined,
): Promise<KioskRow[]> {
  if (siteIds !== undefined && siteIds.length === 0) return [];
  let q = db.selectFrom('kiosks').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (siteIds !== undefined) q = q.where('site_id', 'in', [...siteIds]);
  return q.execute();
}

/**
 * Exchanges an enrolment code (by its hash) for the kiosk, setting its key: the active,
 * not yet enrolled kiosk created after `createdAfter` whose marker is the code's. Null
 * when there is none (wrong, used, expired or revoked).
 */
export async function exchangeCode(
  db: Kysely<Database>,
  codeHash: string,
  createdAfter: number,
  key: string,
): Promise<KioskRow | undefined> {
  return db
    .updateTable('kiosks')
    .set({ key })
    .where('key', '=', `${ENROL_PREFIX}${codeHash}`)
    .where('status', '=', 'active')
    .where('created_at', '>', createdAfter)
    .returningAll()
    .executeTakeFirst();
}

export async function revokeKiosk(db: Kysely<Database>, id: string, at: number): Promise<void> {
  await db
    .updateTable('kiosks')
    .set({ status: 'revoked', revoked_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .execute();
}

export async function getCredentials(
  db: Kysely<Database>,
  employeeId: number,
): Promise<KioskCredentialsRow | undefined> {
  return db
    .selectFrom('kiosk_credentials')
    .selectAll()
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
}

export async function credentialsByCard(
  db: Kysely<Database>,
  cardHash: string,
): Promise<KioskCredentialsRow | undefined> {
  return db.selectFrom('kiosk_credentials').selectAll().where('card_hash', '=', cardHash).executeTakeFirst();
}

/**
 * Sets an employee's PIN (and card, when given; `card: undefined` keeps the one there),
 * clearing the wrong-PIN count and the lock.
 */
export async function setCredentials(
  db: Kysely<Database>,
  c: { employeeId: number; pinHash: string; cardHash: string | null | undefined; at: number; by: number },
): Promise<void> {
  const change = {
    pin_hash: c.pinHash,
    ...(c.cardHash === undefined ? {} : { card_hash: c.cardHash }),
    issued_at: c.at,
    issued_by: c.by,
    failed_attempts: 0,
    locked_until: null,
  };
  await db
    .insertInto('kiosk_credentials')
    .values({ employee_id: c.employeeId, card_hash: null, ...change })
    .onConflict((oc) => oc.column('employee_id').doUpdateSet(change))
    .execute();
}

/**
 * Counts a wrong PIN; at `limit` wrong PINs in a row (and at every one after) the PIN is
 * locked until `lockUntil`. Returns the count now.
 */
export async function recordWrongPin(
  db: Kysely<Database>,
  employeeId: number,
  limit: number,
  lockUntil: number,
): Promise<number> {
  const r = await db
    .updateTable('kiosk_credentials')
    .set((eb) => ({
      failed_attempts: eb('failed_attempts', '+', 1),
      locked_until: eb
        .case()
        .when('failed_attempts', '>=', limit - 1)
        .then(lockUntil)
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('employee_id', '=', employeeId)
    .returning('failed_attempts')
    .executeTakeFirst();
  return Number(r?.failed_attempts ?? 0);
}

/** A right PIN: the wrong ones before it no longer count. */
export async function clearWrongPins(db: Kysely<Database>, employeeId: number): Promise<void> {
  await db
    .updateTable('kiosk_credentials')
    .set({ failed_attempts: 0, locked_until: null })
    .where('employee_id', '=', employeeId)
    .where('failed_attempts', '>', 0)
    .execute();
}

/** The punches a kiosk stored for an employee of one kind within [from, to]: the nearest first. */
export async function kioskPunchesNear(
  db: Kysely<Database>,
  kioskId: string,
  employeeId: number,
  kind: string,
  from: number,
  to: number,
) {
  return db
    .selectFrom('punches')
    .selectAll()
    .where('terminal_id', '=', kioskId)
    .where('employee_id', '=', employeeId)
    .where('time_of_record', '>=', from)
    .where('time_of_record', '<=', to)
    .where('kind', '=', kind)
    .orderBy('time_of_record')
    .execute();
}
