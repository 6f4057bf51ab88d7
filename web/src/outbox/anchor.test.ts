import { describe, expect, it } from 'vitest';
import { ANCHOR_MAX_AGE_MS, AnchorKeeper, MONO_DRIFT, withoutAnchor, type SkewStorage } from './anchor.js';

/** A round trip that took no time, at monotonic `mono`. */
const at = (mono: number) => ({ sentAt: mono, receivedAt: mono });

/** An anchor token as the server makes them: base64url JSON {t, n, d, e} "." signature. */
function token(t: number, d: string | null = 'dev', e = 7): string {
  const payload = btoa(JSON.stringify({ t, n: 'x', d, e }))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
  return `${payload}.sig`;
}

const SERVER = Date.parse('2026-03-02T00:30:00.000Z');

function clocks(start: { mono: number; wall: number }) {
  const c = { ...start };
  return { c, clocks: { mono: () => c.mono, wall: () => c.wall } };
}

function memorySkew(initial?: number): SkewStorage & { value: number | undefined } {
  const s = {
    value: initial,
    load: () => s.value,
    save: (v: number) => {
      s.value = v;
    },
  };
  return s;
}

describe('anchor keeper', () => {
  it('dates a capture by the anchor plus monotonic time, whatever the wall clock says', () => {
    // The phone's wall clock is 3 hours ahead of the server.
    const { c, clocks: k } = clocks({ mono: 1_000, wall: SERVER + 3 * 3600_000 });
    const keeper = new AnchorKeeper(k);
    keeper.remember({ token: 'tok', serverTime: new Date(SERVER).toISOString() }, at(c.mono));
    c.mono += 125_400.4;
    c.wall += 999_999; // the wall clock may jump (user changed it); it does not matter
    const t = keeper.captureTime();
    expect(t.anchored).toBe(true);
    expect(t.time).toEqual({
      anchor: 'tok',
      elapsedMs: 125_400,
      deviceTime: new Date(c.wall).toISOString(),
      skewMs: 3 * 3600_000,
      uncertaintyMs: Math.ceil(125_400.4 * MONO_DRIFT),
    });
    expect(t.estimateMs).toBe(SERVER + 125_400);
  });

  it('without an anchor (page restarted offline) falls back to the wall clock and the stored skew', () => {
    const storage = memorySkew(3 * 3600_000);
    const { clocks: k } = clocks({ mono: 5, wall: SERVER + 3 * 3600_000 + 60_000 });
    const keeper = new AnchorKeeper(k, storage);
    const at = keeper.captureTime();
    expect(at.anchored).toBe(false);
    expect(at.time).toEqual({
      deviceTime: new Date(SERVER + 3 * 3600_000 + 60_000).toISOString(),
      skewMs: 3 * 3600_000,
    });
    expect(at.estimateMs).toBe(SERVER + 60_000);
  });

  it('keeps the measured skew for the next page load', () => {
    const storage = memorySkew();
    const { clocks: k } = clocks({ mono: 0, wall: SERVER - 90_000 });
    new AnchorKeeper(k, storage).remember({ token: 't', serverTime: new Date(SERVER).toISOString() }, at(0));
    expect(storage.value).toBe(-90_000);
    expect(new AnchorKeeper(k, storage).skewMs()).toBe(-90_000);
  });

  it('with no anchor and no skew ever measured, carries only the wall clock', () => {
    const keeper = new AnchorKeeper(clocks({ mono: 0, wall: SERVER }).clocks);
    expect(keeper.captureTime().time).toEqual({ deviceTime: new Date(SERVER).toISOString() });
  });

  it('drops an anchor the server refused, and one older than the maximum age', () => {
    const { c, clocks: k } = clocks({ mono: 0, wall: SERVER });
    const keeper = new AnchorKeeper(k);
    keeper.remember({ token: 't', serverTime: new Date(SERVER).toISOString() }, at(0));
    keeper.drop();
    expect(keeper.hasAnchor()).toBe(false);
    keeper.remember({ token: 't2', serverTime: new Date(SERVER).toISOString() }, at(0));
    c.mono += ANCHOR_MAX_AGE_MS + 1;
    expect(keeper.captureTime().anchored).toBe(false);
  });

  it('withoutAnchor keeps the wall clock and skew recorded at the press', () => {
    expect(withoutAnchor({ anchor: 'a', elapsedMs: 5, deviceTime: 'd', skewMs: 7 })).toEqual({
      deviceTime: 'd',
      skewMs: 7,
    });
    expect(withoutAnchor({ anchor: 'a', elapsedMs: 5, deviceTime: 'd' })).toEqual({ deviceTime: 'd' });
  });

  it('counts elapsed time from the middle of the round trip, and carries half of it as the uncertainty', () => {
    // The request left at mono 0; the answer (server time SERVER) arrived 30 s later.
    const { c, clocks: k } = clocks({ mono: 30_000, wall: SERVER + 15_000 });
    const keeper = new AnchorKeeper(k);
    keeper.remember(
      { token: token(SERVER), serverTime: new Date(SERVER).toISOString() },
      { sentAt: 0, receivedAt: 30_000 },
    );
    // The press, 60 s after the answer arrived.
    c.mono += 60_000;
    c.wall += 60_000;
    const t = keeper.captureTime();
    // Not SERVER + 60 s (which would put the press up to 30 s early), but the middle: +75 s ± 15 s.
    expect(t.time.elapsedMs).toBe(75_000);
    expect(t.estimateMs).toBe(SERVER + 75_000);
    expect(t.time.uncertaintyMs).toBe(Math.ceil(15_000 + 75_000 * MONO_DRIFT));
    expect(t.uncertaintyMs).toBe(t.time.uncertaintyMs);
    // The skew is measured at the middle as well: the wall clock was right.
    expect(keeper.skewMs()).toBe(0);
  });

  it('keeps the anchor with the smallest uncertainty, and takes a newly bound one at once', () => {
    const { c, clocks: k } = clocks({ mono: 1_000, wall: SERVER });
    const keeper = new AnchorKeeper(k);
    const quick = token(SERVER);
    keeper.remember(
      { token: quick, serverTime: new Date(SERVER).toISOString() },
      { sentAt: 800, receivedAt: 1_000 },
    );
    // A slow answer a little later is less certain: the quick anchor stays.
    c.mono = 40_000;
    const slow = token(SERVER + 20_000);
    keeper.remember(
      { token: slow, serverTime: new Date(SERVER + 20_000).toISOString() },
      { sentAt: 10_000, receivedAt: 40_000 },
    );
    expect(keeper.captureTime().time.anchor).toBe(quick);
    // Hours later the drift allowance of the quick one exceeds a fresh answer's half round trip.
    c.mono += 3 * 3600_000;
    const fresh = token(SERVER + 3 * 3600_000);
    keeper.remember(
      { token: fresh, serverTime: new Date(SERVER + 3 * 3600_000).toISOString() },
      { sentAt: c.mono - 600, receivedAt: c.mono },
    );
    expect(keeper.captureTime().time.anchor).toBe(fresh);
    // An anchor bound to another device (the phone enrolled again) replaces it whatever its round trip.
    c.mono += 1_000;
    const rebound = token(SERVER + 3 * 3600_000 + 1_000, 'dev-2');
    keeper.remember(
      { token: rebound, serverTime: new Date(SERVER + 3 * 3600_000 + 1_000).toISOString() },
      { sentAt: c.mono - 20_000, receivedAt: c.mono },
    );
    expect(keeper.captureTime().time.anchor).toBe(rebound);
  });

  it('does not date a capture when the monotonic clock reads before the anchor', () => {
    const { c, clocks: k } = clocks({ mono: 10_000, wall: SERVER });
    const keeper = new AnchorKeeper(k);
    keeper.remember(
      { token: token(SERVER), serverTime: new Date(SERVER).toISOString() },
      { sentAt: 10_000, receivedAt: 10_000 },
    );
    c.mono = 5_000;
    expect(keeper.captureTime().anchored).toBe(false);
  });
});
