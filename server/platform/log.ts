/**
 * Logging fit for the morning peak. JSON lines on stdout (pino, through Fastify).
 *
 * - `info` (the default): start-up and shutdown, every failure (5xx with its stack,
 *   infrastructure trouble such as a failed cache reload), and one `requests` summary
 *   line per second with traffic: counts by route and status, refusals by error code,
 *   latency p50/p99/max. No line per request: at 20,000 check-ins a second two lines
 *   each cost more than the check-in itself.
 * - `debug` / `trace`: also a line when each request arrives and when it is answered.
 * - Secrets never reach the log: the Authorization and Cookie headers, passwords,
 *   refresh and activation tokens in bodies, and secret-looking query parameters are
 *   replaced with "[redacted]" whatever the level.
 */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { LogController } from 'fastify';
import type { Config } from './config.js';

export type LogLevel = Config['logLevel'];

/** What the services need to report trouble (a pino logger is one). */
export interface Log {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** A log that writes nothing (tests, tools). */
export const SILENT_LOG: Log = { error: () => undefined, warn: () => undefined, info: () => undefined };

const CENSOR = '[redacted]';

/** Body and object fields that are secrets, at any of the first three levels. */
const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'refreshToken',
  'accessToken',
  'token',
  'activationToken',
  'secret',
  'key',
];

/** Paths pino blanks out in every log line (fast-redact syntax). */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hadir-device"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

const SECRET_QUERY = /token|password|secret|key|code|signature/i;

/** The URL with the values of secret-looking query parameters blanked out. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((p) => {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      return eq >= 0 && SECRET_QUERY.test(decodeURIComponentSafe(name)) ? `${name}=${CENSOR}` : p;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A malformed escape: judge the name as written.
    return s;
  }
}

/** Latency buckets: 0.1 ms doubling up to ~60 s (the last bucket takes the rest). */
const BUCKETS = 21;
const FIRST_BUCKET_MS = 0.1;

function bucketOf(ms: number): number {
  if (ms <= FIRST_BUCKET_MS) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log2(ms / FIRST_BUCKET_MS)));
}

/** The upper edge of a bucket, ms. */
function bucketMs(b: number): number {
  return Math.round(FIRST_BUCKET_MS * 2 ** b * 10) / 10;
}

interface RouteCounts {
  statuses: Map<number, number>;
}

/** One summary line's worth of figures. */
export interface RequestSummaryLine {
  seconds: number;
  requests: number;
  /** "POST /api/v1/check-ins" → { "201": 18000, "503": 12 } */
  routes: Record<string, Record<string, number>>;
  /** Refusals by error code. */
  codes?: Record<string, number>;
  /** Upper edges of the latency buckets of the 50th and 99th percentile, and the slowest answer. */
  latencyMs: { p50: number; p99: number; max: number };
}

/**
 * Counts answers between two summary lines: a few integer increments per request, no
 * allocation once a route has been seen.
 */
export class RequestSummary {
  #routes = new Map<string, RouteCounts>();
  #codes = new Map<string, number>();
  #hist = new Uint32Array(BUCKETS);
  #max = 0;
  #count = 0;
  #since = performance.now();

  note(method: string, route: string | undefined, status: number, ms: number): void {
    const key = route === undefined ? `${method} (no route)` : `${method} ${route}`;
    let r = this.#routes.get(key);
    if (!r) {
      r = { statuses: new Map() };
      this.#routes.set(key, r);
    }
    r.statuses.set(status, (r.statuses.get(status) ?? 0) + 1);
    this.#hist[bucketOf(ms)]!++;
    if (ms > this.#max) this.#max = ms;
    this.#count++;
  }

  /** A refusal's error code (counted on top of its status). */
  refused(code: string): void {
    this.#codes.set(code, (this.#codes.get(code) ?? 0) + 1);
  }

  /** The figures since the last call, and a fresh start; null when nothing was answered. */
  take(now = performance.now()): RequestSummaryLine | null {
    if (this.#count === 0) {
      this.#since = now;
      return null;
    }
    const routes: RequestSummaryLine['routes'] = {};
    for (const [k, r] of this.#routes) {
      const s: Record<string, number> = {};
      for (const [status, n] of r.statuses) s[String(status)] = n;
      routes[k] = s;
    }
    const pct = (p: number): number => {
      const want = Math.ceil(this.#count * p);
      let seen = 0;
      for (let b = 0; b < BUCKETS; b++) {
        seen += this.#hist[b] ?? 0;
        if (seen >= want) return bucketMs(b);
      }
      return bucketMs(BUCKETS - 1);
    };
    const line: RequestSummaryLine = {
      seconds: Math.round((now - this.#since) / 100) / 10,
      requests: this.#count,
      routes,
      latencyMs: { p50: pct(0.5), p99: pct(0.99), max: Math.round(this.#max * 10) / 10 },
    };
    if (this.#codes.size > 0) line.codes = Object.fromEntries(this.#codes);
    this.#routes = new Map();
    this.#codes = new Map();
    this.#hist.fill(0);
    this.#max = 0;
    this.#count = 0;
    this.#since = now;
    return line;
  }
}

function verbose(level: LogLevel): boolean {
  return level === 'debug' || level === 'trace';
}

/**
 * Fastify's per-request log lines, replaced: every answer is counted in the summary;
 * the lines themselves are written only at debug and trace.
 */
class SummarisingLogController extends LogController {
  readonly #summary: RequestSummary;
  readonly #verbose: boolean;

  constructor(summary: RequestSummary, level: LogLevel) {
    super();
    this.#summary = summary;
    this.#verbose = verbose(level);
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    if (this.#verbose) super.incomingRequest(request, reply);
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    this.#summary.note(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime);
    if (this.#verbose) super.requestCompleted(error, request, reply);
  }
}

/** The Fastify options that set up logging at `level`, writing to `stream` (stdout by default). */
export function fastifyLogOptions(
  level: LogLevel,
  summary: RequestSummary,
  stream?: NodeJS.WritableStream,
): Pick<FastifyServerOptions, 'logger' | 'logController' | 'childLoggerFactory'> {
  return {
    logger: {
      level,
      redact: { paths: [...REDACT_PATHS], censor: CENSOR },
      serializers: {
        // Method, path and address only: headers (tokens, cookies) never enter a line.
        req: (req: { method?: unknown; url?: unknown; ip?: unknown }) => ({
          method: typeof req.method === 'string' ? req.method : undefined,
          url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
          remoteAddress: typeof req.ip === 'string' ? req.ip : undefined,
        }),
      },
      ...(stream ? { stream } : {}),
    },
    logController: new SummarisingLogController(summary, level),
    // A child logger per request (to carry its id) is worth it only when requests are
    // logged one by one; otherwise failures name the request id themselves.
    ...(verbose(level)
      ? {}
      : { childLoggerFactory: (logger: FastifyBaseLogger): FastifyBaseLogger => logger }),
  };
}

/** Writes a summary line every `intervalMs` while there is traffic; returns a stop function. */
export function startRequestSummary(log: Log, summary: RequestSummary, intervalMs = 1000): () => void {
  const write = (): void => {
    const line = summary.take();
    if (line) log.info(line, 'requests');
  };
  const timer = setInterval(write, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    write();
  };
}
