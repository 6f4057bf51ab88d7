/**
 * Kiosk mode over real HTTP on both engines: an admin enrols a kiosk at a site of their
 * units and sets people's PINs; the tablet exchanges its code once, says hello for an
 * anchor and sends signed batches; punches are stored with source kiosk, the kiosk as
 * terminal and the site standing for the position, once however often a batch is sent;
 * a bad signature, a revoked or unknown kiosk, a wrong (then locked) PIN and a person of
 * a unit the site does not serve are refused with nothing stored; admins outside the
 * site's units see and change nothing; no PIN or secret reaches the audit trail.
 */
import { createHash, createHmac } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kioskCaptureCanonical, kioskHelloCanonical, kioskPhotoCanonical } from '../../../core/kiosk.js';
import type {
  KioskBatchResponse,
  KioskCapture,
  KioskEnrolResponse,
  KioskHelloResponse,
} from '../../../core/kiosk.js';
import { insertEmployee } from '../employees/store.js';
import { ENGINES } from '../../test-support/engines.js';
import { NIP_A, NIP_B, NOW, call, login, newId, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { PIN_MAX_WRONG } from './capture.js';

const PIN_A = '482915';
const PIN_B = '730164';
const NIP_D = '199203042020122003';

/** A kiosk tablet as the tests drive it: it signs what it sends with its key. */
class TestKiosk {
  constructor(
    readonly url: string,
    readonly id: string,
    readonly key: string,
  ) {}

  sign(c: KioskCapture, key = this.key): string {
    return createHmac('sha256', Buffer.from(key, 'base64url'))
      .update(kioskCaptureCanonical(this.id, c))
      .digest('base64url');
  }

  capture(
    who: { nip?: string; card?: string },
    pin: string,
    extra: Partial<KioskCapture> = {},
  ): KioskCapture {
    return { id: newId(), kind: 'in', capturedAt: new Date(NOW).toISOString(), ...who, pin, ...extra };
  }

  send(captures: KioskCapture[], opts: { key?: string; kioskId?: string } = {}) {
    return call<KioskBatchResponse & { code?: string }>(this.url, 'POST', '/api/v1/kiosk/captures', {
      body: {
        kioskId: opts.kioskId ?? this.id,
        captures: captures.map((c) => ({ ...c, signature: this.sign(c, opts.key) })),
      },
    });
  }

  putPhoto(captureId: string, bytes: Buffer, opts: { key?: string; kioskId?: string } = {}) {
    const kioskId = opts.kioskId ?? this.id;
    const sha = createHash('sha256').update(bytes).digest('hex');
    const signature = createHmac('sha256', Buffer.from(opts.key ?? this.key, 'base64url'))
      .update(kioskPhotoCanonical(kioskId, captureId, sha))
      .digest('base64url');
    return fetch(`${this.url}/api/v1/kiosk/captures/${captureId}/photo`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', 'x-hadir-kiosk': kioskId, 'x-hadir-signature': signature },
      body: new Uint8Array(bytes),
    });
  }

  hello() {
    const sentAt = new Date(NOW).toISOString();
    const signature = createHmac('sha256', Buffer.from(this.key, 'base64url'))
      .update(kioskHelloCanonical(this.id, sentAt))
      .digest('base64url');
    return call<KioskHelloResponse>(this.url, 'POST', '/api/v1/kiosk/hello', {
      body: { kioskId: this.id, sentAt, signature },
    });
  }
}

describe.each(ENGINES)('kiosk mode over HTTP on %s', (engine) => {
  let s: TestServer;
  let dinkes: string;
  let disdik: string;
  let agency: string;
  let kiosk: TestKiosk;
  let kioskId: string;
  let cardA: string;
  let employeeD: number;

  const kioskPunches = () =>
    s.t.db
      .selectFrom('punches')
      .selectAll()
      .where('source', '=', 'kiosk')
      .orderBy('time_of_record')
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    s = await startServer(engine);
    const [d, o, a] = await Promise.all(
      ['admin.dinkes', 'admin.disdik', 'admin'].map(async (u) => (await login(s.url, u)).token),
    );
    [dinkes, disdik, agency] = [d!, o!, a!];
    // A second person at the puskesmas, for the lock (so A's PIN stays usable).
    employeeD = (
      await insertEmployee(s.t.db, {
        kind: 'pns',
        nip: NIP_D,
        internalId: null,
        name: 'Dewi Lestari',
        unitId: s.seeded.units.puskesmas,
        position: 'Bidan',
        active: true,
      })
    ).id;
    s.app.hadir.directory.invalidate();
    await s.app.hadir.directory.settled();
  });
  afterAll(() => s?.close());

  it('enrols a kiosk at a site of the admin’s units, with a code the tablet exchanges once', async () => {
    const created = await call<{
      kiosk: { id: string; enrolled: boolean };
      code: string;
      codeExpiresAt: string;
    }>(s.url, 'POST', '/api/v1/kiosks', {
      token: dinkes,
      body: { siteId: s.seeded.locations.makassar, label: 'Pintu depan' },
    });
    expect(created.status).toBe(201);
    expect(created.body.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    expect(created.body.kiosk.enrolled).toBe(false);
    expect(Date.parse(created.body.codeExpiresAt)).toBe(NOW + 24 * 3600_000);
    kioskId = created.body.kiosk.id;
    // The key does not exist before the exchange: nothing can be signed yet.
    const row = await s.t.db
      .selectFrom('kiosks')
      .selectAll()
      .where('id', '=', kioskId)
      .executeTakeFirstOrThrow();
    expect(row.key.startsWith('enrol:')).toBe(true);
    expect(row.key).not.toContain(created.body.code);

    // Typed on the tablet in lower case with a space: still the code.
    const typed = created.body.code.toLowerCase().replace('-', ' ');
    const enrol = await call<KioskEnrolResponse>(s.url, 'POST', '/api/v1/kiosk/enrol', {
      body: { code: typed },
    });
    expect(enrol.status).toBe(201);
    expect(enrol.body).toMatchObject({
      kioskId,
      label: 'Pintu depan',
      status: 'active',
      site: { id: s.seeded.locations.makassar, name: 'Puskesmas Kota', zone: 'Asia/Makassar' },
      selfieRequired: false,
    });
    expect(Buffer.from(enrol.body.key, 'base64url')).toHaveLength(32);
    kiosk = new TestKiosk(s.url, kioskId, enrol.body.key);

    // A second use of the code is refused, in both languages.
    const again = await call<{ code: string; message: { id: string; en: string } }>(
      s.url,
      'POST',
      '/api/v1/kiosk/enrol',
      { body: { code: created.body.code } },
    );
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('kiosk_code_invalid');
    expect(again.body.message.id).toContain('Kode pendaftaran kios');
    expect(again.body.message.en).toContain('enrolment code');

    const list = await call<{ kiosks: { id: string; enrolled: boolean; codeExpiresAt: string | null }[] }>(
      s.url,
      'GET',
      '/api/v1/kiosks',
      { token: dinkes },
    );
    expect(list.body.kiosks).toMatchObject([{ id: kioskId, enrolled: true, codeExpiresAt: null }]);
    const audit = await s.t.db
      .selectFrom('audit_log')
      .select(['action', 'target', 'actor_label', 'detail'])
      .where('target', '=', `kiosk:${kioskId}`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_label])).toEqual([
      ['kiosk.create', `unit_admin:${s.seeded.accounts.dinkesAdmin}`],
      ['kiosk.enrol', `machine:kiosk:${kioskId}`],
    ]);
    for (const a of audit) {
      expect(a.detail).not.toContain(created.body.code);
      expect(a.detail).not.toContain(enrol.body.key);
    }
  });

  it('keeps admins outside the site’s units out: no kiosk of theirs to see, enrol or revoke', async () => {
    const list = await call<{ kiosks: unknown[] }>(s.url, 'GET', '/api/v1/kiosks', { token: disdik });
    expect([list.status, list.body.kiosks]).toEqual([200, []]);
    const create = await call(s.url, 'POST', '/api/v1/kiosks', {
      token: disdik,
      body: { siteId: s.seeded.locations.makassar, label: 'Pintu' },
    });
    const missing = await call(s.url, 'POST', '/api/v1/kiosks', {
      token: disdik,
      body: { siteId: 999_999, label: 'Pintu' },
    });
    expect(create.status).toBe(404);
    expect(create.body).toEqual(missing.body);
    const revoke = await call(s.url, 'POST', `/api/v1/kiosks/${kioskId}/revoke`, { token: disdik });
    expect(revoke.status).toBe(404);
    const pin = await call(s.url, 'POST', `/api/v1/employees/${s.seeded.employees.a}/kiosk-credentials`, {
      token: disdik,
      body: { pin: '999111' },
    });
    expect(pin.status).toBe(404);
    const employee = await call(s.url, 'POST', '/api/v1/kiosks', {
      token: (await login(s.url, NIP_A)).token,
      body: { siteId: s.seeded.locations.makassar, label: 'Pintu' },
    });
    expect(employee.status).toBe(403);
    expect(await s.t.db.selectFrom('kiosk_credentials').selectAll().execute()).toEqual([]);
  });

  it('sets PINs and issues a card secret, shown once and never written to the audit trail', async () => {
    const weak = await call<{ code: string }>(
      s.url,
      'POST',
      `/api/v1/employees/${s.seeded.employees.a}/kiosk-credentials`,
      { token: dinkes, body: { pin: '123456' } },
    );
    expect([weak.status, weak.body.code]).toEqual([400, 'kiosk_pin_weak']);
    const short = await call<{ code: string }>(
      s.url,
      'POST',
      `/api/v1/employees/${s.seeded.employees.a}/kiosk-credentials`,
      { token: dinkes, body: { pin: '4829' } },
    );
    expect([short.status, short.body.code]).toEqual([400, 'invalid_body']);

    const a = await call<{ pin: string | null; card: string | null; hasCard: boolean }>(
      s.url,
      'POST',
      `/api/v1/employees/${s.seeded.employees.a}/kiosk-credentials`,
      { token: dinkes, body: { pin: PIN_A, newCard: true } },
    );
    expect(a.status).toBe(200);
    expect(a.body.pin).toBeNull();
    expect(a.body.hasCard).toBe(true);
    cardA = a.body.card!;
    expect(cardA.length).toBeGreaterThanOrEqual(24);
    // The server makes a PIN when none is given, and shows it once.
    const d = await call<{ pin: string | null }>(
      s.url,
      'POST',
      `/api/v1/employees/${employeeD}/kiosk-credentials`,
      { token: dinkes, body: {} },
    );
    expect(d.body.pin).toMatch(/^\d{6}$/);
    // B works at Dinas Pendidikan: the agency admin sets B's PIN (B is not the kiosk's).
    const b = await call(s.url, 'POST', `/api/v1/employees/${s.seeded.employees.b}/kiosk-credentials`, {
      token: agency,
      body: { pin: PIN_B },
    });
    expect(b.status).toBe(200);

    const stored = await s.t.db.selectFrom('kiosk_credentials').selectAll().execute();
    for (const r of stored) {
      expect(r.pin_hash).toMatch(/^scrypt\$/);
      expect(r.pin_hash).not.toContain(PIN_A);
    }
    const audit = await s.t.db
      .selectFrom('audit_log')
      .select(['action', 'target', 'detail'])
      .where('action', 'like', 'kiosk_pin.%')
      .orderBy('id')
      .execute();
    expect(audit.map((r) => [r.action, r.target])).toEqual([
      ['kiosk_pin.set', `employee:${s.seeded.employees.a}`],
      ['kiosk_pin.set', `employee:${employeeD}`],
      ['kiosk_pin.set', `employee:${s.seeded.employees.b}`],
    ]);
    const all = JSON.stringify(await s.t.db.selectFrom('audit_log').select('detail').execute());
    for (const secret of [PIN_A, PIN_B, d.body.pin!, cardA]) expect(all).not.toContain(secret);
  });

  it('stores a signed capture as a kiosk punch at the site, with the anchored time', async () => {
    const hello = await kiosk.hello();
    expect(hello.status).toBe(200);
    expect(hello.body.site.name).toBe('Puskesmas Kota');
    const c = kiosk.capture({ nip: '19860926 201505 1 001' }, PIN_A, {
      capturedAt: new Date(NOW - 30_000).toISOString(),
      time: {
        anchor: hello.body.anchor.token,
        elapsedMs: 0,
        deviceTime: new Date(NOW - 30_000).toISOString(),
        skewMs: 0,
      },
    });
    const r = await kiosk.send([c]);
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      {
        id: c.id,
        status: 201,
        body: {
          id: c.id,
          kind: 'in',
          name: 'Andi Rahman',
          timeOfRecord: new Date(NOW).toISOString(),
          workDate: '2026-03-02',
          localTime: '07:32:00',
          zone: 'Asia/Makassar',
        },
      },
    ]);
    expect(r.body.anchor.token).toBeTruthy();
    const [p, ...rest] = await kioskPunches();
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      id: c.id,
      employee_id: s.seeded.employees.a,
      source: 'kiosk',
      terminal_id: kioskId,
      lat: null,
      lon: null,
      accuracy: null,
      location_id: s.seeded.locations.makassar,
      location_name: 'Puskesmas Kota',
      fence_status: 'inside',
      time_source: 'anchor',
      time_of_record: NOW,
      window: 'ok',
      device_id: null,
    });
    expect(JSON.parse(p!.flags)).toEqual([]);
    expect(p!.request_hash).not.toContain(PIN_A);

    // The same batch again (its answer was lost): the same answer, nothing stored twice.
    const again = await kiosk.send([c]);
    expect(again.body.results.map((x) => [x.id, x.status, x.body?.id])).toEqual([[c.id, 200, c.id]]);
    expect(await kioskPunches()).toHaveLength(1);
    // Pressing the same button again within a minute is the same punch.
    const twice = kiosk.capture({ card: cardA }, PIN_A, { capturedAt: new Date(NOW + 20_000).toISOString() });
    const r2 = await kiosk.send([twice]);
    expect(r2.body.results.map((x) => [x.id, x.status, x.body?.id])).toEqual([[twice.id, 200, c.id]]);
    expect(await kioskPunches()).toHaveLength(1);
  });

  it('identifies by the QR secret of the ID card', async () => {
    const out = kiosk.capture({ card: cardA }, PIN_A, {
      kind: 'out',
      capturedAt: new Date(NOW + 60_000).toISOString(),
    });
    const r = await kiosk.send([out]);
    expect(r.body.results[0]).toMatchObject({ status: 201, body: { name: 'Andi Rahman', kind: 'out' } });
    const p = (await kioskPunches()).find((x) => x.id === out.id)!;
    // No anchor: the kiosk's wall clock, flagged for review like the phone's.
    expect(p.time_source).toBe('device_clock');
    expect(JSON.parse(p.flags)).toContain('time_unverified');
  });

  it('refuses a bad signature, an unknown person and a wrong PIN, storing nothing, and locks the PIN', async () => {
    const before = (await kioskPunches()).length;
    const forged = kiosk.capture({ nip: NIP_A }, PIN_A, { kind: 'out' });
    const bad = await kiosk.send([forged], { key: Buffer.alloc(32, 7).toString('base64url') });
    expect(bad.body.results).toMatchObject([
      { id: forged.id, status: 401, error: { code: 'kiosk_signature_invalid' } },
    ]);
    // A signature over other bytes (the PIN changed on the way) is as bad.
    const tampered = await call<KioskBatchResponse>(s.url, 'POST', '/api/v1/kiosk/captures', {
      body: { kioskId, captures: [{ ...forged, pin: '000000', signature: kiosk.sign(forged) }] },
    });
    expect(tampered.body.results[0]!.error!.code).toBe('kiosk_signature_invalid');

    const unknown = await kiosk.send([kiosk.capture({ nip: '197001011990031999' }, PIN_A)]);
    const wrong = await kiosk.send([kiosk.capture({ nip: NIP_D }, '111222')]);
    for (const r of [unknown, wrong]) {
      expect(r.body.results[0]).toMatchObject({ status: 401, error: { code: 'kiosk_credentials_wrong' } });
    }
    expect(wrong.body.results[0]!.error!.message.id).toContain('PIN salah');
    expect(wrong.body.results[0]!.error!.message.en).toContain('Wrong NIP/card or PIN');

    // D's PIN is locked after five wrong in a row: then even the right one is refused.
    const d = await call<{ pin: string }>(s.url, 'POST', `/api/v1/employees/${employeeD}/kiosk-credentials`, {
      token: dinkes,
      body: {},
    });
    const tries = Array.from({ length: PIN_MAX_WRONG }, () => kiosk.capture({ nip: NIP_D }, '111222'));
    const locked = await kiosk.send([...tries, kiosk.capture({ nip: NIP_D }, d.body.pin)]);
    expect(locked.body.results.map((x) => x.error?.code)).toEqual([
      ...tries.map(() => 'kiosk_credentials_wrong'),
      'kiosk_pin_locked',
    ]);
    expect(locked.body.results.at(-1)).toMatchObject({ status: 403, error: { retryAfter: 900 } });
    expect((await kioskPunches()).length).toBe(before);

    // The admin resets the PIN: the lock is gone.
    const reset = await call<{ pin: string }>(
      s.url,
      'POST',
      `/api/v1/employees/${employeeD}/kiosk-credentials`,
      {
        token: dinkes,
        body: {},
      },
    );
    const ok = await kiosk.send([kiosk.capture({ nip: NIP_D }, reset.body.pin)]);
    expect(ok.body.results[0]).toMatchObject({ status: 201, body: { name: 'Dewi Lestari' } });
  });

  it('refuses a person of a unit the kiosk’s site does not serve, storing nothing', async () => {
    const before = (await kioskPunches()).length;
    const r = await kiosk.send([kiosk.capture({ nip: NIP_B }, PIN_B)]);
    expect(r.body.results[0]).toMatchObject({ status: 403, error: { code: 'kiosk_not_served' } });
    // The PIN was right: the refusal says where to punch instead.
    expect(r.body.results[0]!.error!.message.en).toContain('does not serve your work unit');
    // Citra (no NIP, staff number NA-2024-0001) works at Dinas Kesehatan, above the
    // puskesmas: known by her staff number, right PIN, still not the kiosk's.
    await call(s.url, 'POST', `/api/v1/employees/${s.seeded.employees.admin}/kiosk-credentials`, {
      token: dinkes,
      body: { pin: '604172' },
    });
    const citra = await kiosk.send([kiosk.capture({ nip: ' NA-2024-0001 ' }, '604172')]);
    expect(citra.body.results[0]).toMatchObject({ status: 403, error: { code: 'kiosk_not_served' } });
    expect((await kioskPunches()).length).toBe(before);
  });

  it('refuses a malformed capture on its own and keeps the others of the batch', async () => {
    const good = kiosk.capture({ nip: NIP_A }, PIN_A, {
      kind: 'out',
      capturedAt: new Date(NOW - 5 * 60_000).toISOString(),
    });
    const both = { ...kiosk.capture({ nip: NIP_A }, PIN_A), card: cardA };
    const future = kiosk.capture({ nip: NIP_A }, PIN_A, {
      capturedAt: new Date(NOW + 3600_000).toISOString(),
    });
    const r = await kiosk.send([good, both, future]);
    expect(r.body.results.map((x) => [x.status, x.error?.code])).toEqual([
      [201, undefined],
      [400, 'invalid_body'],
      [422, 'captured_in_future'],
    ]);
  });

  it('takes the selfie of its own capture, signed, and nobody else’s', async () => {
    const selfie = await sharp({ create: { width: 240, height: 240, channels: 3, background: '#a08070' } })
      .jpeg({ quality: 70 })
      .toBuffer();
    const sha256 = createHash('sha256').update(selfie).digest('hex');
    const c = kiosk.capture({ nip: NIP_A }, PIN_A, {
      capturedAt: new Date(NOW - 10 * 60_000).toISOString(),
      photo: { sha256, bytes: selfie.length },
    });
    expect((await kiosk.send([c])).body.results[0]!.status).toBe(201);
    const forged = await kiosk.putPhoto(c.id, selfie, { key: Buffer.alloc(32, 9).toString('base64url') });
    expect(forged.status).toBe(401);
    const up = await kiosk.putPhoto(c.id, selfie);
    expect(up.status).toBe(201);
    expect((await kiosk.putPhoto(c.id, selfie)).status).toBe(200);
    const stored = await s.t.db.selectFrom('punch_photos').selectAll().where('punch_id', '=', c.id).execute();
    expect(stored).toHaveLength(1);
    // An admin of the unit sees it as any selfie.
    const read = await fetch(`${s.url}/api/v1/check-ins/${c.id}/photo`, {
      headers: { authorization: `Bearer ${dinkes}` },
    });
    expect([read.status, read.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    // A phone punch (not this kiosk's) is not found through the kiosk.
    const phone = await s.t.db
      .selectFrom('punches')
      .select('id')
      .where('source', '=', 'app')
      .executeTakeFirst();
    if (phone) expect((await kiosk.putPhoto(phone.id, selfie)).status).toBe(404);
    expect((await kiosk.putPhoto(newId(), selfie)).status).toBe(404);
  });

  it('refuses every capture of an unknown kiosk, and of a revoked one, storing nothing', async () => {
    const before = (await kioskPunches()).length;
    const stranger = await kiosk.send([kiosk.capture({ nip: NIP_A }, PIN_A)], {
      kioskId: newId(),
    });
    expect([stranger.status, stranger.body.code]).toEqual([401, 'kiosk_unknown']);

    const revoked = await call<{ status: string; revokedAt: string }>(
      s.url,
      'POST',
      `/api/v1/kiosks/${kioskId}/revoke`,
      { token: dinkes },
    );
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: new Date(NOW).toISOString() });
    const r = await kiosk.send([kiosk.capture({ nip: NIP_A }, PIN_A, { kind: 'out' })]);
    expect([r.status, r.body.code]).toEqual([403, 'kiosk_revoked']);
    expect((await kiosk.hello()).status).toBe(403);
    expect((await kioskPunches()).length).toBe(before);
  });
});
