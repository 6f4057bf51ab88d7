/**
 * Trusted time on the phone (DESIGN.md "Trusted time"). The server's signed anchor is
 * kept together with the monotonic clock reading at the middle of the round trip that
 * brought it (the server's time lies somewhere in that round trip, so the middle is off
 * by at most half of it); a capture then says "anchor + this many monotonic ms, give or
 * take this much", which does not depend on the phone's wall clock. Of the anchors
 * received, the one with the smallest uncertainty now is kept (half its round trip,
 * plus the monotonic clock's drift since): an answer that took 30 s does not move the
 * next punches 30 s earlier, it is simply not preferred over a quick one.
 *
 * The monotonic clock (`performance.now()`) restarts with the page, so the anchor lives
 * in memory only: after a restart without network the chain is broken and a capture
 * carries the wall clock and the skew measured at the last contact (kept on the phone),
 * which the server accepts flagged "time_unverified".
 */
import type { CaptureTime, TimeAnchorView } from '../../../core/wire.js';

/** Anchors older than this are not used (the server's default maximum age is 7 days). */
export const ANCHOR_MAX_AGE_MS = 7 * 24 * 3600_000;
/** Assumed worst drift of the monotonic clock against the server's, per ms (100 ppm). */
export const MONO_DRIFT = 1e-4;

/** When a request went out and its answer came back, monotonic ms. */
export interface RoundTrip {
  sentAt: number;
  receivedAt: number;
}

interface Held {
  token: string;
  serverMs: number;
  /** Monotonic ms at the middle of the round trip. */
  monoAt: number;
  halfRttMs: number;
  /** Who the anchor is bound to (the token's d and e), so a new binding always wins. */
  binding: string;
}

/** The `d` and `e` of an anchor token, as one string ('' when unreadable). */
function bindingOf(token: string): string {
  try {
    const part = token.slice(0, token.indexOf('.')).replace(/-/g, '+').replace(/_/g, '/');
    const o = JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4))) as {
      d?: unknown;
      e?: unknown;
    };
    return JSON.stringify([o.d ?? null, o.e ?? null]);
  } catch {
    return '';
  }
}

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
  /** How far `estimateMs` may be off, when anchored. */
  uncertaintyMs?: number;
}

export class AnchorKeeper {
  private held: Held | null = null;
  private skew: number | undefined;

  constructor(
    private readonly clocks: Clocks,
    private readonly storage: SkewStorage | null = null,
  ) {
    this.skew = storage?.load();
  }

  /**
   * Takes the anchor of a server answer whose request went out and came back at
   * `round` (monotonic ms): kept when it is more certain than the one held (or bound
   * differently: another device or account), and the wall clock's skew is measured
   * against it either way (the last contact says how the phone's clock is set now).
   */
  remember(view: TimeAnchorView, round: RoundTrip): void {
    const serverMs = Date.parse(view.serverTime);
    if (!Number.isFinite(serverMs) || view.token === '') return;
    const rtt = Math.max(0, round.receivedAt - round.sentAt);
    const next: Held = {
      token: view.token,
      serverMs,
      monoAt: round.sentAt + rtt / 2,
      halfRttMs: rtt / 2,
      binding: bindingOf(view.token),
    };
    const mono = this.clocks.mono();
    this.skew = Math.round(this.clocks.wall() - (mono - next.monoAt) - serverMs);
    this.storage?.save(this.skew);
    const held = this.current();
    if (held === null || held.binding !== next.binding || next.halfRttMs <= this.uncertainty(held, mono)) {
      this.held = next;
    }
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
    const mono = this.clocks.mono();
    // A monotonic clock that went backwards cannot date anything: fall back to the wall clock.
    if (held !== null && mono >= held.monoAt) {
      const elapsedMs = Math.round(mono - held.monoAt);
      const uncertaintyMs = Math.ceil(this.uncertainty(held, mono));
      return {
        time: {
          anchor: held.token,
          elapsedMs,
          deviceTime,
          ...(skewMs === undefined ? {} : { skewMs }),
          uncertaintyMs,
        },
        estimateMs: held.serverMs + elapsedMs,
        anchored: true,
        uncertaintyMs,
      };
    }
    return {
      time: { deviceTime, ...(skewMs === undefined ? {} : { skewMs }) },
      estimateMs: wall - (skewMs ?? 0),
      anchored: false,
    };
  }

  /** How far anchor + elapsed may be off at `mono`, ms. */
  private uncertainty(h: Held, mono: number): number {
    return h.halfRttMs + MONO_DRIFT * Math.max(0, mono - h.monoAt);
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
  // The uncertainty belongs to the anchored time; without it the skew is all there is.
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
