/**
 * Builds the HTTP application: every route, the error mapping, the OpenAPI document and
 * the phone app's files. Never listens (server/main.ts does), so tests and tools can
 * build as many as they like.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import { authRoutes } from '../../features/auth/routes.js';
import { calendarRoutes } from '../../features/calendar/routes.js';
import { entryRoutes } from '../../features/entries/routes.js';
import { incidentRoutes } from '../../features/incidents/routes.js';
import { reportRoutes } from '../../features/reports/routes.js';
import { reportRunner } from '../../features/reports/runner.js';
import { requestRoutes } from '../../features/requests/routes.js';
import { reviewRoutes } from '../../features/reviews/routes.js';
import { rosterRoutes } from '../../features/rosters/routes.js';
import { ruleRoutes } from '../../features/rules/routes.js';
import { scheduleRoutes } from '../../features/schedules/routes.js';
import { AuthService } from '../../features/auth/service.js';
import type { ScryptParams } from '../crypto/password.js';
import { checkInRoutes } from '../../features/check-ins/routes.js';
import { RecentPunches } from '../../features/check-ins/location-flags.js';
import { DeviceContacts } from '../../features/check-ins/contacts.js';
import { punchWriter } from '../../features/check-ins/punch-writer.js';
import { WriteQueue } from '../../features/check-ins/write-queue.js';
import { DeviceCache } from '../../features/devices/cache.js';
import { RuleSetCache } from '../../features/rules/cache.js';
import { deviceRoutes } from '../../features/devices/routes.js';
import { Directory } from '../../features/check-ins/directory.js';
import { ChangeFeed } from '../changes/feed.js';
import type { Config } from '../config.js';
import type { DbHandle } from '../db/engine.js';
import { healthRoutes, VERSION } from '../../features/health/routes.js';
import { consoleRoutes } from '../../features/console/routes.js';
import { liveRoutes } from '../../features/live/routes.js';
import { LiveService } from '../../features/live/service.js';
import { meRoutes } from '../../features/me/routes.js';
import { Anchors } from '../../features/time/anchors.js';
import { timeRoutes } from '../../features/time/routes.js';
import { openPhotoStore } from '../../features/photos/open-photo-store.js';
import { photoRoutes } from '../../features/photos/routes.js';
import { fastifyLogOptions, RequestSummary, startRequestSummary } from '../log.js';
import { installBearer } from './bearer.js';
import { organisationRoutes } from '../../features/units/routes.js';
import { importRoutes } from '../../features/import/routes.js';
import { accountRoutes } from '../../features/accounts/routes.js';
import { weeklyScheduleRoutes } from '../../features/schedules/weekly.routes.js';
import { watchDueChanges } from '../../features/employees/due-changes.js';
import { installErrorHandler, sendAppError } from './errors.js';
import { admsRoutes } from '../../features/machines/adms.routes.js';
import { BatchedTransactions } from '../../features/machines/batched-tx.js';
import { ContactBook } from '../../features/machines/contacts.js';
import { machineRoutes } from '../../features/machines/routes.js';
import { kioskRoutes } from '../../features/kiosks/routes.js';
import { installSecurityHeaders } from './headers.js';
import { installInputLimits } from './limits.js';
import { installAccessAudit } from './access-audit.js';
import { registerOpenApi } from './openapi.js';
import { serveWebPages } from './static.js';

export const API_PREFIX = '/api/v1';

declare module 'fastify' {
  interface FastifyInstance {
    /** The check-in path's memory and queue, for health figures and tests. */
    hadir: {
      directory: Directory;
      queue: WriteQueue;
      changes: ChangeFeed;
      /** The ADMS push server when it listens on a port of its own (HADIR_ADMS_PORT), else null. */
      adms: FastifyInstance | null;
    };
  }
}

export interface AppDeps {
  handle: DbHandle;
  /** The clock (epoch ms); tests pass a fixed one. */
  now?: () => number;
  /** Log (pino, at config.logLevel; see platform/log.ts). */
  logger?: boolean;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  /** scrypt cost for new password hashes; tests may lower it, production keeps the default. */
  passwordParams?: ScryptParams;
}

/**
 * The Fastify instance, ready but not listening.
 *
 * @example
 *   const app = await buildApp(loadConfig(), { handle });
 *   await app.listen({ port: 3000 });
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const db = deps.handle.db;
  const summary = new RequestSummary();
  const logging = fastifyLogOptions(config.logLevel, summary, deps.logStream);
  const app = Fastify({
    ...(deps.logger ? logging : { logger: false, logController: logging.logController }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Closing is answered below with our own server_busy body and Retry-After.
    return503OnClosing: false,
    ajv: {
      // Bodies are taken as sent: no type coercion, no silently dropped fields (they are
      // refused as unknown_field), no defaults filled in; stop at the first error.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
  });
  // Only JSON is accepted; text/plain would otherwise reach the schema as a string.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(app, summary);
  installSecurityHeaders(app);
  installInputLimits(app);
  installBearer(app);
  installAccessAudit(app, db, now);
  const stopSummary = startRequestSummary(app.log, summary);
  app.addHook('onClose', (_instance, done) => {
    stopSummary();
    done();
  });

  // While shutting down, requests still arriving on open connections are told to come
  // back shortly (the phone keeps the check-in and retries) instead of being cut off.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    void reply.header('connection', 'close');
    done(new AppError('server_busy', { retryAfter: 2 }));
  });

  // The one change feed of this process (one LISTEN connection on PostgreSQL, a poll of
  // the change log as the fallback); every cache below subscribes to it. Opened before
  // the caches load, so a change made meanwhile is applied after.
  const changes = await ChangeFeed.open(deps.handle, { pollMs: config.directoryPollMs, log: app.log });

  const auth = new AuthService({ db, config, now, passwordParams: deps.passwordParams });
  await auth.init();
  const stopWatchingSessions = auth.watch(changes);
  app.addHook('onClose', stopWatchingSessions);

  // The check-in path's memory and its group-commit queue. On close: stop taking
  // check-ins (above), let every offered row reach the disk, then release both.
  const directory = await Directory.open(deps.handle, { feed: changes, log: app.log });
  const writer = punchWriter(deps.handle);
  // The live board learns of punches once per committed batch, never per check-in.
  const live = new LiveService({ db, now });
  const queue = new WriteQueue({
    flush: async (rows) => {
      const inserted = await writer.flush(rows);
      live.committed(rows, inserted);
      return inserted;
    },
    maxBatch: config.batchMax,
    maxPending: config.queueMax,
    concurrency: writer.concurrency,
  });
  // Devices for signature checks, anchors for trusted time, recent punches for location flags.
  const devices = await DeviceCache.open(deps.handle, changes);
  // Every anchor issued is a contact of the device (check-ins/contacts.ts), for the time causes.
  const deviceContacts = new DeviceContacts(db, app.log);
  const anchors = new Anchors(config.tokenSecret, (e, d, at, delivered) =>
    deviceContacts.note(e, d, at, delivered),
  );
  const recent = new RecentPunches();
  const ruleSets = new RuleSetCache(db, changes);
  // Open event streams would keep the server from closing: end them first.
  app.addHook('preClose', (done) => {
    live.close();
    done();
  });
  app.addHook('onClose', async () => {
    await queue.drain();
    await writer.close();
    await directory.close();
    await devices.close();
    ruleSets.close();
    await changes.close();
  });
  // Fingerprint machines (ADMS push): /iclock/… on this instance, or on one of its own.
  const contacts = new ContactBook(db, app.log);
  const machineDeps = {
    db,
    config,
    now,
    directory,
    queue,
    contacts,
    log: app.log,
    batch: new BatchedTransactions(db),
  };
  let adms: FastifyInstance | null = null;
  if (config.adms) {
    if (config.admsPort === null) admsRoutes(app, machineDeps);
    else {
      adms = Fastify({ logger: false, trustProxy: config.trustProxy, return503OnClosing: false });
      admsRoutes(adms, machineDeps);
      await adms.ready();
    }
  }
  app.addHook('preClose', (done) => {
    if (adms) adms.close().then(() => done(), done);
    else done();
  });
  app.addHook('onClose', () => contacts.close());
  // Recaps and exports are built off this event loop (features/reports/runner.ts).
  const reports = reportRunner(deps.handle, {
    workers: config.reportWorkers,
    queueMax: config.reportQueueMax,
    pollMs: config.directoryPollMs,
    feed: changes,
  });
  app.addHook('onClose', () => reports.close());
  app.decorate('hadir', { directory, queue, changes, adms });
  // Moves and deactivations dated ahead take effect on their day.
  const stopDueChanges = await watchDueChanges(db, now, () => directory.invalidate());
  app.addHook('onClose', stopDueChanges);

  await registerOpenApi(app, VERSION);
  // One photo store for the phones' selfies and the kiosks'.
  const photoDeps = { db, now, store: openPhotoStore(config), maxBytes: config.photoMaxBytes };

  await app.register(
    (api, _opts, done) => {
      authRoutes(api, auth);
      checkInRoutes(api, auth, {
        db,
        config,
        now,
        directory,
        queue,
        devices,
        anchors,
        recent,
        contacts: deviceContacts,
        ruleSets,
        log: app.log,
      });
      meRoutes(api, auth, { db, now, directory, anchors, devices });
      requestRoutes(api, auth, { db, now, dataDir: config.dataDir });
      entryRoutes(api, auth, { db, now });
      reviewRoutes(api, auth, { db, now });
      incidentRoutes(api, auth, { db, now });
      calendarRoutes(api, auth, { db, now });
      ruleRoutes(api, auth, {
        db,
        now,
        // The check-in path holds the selfie and holiday settings in memory: reload them
        // at once rather than at the next poll (other servers follow the change feed).
        changed: async () => {
          directory.invalidate();
          await directory.settled();
        },
        ruleSetAdded: (organisationId) => ruleSets.drop(organisationId),
      });
      scheduleRoutes(api, auth, { db, now });
      rosterRoutes(api, auth, { db, now });
      reportRoutes(api, auth, { db, now, reports });
      deviceRoutes(api, auth, {
        db,
        now,
        cache: devices,
        limits: { live: config.deviceMaxPerEmployee, perDay: config.deviceEnrolPerDay },
      });
      timeRoutes(api, auth, { now, anchors, devices });
      photoRoutes(api, auth, photoDeps);
      liveRoutes(api, auth, { db, now, live });
      machineRoutes(api, auth, machineDeps);
      kioskRoutes(api, auth, {
        db,
        config,
        now,
        directory,
        queue,
        anchors,
        contacts: deviceContacts,
        ruleSets,
        log: app.log,
        ...(deps.passwordParams && { passwordParams: deps.passwordParams }),
        photos: photoDeps,
      });
      consoleRoutes(api, auth, { db, now, directory, mapTileUrl: config.mapTileUrl, reports });
      organisationRoutes(api, auth, { db, now, changed: () => directory.invalidate() });
      importRoutes(api, auth, { db, now, changed: () => directory.invalidate() });
      weeklyScheduleRoutes(api, auth, { db, now, changed: () => directory.invalidate() });
      accountRoutes(api, auth, {
        db,
        now,
        ...(deps.passwordParams && { passwordParams: deps.passwordParams }),
        publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
      });
      healthRoutes(api, { handle: deps.handle, now });
      done();
    },
    { prefix: API_PREFIX },
  );

  const webDir =
    config.webDir !== null && existsSync(join(config.webDir, 'index.html')) ? config.webDir : null;
  if (webDir !== null) {
    await serveWebPages(app, webDir);
  }

  app.setNotFoundHandler((request, reply) => {
    // The pages route on the client: paths under /admin get the console's page, under
    // /kiosk the kiosk's, other unknown page paths the phone app's.
    if (webDir !== null && request.method === 'GET' && !request.url.startsWith('/api/')) {
      const page = /^\/admin(\/|\?|$)/.test(request.url)
        ? 'admin/index.html'
        : /^\/kiosk(\/|\?|$)/.test(request.url)
          ? 'kiosk/index.html'
          : 'index.html';
      return reply.type('text/html; charset=utf-8').sendFile(page);
    }
    return sendAppError(reply, new AppError('not_found'));
  });

  return app;
}
