/**
 * What the server does for phones coming back from an outage (issue 11): a batch whose
 * items were all refused still hands out an anchor bound to the phone, an anchored time
 * carries its uncertainty, and anchored captures cannot run ahead of the server's clock.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCanonical } from '../../../core/capture.js';
import type {
  BatchCheckInResponse,
  CheckInRequest,
  CheckInResponse,
  DeviceEnrolResponse,
  DeviceView,
  TimeAnchorView,
  TimeResponse,
} from '../../../core/wire.js';
import { getPunch } from './store.js';
import { ANCHOR_AHEAD_MS, ELAPSED_ZERO_AGE_MS, TIME_UNCERTAIN_MS } from './service.js';
import { ENGINES } from '../../test-support/engines.js';
import { call, login, MAKASSAR, newId, NIP_A, NOW, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

function sign(req: CheckInRequest, device: { deviceId: string; key: string }): CheckInRequest {
  const signature = createHmac('sha256', Buffer.from(device.key, 'base64url'))
    .update(captureCanonical(req))
    .digest('base64url');
  return { ...req, device: { id: device.deviceId, signature } };
}

describe.each(ENGINES)('recovery after an outage on %s', (engine) => {
  let s: TestServer;
  let clock = NOW;
  let token: string;
  let first: DeviceEnrolResponse;

  beforeAll(async () => {
    s = await startServer(engine, { config: { deviceBinding: 'required' }, now: () => clock });
    token = (await login(s.url, NIP_A)).token;
    first = (
      await call<DeviceEnrolResponse>(s.url, 'POST', '/api/v1/devices', { token, body: { label: 'Android' } })
    ).body;
  });
  afterAll(() => s?.close());

  const post = (b: unknown) => call<CheckInResponse>(s.url, 'POST', '/api/v1/check-ins', { token, body: b });
  const batch = (items: CheckInRequest[]) =>
    call<BatchCheckInResponse>(s.url, 'POST', '/api/v1/check-ins/batch', {
      token,
      body: { checkIns: items },
    });
  const anchorFor = async (deviceId: string) =>
    (
      await call<TimeResponse>(s.url, 'GET', '/api/v1/time', {
        token,
        headers: { 'x-hadir-device': deviceId },
      })
    ).body.anchor;

  function capture(at: number, time?: CheckInRequest['time']): CheckInRequest {
    return {
      id: newId(at),
      kind: 'in',
      capturedAt: new Date(at).toISOString(),
      location: { ...MAKASSAR, accuracy: 10 },
      ...(time ? { time } : {}),
    };
  }
  const anchored = (a: TimeAnchorView, elapsedMs: number, extra: Partial<CheckInRequest['time']> = {}) => ({
    anchor: a.token,
    elapsedMs,
    deviceTime: new Date(Date.parse(a.serverTime) + elapsedMs).toISOString(),
    ...extra,
  });

  it('binds the anchor of a batch whose items were all refused to the device the items name', async () => {
    // A second phone waits for approval: every item is refused device_pending.
    const pending = (
      await call<DeviceEnrolResponse>(s.url, 'POST', '/api/v1/devices', { token, body: { label: 'Tablet' } })
    ).body;
    expect(pending.status).toBe('pending');
    const r = await batch([sign(capture(NOW), pending)]);
    expect(r.body.results.map((x) => x.error?.code)).toEqual(['device_pending']);

    const dinkes = (await login(s.url, 'admin.dinkes')).token;
    const approved = await call<DeviceView>(s.url, 'POST', `/api/v1/devices/${pending.deviceId}/approve`, {
      token: dinkes,
    });
    expect(approved.body.status).toBe('active');
    // The next press, dated from that anchor, is stored on the anchor, not refused for it.
    const next = await post(sign(capture(NOW + 1000, anchored(r.body.anchor, 1000)), pending));
    expect(next.status).toBe(201);
    expect(next.body).toMatchObject({
      timeSource: 'anchor',
      timeOfRecord: new Date(NOW + 1000).toISOString(),
    });
  });

  it('binds it too when every item was refused for its content, and never to a device of someone else', async () => {
    const bad = sign({ ...capture(NOW), location: { lat: 91, lon: 0, accuracy: 5 } }, first);
    const r = await batch([bad]);
    expect(r.body.results.map((x) => x.error?.code)).toEqual(['invalid_location']);
    const next = await post(sign(capture(NOW, anchored(r.body.anchor, 0)), first));
    expect(next.status).toBe(201);
    expect(next.body.timeSource).toBe('anchor');

    const tokenB = (await login(s.url, '199001152019032002')).token;
    const other = await call<BatchCheckInResponse>(s.url, 'POST', '/api/v1/check-ins/batch', {
      token: tokenB,
      body: { checkIns: [sign(capture(NOW), first)] },
    });
    expect(other.body.results.map((x) => x.error?.code)).toEqual(['device_not_yours']);
    const payload = JSON.parse(
      Buffer.from(other.body.anchor.token.split('.')[0] ?? '', 'base64url').toString(),
    ) as { d: string | null };
    expect(payload.d).toBeNull();
  });

  it('records the declared uncertainty of an anchored time and flags a large one', async () => {
    const a = await anchorFor(first.deviceId);
    const small = sign(capture(NOW, anchored(a, 0, { uncertaintyMs: 150 })), first);
    const large = sign(capture(NOW, anchored(a, 0, { uncertaintyMs: TIME_UNCERTAIN_MS + 1 })), first);
    const old = sign(capture(NOW, anchored(a, 0)), first);
    const r = await batch([small, large, old]);
    expect(r.body.results.map((x) => [x.status, x.body?.flags])).toEqual([
      [201, []],
      [201, ['time_uncertain']],
      [201, []],
    ]);
    expect((await getPunch(s.t.db, small.id))?.time_uncertainty_ms).toBe(150);
    expect((await getPunch(s.t.db, large.id))?.time_uncertainty_ms).toBe(TIME_UNCERTAIN_MS + 1);
    // A phone from before the uncertainty existed is stored as before.
    expect((await getPunch(s.t.db, old.id))?.time_uncertainty_ms ?? null).toBeNull();
    // The uncertainty is signed: changing it after the press breaks the signature.
    const tampered = {
      ...small,
      id: newId(NOW),
      time: { ...small.time, deviceTime: small.time?.deviceTime ?? '', uncertaintyMs: 0 },
    };
    const resigned = sign({ ...tampered, device: undefined }, first);
    expect((await post({ ...tampered, device: small.device })).body).toMatchObject({
      code: 'device_signature_invalid',
    });
    expect((await post(resigned)).status).toBe(201);
  });

  it('refuses an anchored capture ahead of the server beyond a tiny bound, plus its declared uncertainty', async () => {
    const a = await anchorFor(first.deviceId);
    const tooFar = await post(sign(capture(NOW, anchored(a, ANCHOR_AHEAD_MS + 3000)), first));
    expect(tooFar.status).toBe(422);
    expect(tooFar.body).toMatchObject({ code: 'elapsed_invalid' });
    const edge = await post(sign(capture(NOW, anchored(a, ANCHOR_AHEAD_MS)), first));
    expect(edge.status).toBe(201);
    const declared = await post(
      sign(capture(NOW, anchored(a, ANCHOR_AHEAD_MS + 3000, { uncertaintyMs: 3000 })), first),
    );
    expect(declared.status).toBe(201);
    // A declared uncertainty never stretches the bound past the phone-clock tolerance.
    const huge = s.config.clockToleranceSec * 1000;
    const stretched = await post(
      sign(capture(NOW, anchored(a, ANCHOR_AHEAD_MS + huge + 1, { uncertaintyMs: 10 * huge })), first),
    );
    expect(stretched.body).toMatchObject({ code: 'elapsed_invalid' });
  });

  it('flags elapsed 0 on an anchor older than a minute', async () => {
    clock = NOW - ELAPSED_ZERO_AGE_MS;
    const a = await anchorFor(first.deviceId);
    clock = NOW;
    const r = await post(sign(capture(NOW, anchored(a, 0)), first));
    expect(r.status).toBe(201);
    expect(r.body.flags).toContain('elapsed_zero');
    const fresh = await post(sign(capture(NOW, anchored(await anchorFor(first.deviceId), 0)), first));
    expect(fresh.body.flags).not.toContain('elapsed_zero');
  });
});
