/** GET /api/v1/health: is the server up, on which engine, at which schema version. */
import { readFileSync } from 'node:fs';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '../../../core/wire.js';
import type { DbHandle } from '../../platform/db/engine.js';
import { currentMigration } from '../../platform/db/migrate.js';
import { errorResponses, HealthResponseSchema } from '../../platform/http/schemas.js';

/** The version in package.json, found upward from this file (works from source and from dist/). */
export function packageVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'hadir' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here; look one folder up
    }
    dir = new URL('..', dir);
  }
  return '0.0.0';
}

export const VERSION = packageVersion();

export function healthRoutes(server: FastifyInstance, deps: { handle: DbHandle; now: () => number }): void {
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness, database engine and schema version',
        response: { 200: HealthResponseSchema, ...errorResponses },
      },
    },
    async (): Promise<HealthResponse> => ({
      status: 'ok',
      engine: deps.handle.engine,
      // Asking the database proves it answers, not only that the process runs.
      migration: await currentMigration(deps.handle),
      version: VERSION,
      time: new Date(deps.now()).toISOString(),
    }),
  );
}
