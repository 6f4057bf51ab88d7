import { describe, expect, it } from 'vitest';
import { ANCHOR_MAX_AGE_MS, AnchorKeeper, withoutAnchor, type SkewStorage } from './anchor.js';

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
    keeper.remember({ token: 'tok', serverTime: new Date(SERVER).toISOString() });
    c.mono += 125_400.4;
    c.wall += 999_999; // the wall clock may jump (user changed it); it does not matter
    const at = keeper.captureTime();
    expect(at.anchored).toBe(true);
    expect(at.time).toEqual({
      anchor: 'tok',
      elapsedMs: 125_400,
      deviceTime: new Date(c.wall).toISOString(),
      skewMs: 3 * 3600_000,
    });
    expect(at.estimateMs).toBe(SERVER + 125_400);
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
    new AnchorKeeper(k, storage).remember({ token: 't', serverTime: new Date(SERVER).toISOString() });
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
    keeper.remember({ token: 't', serverTime: new Date(SERVER).toISOString() });
    keeper.drop();
    expect(keeper.hasAnchor()).toBe(false);
    keeper.remember({ token: 't2', serverTime: new Date(SERVER).toISOString() });
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
});
