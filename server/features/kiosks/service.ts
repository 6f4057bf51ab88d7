/**
 * Administering kiosks (/api/v1/kiosks) and the credentials people use at them.
 *
 * - An admin enrols a tablet as the kiosk of a work site of their units: the kiosk is
 *   created with a one-time enrolment code (shown once, valid {@link CODE_TTL_MS}); the
 *   tablet exchanges the code for its id and key ({@link enrolKiosk}), once.
 * - Admins list the kiosks of their units' sites and revoke them: a revoked kiosk's
 *   captures are refused from then on (the batch answers 403 kiosk_revoked).
 * - An admin sets or resets an employee's kiosk PIN (given, or made by the server and
 *   shown once) and may issue a new QR secret for the ID card (shown once). Only hashes
 *   are kept: scrypt for the PIN, SHA-256 for the card secret (random, 144 bits).
 *
 * Access: a kiosk belongs to the unit of its site, an employee's credentials to the
 * employee's unit; outside the caller's units both answer 404 as a missing id does
 * (platform/access). Every change is audited; the audit entry never holds a PIN, a card
 * secret, a code or a key.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../../core/errors.js';
import type { KioskEnrolResponse, KioskInfo } from '../../../core/kiosk.js';
import { selfieRequired } from '../../../core/selfie.js';
import { uuidV7 } from '../../../core/uuid.js';
import { authorize, scopeOf, unitFilter } from '../../platform/access/access.js';
import type { Caller } from '../../platform/access/access.js';
import { audit, audited, byCaller } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/crypto/password.js';
import type { ScryptParams } from '../../platform/crypto/password.js';
import type { Database, KioskRow } from '../../platform/db/schema.js';
import { getSite } from '../sites/store.js';
import type { Site } from '../sites/store.js';
import { getUnit, selfieSettingsOf } from '../units/store.js';
import {
  ENROL_PREFIX,
  exchangeCode,
  getCredentials,
  getKiosk,
  insertKiosk,
  isEnrolled,
  listKiosks,
  revokeKiosk,
  setCredentials,
} from './store.js';

/** How long an enrolment code works. */
export const CODE_TTL_MS = 24 * 3600_000;

export interface KioskAdminDeps {
  db: Kysely<Database>;
  now: () => number;
  /** scrypt cost of new PIN hashes (tests lower it; production keeps the default). */
  passwordParams?: ScryptParams;
}

export interface KioskView {
  id: string;
  label: string;
  siteId: number;
  siteName: string;
  status: 'active' | 'revoked';
  enrolled: boolean;
  createdAt: string;
  createdBy: number | null;
  revokedAt: string | null;
  codeExpiresAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** SHA-256 (hex) of a secret: what is kept of codes and card secrets. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Crockford's base32: no I, L, O or U to misread when typing a code from a screen. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A new enrolment code: 10 characters (50 bits), shown as XXXXX-XXXXX. */
export function newEnrolmentCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** A code as typed (any case, spaces or dashes, O for 0, I or L for 1), in its canonical form. */
export function normaliseCode(typed: string): string {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return s.length === 10 ? `${s.slice(0, 5)}-${s.slice(5)}` : s;
}

function view(k: KioskRow, site: Site | undefined): KioskView {
  const enrolled = isEnrolled(k);
  return {
    id: k.id,
    label: k.label,
    siteId: k.site_id,
    siteName: site?.name ?? '',
    status: k.status as KioskView['status'],
    enrolled,
    createdAt: iso(k.created_at)!,
    createdBy: k.created_by,
    revokedAt: iso(k.revoked_at),
    codeExpiresAt: enrolled || k.status !== 'active' ? null : iso(k.created_at + CODE_TTL_MS),
  };
}

/** The site when it lies in the caller's units; 404 naming `/siteId` otherwise. */
async function scopedSite(db: Kysely<Database>, caller: Caller, siteId: number): Promise<Site> {
  const missing = () => new AppError('not_found', { details: [{ field: '/siteId', reason: 'not_found' }] });
  const site = await getSite(db, siteId);
  // A person's own site (a home for work from home) has no door to stand a kiosk at.
  if (!site || site.employeeId !== null) throw missing();
  try {
    await authorize(db, caller.claims, { kind: 'unit', id: site.unitId });
  } catch {
    throw missing();
  }
  return site;
}

/** The kiosk when its site lies in the caller's units; 404 otherwise. */
async function scopedKiosk(db: Kysely<Database>, caller: Caller, id: string): Promise<[KioskRow, Site]> {
  const k = await getKiosk(db, id);
  const site = k ? await getSite(db, k.site_id) : undefined;
  if (!k || !site) throw new AppError('not_found');
  await authorize(db, caller.claims, { kind: 'unit', id: site.unitId });
  return [k, site];
}

/** Creates the kiosk of a site with its one-time enrolment code. */
export async function createKiosk(
  deps: KioskAdminDeps,
  caller: Caller,
  body: { siteId: number; label: string },
): Promise<{ kiosk: KioskView; code: string; codeExpiresAt: string }> {
  const site = await scopedSite(deps.db, caller, body.siteId);
  const now = deps.now();
  const code = newEnrolmentCode();
  const row: KioskRow = {
    id: uuidV7(now, randomBytes(10)),
    site_id: site.id,
    label: body.label.trim() || site.name,
    key: `${ENROL_PREFIX}${secretHash(code)}`,
    status: 'active',
    created_at: now,
    created_by: caller.claims.sub,
    revoked_at: null,
  };
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    await insertKiosk(tx, row);
    return {
      value: undefined,
      action: 'kiosk.create',
      target: `kiosk:${row.id}`,
      after: { siteId: site.id, siteName: site.name, label: row.label },
    };
  });
  return { kiosk: view(row, site), code, codeExpiresAt: iso(now + CODE_TTL_MS)! };
}

/** Kiosks at the sites of the caller's units, newest first. */
export async function listScopedKiosks(deps: KioskAdminDeps, caller: Caller): Promise<KioskView[]> {
  const units = unitFilter(await scopeOf(deps.db, caller.claims));
  let siteIds: number[] | undefined;
  if (units !== undefined) {
    siteIds =
      units.length === 0
        ? []
        : (
            await deps.db
              .selectFrom('locations')
              .select('id')
              .where('unit_id', 'in', [...units])
              .execute()
          ).map((r) => r.id);
  }
  const rows = await listKiosks(deps.db, siteIds);
  const sites = new Map<number, Site | undefined>();
  for (const r of rows) if (!sites.has(r.site_id)) sites.set(r.site_id, await getSite(deps.db, r.site_id));
  return rows.map((r) => view(r, sites.get(r.site_id)));
}

/** Revokes a kiosk (a revoked one is answered as it is). */
export async function revokeKioskAs(deps: KioskAdminDeps, caller: Caller, id: string): Promise<KioskView> {
  const [k, site] = await scopedKiosk(deps.db, caller, id);
  if (k.status === 'revoked') return view(k, site);
  const now = deps.now();
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    await revokeKiosk(tx, id, now);
    return {
      value: undefined,
      action: 'kiosk.revoke',
      target: `kiosk:${id}`,
      before: { status: k.status, enrolled: isEnrolled(k) },
      after: { status: 'revoked' },
      detail: { siteId: site.id, label: k.label },
    };
  });
  return view({ ...k, status: 'revoked', revoked_at: now }, site);
}

/** PINs nobody should have: one digit repeated, or a run up or down (123456, 987654). */
export function isWeakPin(pin: string): boolean {
  const d = [...pin].map(Number);
  const steps = new Set(d.slice(1).map((v, i) => v - d[i]!));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0]!);
}

/** A new 6-digit PIN that is not weak. */
function newPin(): string {
  for (;;) {
    const pin = String(randomInt(1_000_000)).padStart(6, '0');
    if (!isWeakPin(pin)) return pin;
  }
}

export interface KioskCredentialsView {
  employeeId: number;
  /** The PIN the server made (shown once), else null. */
  pin: string | null;
  /** The new QR secret (shown once), else null. */
  card: string | null;
  hasCard: boolean;
  issuedAt: string;
}

/**
 * Sets or resets an employee's kiosk PIN (the wrong-PIN count and lock are cleared) and,
 * with `newCard`, issues a new QR secret for the ID card.
 */
export async function setKioskCredentials(
  deps: KioskAdminDeps,
  caller: Caller,
  employeeId: number,
  body: { pin?: string; newCard?: boolean },
): Promise<KioskCredentialsView> {
  await authorize(deps.db, caller.claims, { kind: 'employee', id: employeeId });
  if (body.pin !== undefined && isWeakPin(body.pin)) {
    throw new AppError('kiosk_pin_weak', { details: [{ field: '/pin', reason: 'weak' }] });
  }
  const pin = body.pin ?? newPin();
  const pinHash = await hashPassword(pin, deps.passwordParams);
  const card = body.newCard === true ? randomBytes(18).toString('base64url') : null;
  const now = deps.now();
  const before = await getCredentials(deps.db, employeeId);
  await audited(deps.db, byCaller(caller), now, async (tx) => {
    await setCredentials(tx, {
      employeeId,
      pinHash,
      cardHash: card === null ? undefined : secretHash(card),
      at: now,
      by: caller.claims.sub,
    });
    return {
      value: undefined,
      action: before?.pin_hash ? 'kiosk_pin.reset' : 'kiosk_pin.set',
      target: `employee:${employeeId}`,
      // What changed, never the PIN or the card secret themselves.
      detail: {
        pin: body.pin === undefined ? 'generated' : 'chosen',
        card:
          card !== null ? (before?.card_hash ? 'replaced' : 'issued') : before?.card_hash ? 'kept' : 'none',
      },
    };
  });
  return {
    employeeId,
    pin: body.pin === undefined ? pin : null,
    card,
    hasCard: card !== null || Boolean(before?.card_hash),
    issuedAt: iso(now)!,
  };
}

/** What the tablet is told about its kiosk: site, state, and whether a selfie is asked for. */
export async function kioskInfo(db: Kysely<Database>, k: KioskRow): Promise<KioskInfo> {
  const site = await getSite(db, k.site_id);
  if (!site) throw new Error(`kiosk ${k.id}: site ${k.site_id} missing`);
  const chain: number[] = [];
  for (let id: number | null = site.unitId; id !== null && chain.length < 64;) {
    chain.push(id);
    id = (await getUnit(db, id))?.parentId ?? null;
  }
  const settings = await selfieSettingsOf(db, chain);
  return {
    kioskId: k.id,
    label: k.label,
    status: k.status as KioskInfo['status'],
    site: { id: site.id, name: site.name, zone: site.zone },
    selfieRequired: selfieRequired(chain.map((id) => settings.get(id))),
  };
}

/**
 * The tablet's side of the enrolment: the code (once, within its time) for the kiosk and
 * its new key. The key is made now, so it has never been anywhere but on its way here.
 */
export async function enrolKiosk(
  deps: Pick<KioskAdminDeps, 'db' | 'now'>,
  typed: string,
  requestId: string,
): Promise<KioskEnrolResponse> {
  const now = deps.now();
  const key = randomBytes(32).toString('base64url');
  const k = await deps.db.transaction().execute(async (tx) => {
    const row = await exchangeCode(tx, secretHash(normaliseCode(typed)), now - CODE_TTL_MS, key);
    if (!row) return undefined;
    await audit(tx, {
      actor: { kind: 'machine', id: `kiosk:${row.id}` },
      at: now,
      action: 'kiosk.enrol',
      target: `kiosk:${row.id}`,
      detail: { siteId: row.site_id, label: row.label },
      requestId,
    });
    return row;
  });
  if (!k) throw new AppError('kiosk_code_invalid');
  return { ...(await kioskInfo(deps.db, k)), key };
}
