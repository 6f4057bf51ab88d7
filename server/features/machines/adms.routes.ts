/**
 * The ADMS push server: the "iclock" HTTP endpoints fingerprint machines call
 * (core/machines/adms.ts describes the protocol). Plain text in and out, answered as
 * the machines expect: the options block, `OK:<n>`, `OK`, `C:<id>:<command>`. Not
 * JSON, not under /api/v1, and not in the OpenAPI document: machines are not API
 * clients.
 *
 * Nothing a machine says is trusted before an admin accepts its serial number: an
 * unknown serial is registered as pending and its uploads are held (ingest.ts).
 *
 * Errors answer in plain text too: 503 with Retry-After when the write queue is full
 * (the machine waits ErrorDelay seconds and sends the batch again), 400 `ERROR` for a
 * request without a usable serial number.
 */
import type { Kysely } from 'kysely';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.js';
import {
  clockDrift,
  commandsAnswer,
  firmwareFromInfo,
  isSerial,
  optionsBlock,
  parseAttLog,
  parseCommandReplies,
  parseOperLog,
  uploadAnswer,
} from '../../../core/machines/adms.js';
import type { Zone } from '../../../core/model.js';
import type { Log } from '../../platform/log.js';
import type { Database, MachineRow } from '../../platform/db/schema.js';
import { ingestAttLog } from './ingest.js';
import type { IngestDeps } from './ingest.js';
import type { ContactBook } from './contacts.js';
import {
  getMachine,
  insertReconcileLines,
  listeningReconciliations,
  markReplied,
  markSent,
  openCommands,
  registerMachine,
  setDrift,
  setStamp,
} from './store.js';

/** The protocol version announced in the handshake. */
export const SERVER_VERSION = '2.4.1';

/** Machines are not API clients: the iclock routes stay out of the OpenAPI document. */
const HIDDEN = { schema: { hide: true } };

/** Commands handed out per poll. */
const COMMANDS_PER_POLL = 20;
/** A command fetched but not answered this long ago is handed out again (the machine reset meanwhile). */
const RESEND_AFTER_MS = 5 * 60_000;
/** Lines uploaded this long after a reconciliation's command was fetched count as its answer. */
const RECONCILE_LISTEN_MS = 60 * 60_000;

export interface AdmsDeps extends IngestDeps {
  log: Log;
  contacts: ContactBook;
}

/**
 * The query of an iclock request as Fastify parses it. These routes have no schema (the
 * machines are not API clients), so nothing checks it: any key may be missing, and a key
 * given twice comes as a list. Each use takes only a string.
 */
type IclockQuery = Partial<
  Record<'SN' | 'table' | 'Stamp' | 'options' | 'pushver' | 'INFO', string | string[]>
>;
/** The request types of the iclock routes. */
interface Iclock {
  Querystring: IclockQuery;
}

function text(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('content-type', 'text/plain').send(body);
}

/** The serial number of the request, or a 400 answer. */
function serialOf(request: { query: IclockQuery }): string {
  const sn = request.query.SN;
  if (typeof sn !== 'string' || !isSerial(sn)) throw new AppError('invalid_query');
  return sn;
}

/**
 * Registers the iclock routes on `app` (the main instance under /iclock, or an instance
 * of its own on HADIR_ADMS_PORT).
 */
export function admsRoutes(app: FastifyInstance, deps: AdmsDeps): void {
  void app.register(
    (iclock, _opts, done) => {
      // Machines send text (often without a content type, or a wrong one): take any body as text.
      iclock.removeAllContentTypeParsers();
      iclock.addContentTypeParser(
        '*',
        { parseAs: 'string', bodyLimit: deps.config.admsBodyLimitBytes },
        (_req, body, d) => d(null, body),
      );
      iclock.setErrorHandler((err: FastifyError | AppError, request, reply) => {
        if (err instanceof AppError) {
          if (err.retryAfter !== undefined) void reply.header('retry-after', String(err.retryAfter));
          return text(reply, err.status, 'ERROR');
        }
        const status = typeof err.statusCode === 'number' && err.statusCode < 500 ? err.statusCode : 500;
        if (status >= 500) deps.log.error({ err, url: request.url }, 'iclock request failed');
        return text(reply, status, 'ERROR');
      });

      /** The machine's row, registering a serial first seen as pending. */
      async function machineOf(request: FastifyRequest<Iclock>): Promise<MachineRow> {
        const serial = serialOf(request);
        const q = request.query;
        const now = deps.now();
        const firmware = firmwareFromInfo(typeof q.INFO === 'string' ? q.INFO : undefined);
        const pushVersion = typeof q.pushver === 'string' ? q.pushver.slice(0, 16) : null;
        deps.contacts.note(serial, { at: now, address: request.ip, firmware, pushVersion });
        const known = await getMachine(deps.db, serial);
        if (known) return known;
        const row = await registerMachine(deps.db, serial, now, {
          firmware,
          pushVersion,
          address: request.ip,
        });
        deps.log.warn({ serial, address: request.ip }, 'unknown fingerprint machine held for acceptance');
        return row;
      }

      iclock.get<Iclock>('/cdata', HIDDEN, async (request, reply) => {
        const m = await machineOf(request);
        return text(
          reply,
          200,
          optionsBlock({
            serial: m.serial,
            zone: (m.zone ?? 'Asia/Jakarta') as Zone,
            delaySec: deps.config.admsDelaySec,
            errorDelaySec: Math.max(30, deps.config.admsDelaySec),
            attlogStamp: m.attlog_stamp ?? 'None',
            operlogStamp: m.operlog_stamp ?? 'None',
            serverVersion: SERVER_VERSION,
          }),
        );
      });

      iclock.post<Iclock>('/cdata', HIDDEN, async (request, reply) => {
        const m = await machineOf(request);
        const q = request.query;
        const body = typeof request.body === 'string' ? request.body : '';
        const receivedAt = deps.now();
        const stamp = typeof q.Stamp === 'string' && /^[0-9A-Za-z]{1,32}$/.test(q.Stamp) ? q.Stamp : null;
        switch (q.table) {
          case 'ATTLOG': {
            const parsed = parseAttLog(body);
            if (parsed.refused.length > 0) {
              deps.log.warn(
                { serial: m.serial, refused: parsed.refused.slice(0, 20) },
                'ATTLOG lines refused',
              );
            }
            let alarmRaised: number | null = null;
            await ingestAttLog(deps, m, parsed.records, receivedAt, async (trx, r) => {
              // The clock, the stamp and the reconciliation's lines commit with the lines.
              if (r.newest !== null && m.status === 'active') {
                const drift = clockDrift(r.newest, receivedAt, parsed.lines);
                if (drift !== null) {
                  const alarm = Math.abs(drift) > deps.config.machineDriftAlarmSec * 1000;
                  await setDrift(trx, m.serial, drift, receivedAt, alarm);
                  if (alarm && m.drift_alarm !== 1) alarmRaised = drift;
                }
              }
              await noteReconcileLines(trx, m.serial, parsed.records, r.fresh, receivedAt);
              if (stamp !== null) await setStamp(trx, m.serial, 'attlog', stamp);
            });
            if (alarmRaised !== null) {
              deps.log.warn({ serial: m.serial, driftMs: alarmRaised }, 'fingerprint machine clock is off');
            }
            return text(reply, 200, uploadAnswer(parsed.lines));
          }
          case 'OPERLOG': {
            const parsed = parseOperLog(body);
            const users = parsed.entries.filter((e) => e.kind === 'user').length;
            if (users > 0)
              deps.log.info({ serial: m.serial, users }, 'users enrolled at a fingerprint machine');
            if (stamp !== null) await setStamp(deps.db, m.serial, 'operlog', stamp);
            return text(reply, 200, uploadAnswer(parsed.lines));
          }
          case undefined:
          default:
            // Photos, templates, device information: read and let go.
            return text(reply, 200, 'OK');
        }
      });

      iclock.get<Iclock>('/getrequest', HIDDEN, async (request, reply) => {
        const m = await machineOf(request);
        if (m.status !== 'active') return text(reply, 200, 'OK');
        const now = deps.now();
        const due = (await openCommands(deps.db, m.serial, COMMANDS_PER_POLL * 2))
          .filter((c) => c.sent_at === null || now - c.sent_at > RESEND_AFTER_MS)
          .slice(0, COMMANDS_PER_POLL);
        await markSent(
          deps.db,
          due.map((c) => c.id),
          now,
        );
        return text(reply, 200, commandsAnswer(due.map((c) => ({ id: c.id, command: c.command }))));
      });

      iclock.post<Iclock>('/devicecmd', HIDDEN, async (request, reply) => {
        const m = await machineOf(request);
        const body = typeof request.body === 'string' ? request.body : '';
        const now = deps.now();
        for (const r of parseCommandReplies(body)) await markReplied(deps.db, m.serial, r.id, r.ret, now);
        return text(reply, 200, 'OK');
      });

      // Some firmware pings while it uploads a long backlog.
      iclock.get<Iclock>('/ping', HIDDEN, async (request, reply) => {
        await machineOf(request);
        return text(reply, 200, 'OK');
      });

      done();
    },
    { prefix: '/iclock' },
  );
}

/** Lines that answer a reconciliation asked of this machine (their times in its window). */
async function noteReconcileLines(
  db: Kysely<Database>,
  serial: string,
  records: readonly { pin: string; local: string }[],
  fresh: ReadonlySet<string>,
  receivedAt: number,
): Promise<void> {
  if (records.length === 0) return;
  const open = await listeningReconciliations(db, serial, receivedAt - RECONCILE_LISTEN_MS);
  if (open.length === 0) return;
  const rows = open.flatMap((rc) =>
    records
      .filter((r) => r.local >= rc.start_local && r.local <= rc.end_local)
      .map((r) => ({
        reconciliation_id: rc.id,
        pin: r.pin,
        local_time: r.local,
        first_seen: fresh.has(`${r.pin}\t${r.local}`) ? 1 : 0,
      })),
  );
  if (rows.length > 0) await insertReconcileLines(db, rows);
}
