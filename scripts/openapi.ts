/**
 * Writes docs/openapi.json from the route schemas (what the running server serves at
 * /api/openapi.json), formatted by Prettier so `format:check` agrees with it.
 *
 *   npm run openapi          regenerate docs/openapi.json
 *   npm run openapi:check    fail when the committed file differs from the code
 *
 * The document is committed so API changes show up in review; CI runs the check.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { loadConfig } from '../server/platform/config.js';
import { openDatabase } from '../server/platform/db/engine.js';
import { migrateToLatest } from '../server/platform/db/migrate.js';
import { buildApp } from '../server/platform/http/app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = join(ROOT, 'docs', 'openapi.json');

/** The OpenAPI document as the app generates it, from a throwaway SQLite database. */
async function generate(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'hadir-openapi-'));
  const config = loadConfig({ HADIR_DATA_DIR: dir, HADIR_WEB_DIR: 'none', HADIR_LOG_LEVEL: 'silent' }, dir);
  const handle = openDatabase({ databaseUrl: null, dataDir: dir, sqliteSync: 'normal' });
  try {
    await migrateToLatest(handle);
    const app = await buildApp(config, { handle, now: () => 0 });
    try {
      await app.ready();
      const json = JSON.stringify(app.swagger(), null, 2);
      const options = (await resolveConfig(TARGET)) ?? {};
      return await format(json, { ...options, filepath: TARGET });
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function readCommitted(): string | null {
  try {
    return readFileSync(TARGET, 'utf8');
  } catch {
    return null;
  }
}

async function run(check: boolean): Promise<number> {
  const fresh = await generate();
  const relative = 'docs/openapi.json';
  if (!check) {
    mkdirSync(dirname(TARGET), { recursive: true });
    writeFileSync(TARGET, fresh);
    console.log(`wrote ${relative}`);
    return 0;
  }
  const committed = readCommitted();
  if (committed === fresh) {
    console.log(`${relative} is up to date`);
    return 0;
  }
  console.error(
    committed === null
      ? `${relative} is missing. Run "npm run openapi" and commit it.`
      : `${relative} differs from the API in the code. Run "npm run openapi" and commit the result.`,
  );
  return 1;
}

run(process.argv.includes('--check')).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
