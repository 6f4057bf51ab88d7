/**
 * Device contacts stay off the peak path (check-ins/contacts.ts), over real HTTP on both
 * engines: a check-in that stores a new punch writes no `device_contacts` row (its punch
 * row already records the contact), while a contact that delivered nothing new — a GET
 * /time, a re-send of a stored punch — does. At 07:00 every employee's first press is a
 * new punch, so before this the peak paid one extra durable write per check-in.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCanonical } from '../../../core/capture.js';
import type { CheckInRequest, CheckInResponse, DeviceEnrolResponse } from '../../../core/wire.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, MAKASSAR, newId, NIP_A, startServer, wita } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { CONTACT_WRITE_EVERY_MS } from './contacts.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(ENGINES)('device contacts on %s', (engine) => {
  let s: TestServer;
  let clock = wita(7, 20);
  let token: string;
  let device: DeviceEnrolResponse;

  beforeAll(async () => {
    s = await startServer(engine, { config: { deviceBinding: 'required' }, now: () => clock });
    token = (await login(s.url, NIP_A)).token;
    device = (
      await call<DeviceEnrolResponse>(s.url, 'POST', '/api/v1/devices', { token, body: { label: 'Ponsel' } })
    ).body;
  });
  afterAll(() => s?.close());

  const stored = async (): Promise<number | null> => {
    const r = await s.t.db
      .selectFrom('device_contacts')
      .select('contact_at')
      .where('contact_key', '=', device.deviceId)
      .executeTakeFirst();
    return r ? Number(r.contact_at) : null;
  };
  const signed = (at: number, kind: 'in' | 'out' = 'in'): CheckInRequest => {
    const req: CheckInRequest = {
      id: newId(at),
      kind,
      capturedAt: new Date(at).toISOString(),
      location: { ...MAKASSAR, accuracy: 10 },
    };
    const signature = createHmac('sha256', Buffer.from(device.key, 'base64url'))
      .update(captureCanonical(req))
      .digest('base64url');
    return { ...req, device: { id: device.deviceId, signature } };
  };
  const post = (b: CheckInRequest) =>
    call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', { token, body: b });

  it('writes a contact for GET /time, none for a stored check-in, one for a re-send', async () => {
    const polled = clock;
    const t = await call(s.url, 'GET', '/api/v1/time', {
      token,
      headers: { 'x-hadir-device': device.deviceId },
    });
    expect(t.status).toBe(200);
    await expect.poll(stored).toBe(polled);

    // Past the coalescing interval, so a contact noted now would be written.
    clock += CONTACT_WRITE_EVERY_MS + 1000;
    const body = signed(clock);
    const first = await post(body);
    expect(first.status).toBe(201);
    // The write is off the answer path: give a (wrong) write time to land before looking.
    for (let i = 0; i < 5; i++) {
      await sleep(50);
      expect(await stored()).toBe(polled);
    }

    // The same punch sent again (its answer was lost): a contact that stored nothing new.
    clock += CONTACT_WRITE_EVERY_MS + 1000;
    const again = await post(body);
    expect(again.status).toBe(200);
    await expect.poll(stored).toBe(clock);
  });

  it('writes none for a batch that stored a punch', async () => {
    clock += CONTACT_WRITE_EVERY_MS + 1000;
    const before = await stored();
    const r = await call<{ results: { status: number }[] }>(s.url, 'POST', '/api/v1/check-ins/batch', {
      token,
      body: { checkIns: [signed(clock, 'out')] },
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual([201]);
    for (let i = 0; i < 5; i++) {
      await sleep(50);
      expect(await stored()).toBe(before);
    }
  });
});
