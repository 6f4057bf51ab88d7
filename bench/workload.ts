/**
 * Realistic check-in requests for the seeded bench regency: distinct employees and
 * UUIDv7 ids, tokens minted with the server's secret, positions inside the office fence
 * (most), just outside it, and far away with poor accuracy, both kinds of punch. Every
 * capture is dated by a time anchor (minted with the server's derivation, as GET /time
 * would hand it out) and signed with the employee's enrolled device key, so the measured
 * path includes the signature and anchor checks.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { captureCanonical } from '../core/capture.js';
import { uuidV7 } from '../core/uuid.js';
import type { CheckInRequest } from '../core/wire.js';
import { signToken } from '../server/platform/crypto/token.js';
import { anchorKey, signAnchor } from '../server/features/time/anchors.js';
import type { BenchSeed } from './seed.js';
import type { Punch } from './load-client.js';

const METRES_PER_DEGREE = 111_320;

export class Workload {
  readonly #seed: BenchSeed;
  readonly #secret: Buffer;
  readonly #tokens: (string | undefined)[];
  readonly #exp: number;
  readonly #ttl: number;
  readonly #anchorKey: Buffer;
  /** When the anchors were issued (a second before the workload starts). */
  readonly #anchorAt: number;
  readonly #anchors: (string | undefined)[];
  #n = 0;

  /** Tokens live TOKEN_TTL_SEC: start the server with HADIR_ACCESS_TOKEN_TTL at least that. */
  static readonly TOKEN_TTL_SEC = 6 * 3600;
  /** The server's default access-token lifetime (HADIR_ACCESS_TOKEN_TTL unset). */
  static readonly DEFAULT_TOKEN_TTL_SEC = 900;

  /** `tokenTtlSec`: lifetime of the minted tokens; the server must allow at least that. */
  constructor(seed: BenchSeed, secret: Buffer, nowMs: number, tokenTtlSec = Workload.TOKEN_TTL_SEC) {
    this.#seed = seed;
    this.#secret = secret;
    this.#tokens = new Array<string | undefined>(seed.count);
    this.#ttl = tokenTtlSec;
    this.#exp = Math.floor(nowMs / 1000) + tokenTtlSec;
    this.#anchorKey = anchorKey(secret);
    this.#anchorAt = nowMs - 1000;
    this.#anchors = new Array<string | undefined>(seed.count);
  }

  /** Employee index i's time anchor, bound to their device (minted once, kept). */
  anchor(i: number): string {
    let a = this.#anchors[i];
    if (a === undefined) {
      a = signAnchor(this.#anchorKey, {
        t: this.#anchorAt,
        n: randomBytes(12).toString('base64url'),
        d: this.#seed.deviceOf(i).id,
        e: this.#seed.firstEmployeeId + i,
      });
      this.#anchors[i] = a;
    }
    return a;
  }

  /** The bearer token of employee index i (minted once, kept). */
  token(i: number): string {
    let t = this.#tokens[i];
    if (t === undefined) {
      const iat = this.#exp - this.#ttl;
      t = signToken(this.#secret, {
        sub: 10_000_000 + i,
        sid: 'bench',
        role: 'employee',
        emp: this.#seed.firstEmployeeId + i,
        unit: this.#seed.officeOf(i).unitId,
        iat,
        exp: this.#exp,
      });
      this.#tokens[i] = t;
    }
    return t;
  }

  /** The JSON body of a punch by employee index i, captured now. */
  body(i: number, id: string, nowMs: number): string {
    const office = this.#seed.officeOf(i);
    const r = this.#n++ % 10;
    // 7 in 10 inside the fence, 2 just outside (300 m north), 1 far with poor accuracy.
    const dLat = r < 7 ? ((i % 11) - 5) * 5 : r < 9 ? 300 + (i % 50) : 5000;
    const accuracy = r < 9 ? 8 + (i % 30) : 250;
    const pressed = Math.floor(nowMs) - 200;
    const at = new Date(pressed).toISOString();
    const req: CheckInRequest = {
      id,
      kind: r % 3 === 2 ? 'out' : 'in',
      capturedAt: at,
      location: {
        lat: Number((office.lat + dLat / METRES_PER_DEGREE).toFixed(6)),
        lon: Number((office.lon + ((i % 7) - 3) / METRES_PER_DEGREE).toFixed(6)),
        accuracy,
      },
      time: {
        anchor: this.anchor(i),
        elapsedMs: Math.max(0, pressed - this.#anchorAt),
        deviceTime: at,
        skewMs: 0,
      },
    };
    const device = this.#seed.deviceOf(i);
    const signature = createHmac('sha256', device.key).update(captureCanonical(req)).digest('base64url');
    return JSON.stringify({ ...req, device: { id: device.id, signature } });
  }

  /** A complete punch for employee index i. */
  punch(i: number, nowMs: number): Punch {
    const id = uuidV7(nowMs, randomBytes(10));
    return { id, token: this.token(i), body: this.body(i, id, nowMs) };
  }
}
