/**
 * Trusted time on the phone (DESIGN.md "Trusted time"). The server's signed anchor is
 * kept together with the monotonic clock reading at its receipt; a capture then says
 * "anchor + this many monotonic ms", which does not depend on the phone's wall clock.
 *
 * The monotonic clock (`performance.now()`) restarts with the page, so the anchor lives
 * in memory only: after a restart without network the chain is broken and a capture
 * carries the wall clock and the skew measured at the last contact (kept on the phone),
 * which the server accepts flagged "time_unverified".
 */
import type { CaptureTime, TimeAnchorView } from '../../../core/wire.js';

/** Anchors older than this are not used (the server's default maximum age is 7 days). */
export const ANCHOR_MAX_AGE_MS = 7 * 24 * 3600_000;

export interface Clocks {
  /** Monotonic ms (performance.now()). */
  mono: () => number;
  /** Wall clock ms (Date.now()). */
  wall: () => number;
}

/** Where the last measured skew is kept across page loads. */
export interface SkewStorage {
  load(): number | undefined;
  save(skewMs: number): void;
}

export interface CaptureClock {
  time: CaptureTime;
  /** Best estimate of the true instant of the press, ms. */
  estimateMs: number;
  /** True when the time rests on a server anchor. */
  anchored: boolean;
}

export class AnchorKeeper {
  private held: { token: string; serverMs: number; monoAt: number } | null = null;
  private skew: number | undefined;

  constructor(
    private readonly clocks: Clocks,
    private readonly storage: SkewStorage | null = null,
  ) {
    this.skew = storage?.load();
  }

  /** Keeps a fresh anchor from any server answer, and measures the wall clock's skew against it. */
  remember(view: TimeAnchorView): void {
    const serverMs = Date.parse(view.serverTime);
    if (!Number.isFinite(serverMs) || view.token === '') return;
    this.held = { token: view.token, serverMs, monoAt: this.clocks.mono() };
    this.skew = Math.round(this.clocks.wall() - serverMs);
    this.storage?.save(this.skew);
  }

  /** Forgets the anchor (the server called it invalid or expired). */
  drop(): void {
    this.held = null;
  }

  hasAnchor(): boolean {
    return this.current() !== null;
  }

  /** deviceWallClock − serverTime at the last contact, ms; undefined if never measured. */
  skewMs(): number | undefined {
    return this.skew;
  }

  /** The time block of a capture made now. */
  captureTime(): CaptureClock {
    const wall = this.clocks.wall();
    const deviceTime = new Date(wall).toISOString();
    const skewMs = this.skew;
    const held = this.current();
    if (held !== null) {
      const elapsedMs = Math.max(0, Math.round(this.clocks.mono() - held.monoAt));
      return {
        time: { anchor: held.token, elapsedMs, deviceTime, ...(skewMs === undefined ? {} : { skewMs }) },
        estimateMs: held.serverMs + elapsedMs,
        anchored: true,
      };
    }
    return {
      time: { deviceTime, ...(skewMs === undefined ? {} : { skewMs }) },
      estimateMs: wall - (skewMs ?? 0),
      anchored: false,
    };
  }

  private current() {
    if (this.held === null) return null;
    if (this.clocks.mono() - this.held.monoAt > ANCHOR_MAX_AGE_MS) this.held = null;
    return this.held;
  }
}

/**
 * The same capture without its anchor: the fallback after `anchor_invalid`,
 * `anchor_expired` or `elapsed_invalid`. The wall clock and skew recorded at the press stay.
 */
export function withoutAnchor(time: CaptureTime): CaptureTime {
  return { deviceTime: time.deviceTime, ...(time.skewMs === undefined ? {} : { skewMs: time.skewMs }) };
}

/** Skew kept in localStorage. */
export const localSkewStorage: SkewStorage = {
  load() {
    try {
      const v = Number(localStorage.getItem('hadir.skewMs'));
      return localStorage.getItem('hadir.skewMs') === null || !Number.isFinite(v) ? undefined : v;
    } catch {
      return undefined;
    }
  },
  save(skewMs) {
    try {
      localStorage.setItem('hadir.skewMs', String(skewMs));
    } catch {
      // Storage unavailable: the skew lasts for this page only.
    }
  },
};
