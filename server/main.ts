/**
 * Starts the server: configuration, database, migrations, HTTP. SIGTERM and SIGINT stop
 * taking new connections, let requests in flight finish, then close the database.
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from './platform/config.js';
import { databaseOptions, openDatabase } from './platform/db/engine.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { buildApp } from './platform/http/app.js';

export async function main(): Promise<void> {
  const config = loadConfig();
  const handle = openDatabase(databaseOptions(config));
  const { applied, current } = await migrateToLatest(handle);
  const app = await buildApp(config, { handle, logger: config.logLevel !== 'silent' });
  if (applied.length > 0) app.log.info({ applied, current }, 'database migrated');

  let closing = false;
  const stop = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => handle.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`Hadir is listening on ${address} (database: ${handle.label}, schema ${current ?? 'none'})`);
  if (app.hadir.adms && config.admsPort !== null) {
    const adms = await app.hadir.adms.listen({ port: config.admsPort, host: config.host });
    console.log(`Fingerprint machines (ADMS) are served on ${adms}/iclock`);
  }
}

// Run when started directly (node dist/server/main.js); the CLI imports main() instead.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
