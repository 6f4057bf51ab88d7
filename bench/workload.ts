/**
 * Realistic check-in requests for the seeded bench regency: distinct employees and
 * UUIDv7 ids, tokens minted with the server's secret, positions inside the office fence
 * (most), just outside it, and far away with poor accuracy, both kinds of punch.
 */
import { randomBytes } from 'node:crypto';
import { uuidV7 } from '../core/uuid.js';
import { signToken } from '../server/auth/token.js';
import type { BenchSeed } from './seed.js';
import type { Punch } from './load-client.js';

const METRES_PER_DEGREE = 111_320;

export class Workload {
  readonly #seed: BenchSeed;
  readonly #secret: Buffer;
  readonly #tokens: (string | undefined)[];
  readonly #exp: number;
  #n = 0;

  /** Tokens live TOKEN_TTL_SEC: start the server with HADIR_ACCESS_TOKEN_TTL at least that. */
  static readonly TOKEN_TTL_SEC = 6 * 3600;

  constructor(seed: BenchSeed, secret: Buffer, nowMs: number) {
    this.#seed = seed;
    this.#secret = secret;
    this.#tokens = new Array<string | undefined>(seed.count);
    this.#exp = Math.floor(nowMs / 1000) + Workload.TOKEN_TTL_SEC;
  }

  /** The bearer token of employee index i (minted once, kept). */
  token(i: number): string {
    let t = this.#tokens[i];
    if (t === undefined) {
      const iat = this.#exp - Workload.TOKEN_TTL_SEC;
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
    return JSON.stringify({
      id,
      kind: r % 3 === 2 ? 'out' : 'in',
      capturedAt: new Date(nowMs - 200).toISOString(),
      location: {
        lat: Number((office.lat + dLat / METRES_PER_DEGREE).toFixed(6)),
        lon: Number((office.lon + ((i % 7) - 3) / METRES_PER_DEGREE).toFixed(6)),
        accuracy,
      },
    });
  }

  /** A complete punch for employee index i. */
  punch(i: number, nowMs: number): Punch {
    const id = uuidV7(nowMs, randomBytes(10));
    return { id, token: this.token(i), body: this.body(i, id, nowMs) };
  }
}
