/**
 * Configuration: the only module that reads process.env. Read and validated once at
 * start; a bad value stops the server with a message that names the variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Folder for the SQLite file, the generated token secret and (later) photos. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent, SQLite in dataDir is used. */
  readonly databaseUrl: string | null;
  /** 'transaction': DATABASE_URL goes through PgBouncer in transaction pooling mode. */
  readonly databasePooler: 'none' | 'transaction';
  /** A direct PostgreSQL connection (not through the pooler) for LISTEN; null: DATABASE_URL without a pooler. */
  readonly databaseDirectUrl: string | null;
  /** SQLite `synchronous` level: 'full' survives power loss, 'normal' survives a process crash. */
  readonly sqliteSync: 'full' | 'normal';
  /** HMAC secret for access tokens (at least 32 bytes). */
  readonly tokenSecret: Buffer;
  readonly accessTokenTtlSec: number;
  /** A refresh token's lifetime; each refresh starts a new one (an idle limit). */
  readonly refreshTokenTtlSec: number;
  /**
   * The absolute lifetime of a session, from its sign-in, however often it is refreshed
   * (OWASP ASVS 5.0 7.3.2): for employees on their phones, and the shorter one for admins.
   */
  readonly sessionMaxAgeSec: number;
  readonly adminSessionMaxAgeSec: number;
  /** How far in the future a capturedAt may be (phone clocks drift). */
  readonly clockToleranceSec: number;
  /** How old a capturedAt may be when it reaches the server. */
  readonly captureMaxAgeSec: number;
  /** A capture older than this when received is flagged "capture_delayed". */
  readonly captureDelayFlagSec: number;
  /** Largest accepted request body, bytes. */
  readonly bodyLimitBytes: number;
  /**
   * Failed sign-ins allowed within the throttle window (see `AuthService.login`): per
   * account from one place (an address, or one known device); per account from all
   * clients without a known-device token together; per address from those clients.
   */
  readonly loginMaxPerAccount: number;
  readonly loginMaxPerAccountTotal: number;
  readonly loginMaxPerAddress: number;
  readonly loginWindowSec: number;
  /** Trust X-Forwarded-For from a reverse proxy. */
  readonly trustProxy: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Check-ins waiting for the next group commit; past it the server answers 503 at once. */
  readonly queueMax: number;
  /** Most check-ins written in one transaction. */
  readonly batchMax: number;
  /** Check-in requests being handled at once (parsing, waiting for commit); past it 503. */
  readonly inflightMax: number;
  /** How often each server checks whether employees, fences or schedules changed, ms. */
  readonly directoryPollMs: number;
  /** Folder with the built phone app (index.html); null to serve no pages. */
  readonly webDir: string | null;
  /** The address people open the app at, printed on activation slips; null = http://localhost:PORT. */
  readonly publicUrl: string | null;
  /**
   * Map tiles for the console's work-site editor, an XYZ template such as
   * 'https://tiles.example.org/{z}/{x}/{y}.png'; null draws sites on a plain grid (no
   * request leaves the browser for a third party).
   */
  readonly mapTileUrl: string | null;
  /** 'required': every capture must be signed by an enrolled, active device; 'optional': unsigned ones pass. */
  readonly deviceBinding: 'required' | 'optional';
  /** Most phones an employee may hold active or waiting for approval at once. */
  readonly deviceMaxPerEmployee: number;
  /** Most phones an employee may enrol within 24 hours (revoked ones included). */
  readonly deviceEnrolPerDay: number;
  /** Oldest time anchor accepted on a capture, seconds. */
  readonly anchorMaxAgeSec: number;
  /** A capture reaching the server later than this after its time of record is flagged "late_submission". */
  readonly lateSubmissionSec: number;
  /** Largest accepted selfie upload, bytes (the phone compresses to ~30 KB). */
  readonly photoMaxBytes: number;
  /**
   * Worker threads that build recaps and exports off the event loop that serves
   * check-ins; 0 builds them on the event loop (a single-process tool, a test).
   */
  readonly reportWorkers: number;
  /** Recaps and exports that may wait for a report worker; past it: 503 reports_busy. */
  readonly reportQueueMax: number;
  /** Days a selfie file is kept before `hadir photos purge` deletes it (UU 27/2022 retention). */
  readonly photoRetentionDays: number;
  /** Where selfie files go: files under `<dataDir>/photos` (default) or an S3-compatible bucket. */
  readonly photoStore: PhotoStoreConfig;
  /** Whether the ADMS push server for fingerprint machines (/iclock/…) answers. */
  readonly adms: boolean;
  /** A port of its own for /iclock/… (null: the main port). */
  readonly admsPort: number | null;
  /** Seconds between a machine's polls for commands (the handshake's Delay). */
  readonly admsDelaySec: number;
  /** Largest upload a machine may send at once, bytes (a week's backlog is ~200 KB). */
  readonly admsBodyLimitBytes: number;
  /** A machine clock off by more than this many seconds raises its drift alarm. */
  readonly machineDriftAlarmSec: number;
}

export type PhotoStoreConfig =
  | { readonly kind: 'disk' }
  | {
      readonly kind: 's3';
      /** `https://…` or `http://…`, without the bucket (path-style requests). */
      readonly endpoint: string;
      readonly bucket: string;
      readonly region: string;
      readonly accessKeyId: string;
      readonly secretAccessKey: string;
    };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function oneOf<T extends string>(env: Env, name: string, def: T, allowed: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function tileUrl(env: Env): string | null {
  const raw = env['HADIR_MAP_TILE_URL'];
  if (raw === undefined || raw === '') return null;
  if (!/^https?:\/\/[^\s]+$/.test(raw) || !['{z}', '{x}', '{y}'].every((p) => raw.includes(p))) {
    throw new ConfigError(
      `HADIR_MAP_TILE_URL must be an http(s) address with {z}, {x} and {y}, got "${raw}"`,
    );
  }
  return raw;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/**
 * The token secret: HADIR_TOKEN_SECRET when set (hex or any string of 32+ characters),
 * else a random one kept in `<dataDir>/token-secret` so restarts keep sessions valid.
 * With several processes, set HADIR_TOKEN_SECRET (or share the data folder).
 */
function tokenSecret(env: Env, dataDir: string): Buffer {
  const raw = env['HADIR_TOKEN_SECRET'];
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError('HADIR_TOKEN_SECRET must be at least 32 characters');
    return Buffer.from(raw, 'utf8');
  }
  const file = join(dataDir, 'token-secret');
  if (existsSync(file)) {
    const hex = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64,}$/.test(hex))
      throw new ConfigError(`${file} is damaged; delete it to generate a new secret`);
    return Buffer.from(hex, 'hex');
  }
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('hex') + '\n', { mode: 0o600 });
  return secret;
}

function required(env: Env, name: string, why: string): string {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') throw new ConfigError(`${name} is required ${why}`);
  return raw.trim();
}

/** HADIR_PHOTO_STORE=disk|s3 and, for s3, the bucket's address and keys (all required). */
function photoStore(env: Env): PhotoStoreConfig {
  const kind = oneOf(env, 'HADIR_PHOTO_STORE', 'disk', ['disk', 's3'] as const);
  if (kind === 'disk') return { kind };
  const why = 'when HADIR_PHOTO_STORE=s3';
  const endpoint = required(env, 'HADIR_S3_ENDPOINT', why);
  let url: URL | null = null;
  try {
    url = new URL(endpoint);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new ConfigError(`HADIR_S3_ENDPOINT must be an https:// or http:// URL, got "${endpoint}"`);
  }
  const bucket = required(env, 'HADIR_S3_BUCKET', why);
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      `HADIR_S3_BUCKET must be a bucket name (3-63 lower-case letters, digits, dots, hyphens), got "${bucket}"`,
    );
  }
  const region = env['HADIR_S3_REGION']?.trim() || 'us-east-1';
  if (!/^[a-z0-9-]+$/.test(region)) {
    throw new ConfigError(`HADIR_S3_REGION must be a region name such as us-east-1, got "${region}"`);
  }
  return Object.freeze({
    kind,
    endpoint,
    bucket,
    region,
    accessKeyId: required(env, 'HADIR_S3_ACCESS_KEY_ID', why),
    secretAccessKey: required(env, 'HADIR_S3_SECRET_ACCESS_KEY', why),
  });
}

/** Reads and validates the configuration. Creates the data folder if needed. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const dataDir = resolve(cwd, env['HADIR_DATA_DIR'] || './data');
  mkdirSync(dataDir, { recursive: true });
  const databaseUrl = env['DATABASE_URL'] || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const databaseDirectUrl = env['HADIR_DATABASE_DIRECT_URL'] || null;
  if (
    databaseDirectUrl !== null &&
    (databaseUrl === null || !/^postgres(ql)?:\/\//.test(databaseDirectUrl))
  ) {
    throw new ConfigError(
      'HADIR_DATABASE_DIRECT_URL must start with postgres:// or postgresql:// and needs DATABASE_URL',
    );
  }
  const webDirRaw = env['HADIR_WEB_DIR'];
  const webDir = webDirRaw === 'none' ? null : resolve(cwd, webDirRaw || join('dist', 'web'));
  return Object.freeze({
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env['HOST'] || '0.0.0.0',
    dataDir,
    databaseUrl,
    databasePooler: oneOf(env, 'HADIR_DATABASE_POOLER', 'none', ['none', 'transaction'] as const),
    databaseDirectUrl,
    sqliteSync: oneOf(env, 'HADIR_SQLITE_SYNC', 'full', ['full', 'normal'] as const),
    tokenSecret: tokenSecret(env, dataDir),
    accessTokenTtlSec: int(env, 'HADIR_ACCESS_TOKEN_TTL', 900, 60, 86400),
    refreshTokenTtlSec: int(env, 'HADIR_REFRESH_TOKEN_TTL', 30 * 86400, 3600, 365 * 86400),
    sessionMaxAgeSec: int(env, 'HADIR_SESSION_MAX_AGE', 30 * 86400, 3600, 365 * 86400),
    adminSessionMaxAgeSec: int(env, 'HADIR_ADMIN_SESSION_MAX_AGE', 12 * 3600, 3600, 365 * 86400),
    clockToleranceSec: int(env, 'HADIR_CLOCK_TOLERANCE', 120, 0, 3600),
    captureMaxAgeSec: int(env, 'HADIR_CAPTURE_MAX_AGE', 7 * 86400, 60, 90 * 86400),
    captureDelayFlagSec: int(env, 'HADIR_CAPTURE_DELAY_FLAG', 300, 0, 86400),
    bodyLimitBytes: int(env, 'HADIR_BODY_LIMIT', 16 * 1024, 1024, 10 * 1024 * 1024),
    loginMaxPerAccount: int(env, 'HADIR_LOGIN_MAX_PER_ACCOUNT', 5, 1, 1000),
    loginMaxPerAccountTotal: int(env, 'HADIR_LOGIN_MAX_PER_ACCOUNT_TOTAL', 20, 1, 100000),
    loginMaxPerAddress: int(env, 'HADIR_LOGIN_MAX_PER_ADDRESS', 30, 1, 100000),
    loginWindowSec: int(env, 'HADIR_LOGIN_WINDOW', 900, 10, 86400),
    trustProxy: bool(env, 'HADIR_TRUST_PROXY', false),
    logLevel: oneOf(env, 'HADIR_LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    queueMax: int(env, 'HADIR_QUEUE_MAX', 20_000, 1, 10_000_000),
    batchMax: int(env, 'HADIR_BATCH_MAX', 1000, 1, 100_000),
    inflightMax: int(env, 'HADIR_INFLIGHT_MAX', 10_000, 1, 10_000_000),
    directoryPollMs: int(env, 'HADIR_DIRECTORY_POLL_MS', 2000, 0, 3_600_000),
    webDir,
    publicUrl: env['HADIR_PUBLIC_URL'] || null,
    mapTileUrl: tileUrl(env),
    deviceBinding: oneOf(env, 'HADIR_DEVICE_BINDING', 'required', ['required', 'optional'] as const),
    deviceMaxPerEmployee: int(env, 'HADIR_DEVICE_MAX_PER_EMPLOYEE', 3, 1, 100),
    deviceEnrolPerDay: int(env, 'HADIR_DEVICE_ENROL_PER_DAY', 5, 1, 1000),
    anchorMaxAgeSec: int(env, 'HADIR_ANCHOR_MAX_AGE', 7 * 86400, 60, 90 * 86400),
    lateSubmissionSec: int(env, 'HADIR_LATE_SUBMISSION_SEC', 86400, 0, 90 * 86400),
    photoMaxBytes: int(env, 'HADIR_PHOTO_MAX_BYTES', 40 * 1024, 1024, 10 * 1024 * 1024),
    reportWorkers: int(env, 'HADIR_REPORT_WORKERS', 1, 0, 64),
    reportQueueMax: int(env, 'HADIR_REPORT_QUEUE_MAX', 32, 1, 10_000),
    photoRetentionDays: int(env, 'HADIR_PHOTO_RETENTION_DAYS', 90, 1, 3650),
    photoStore: photoStore(env),
    adms: bool(env, 'HADIR_ADMS', true),
    admsPort: env['HADIR_ADMS_PORT'] ? int(env, 'HADIR_ADMS_PORT', 0, 1, 65535) : null,
    admsDelaySec: int(env, 'HADIR_ADMS_DELAY', 30, 1, 3600),
    admsBodyLimitBytes: int(env, 'HADIR_ADMS_BODY_LIMIT', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    machineDriftAlarmSec: int(env, 'HADIR_MACHINE_DRIFT_ALARM', 120, 1, 86400),
  });
}
