/**
 * Recaps and exports built on a report worker thread (runner.ts, issue 14 item 5): the
 * worker answers exactly what the event loop would, a file's bytes come back as a Buffer,
 * an error keeps its code, and past the queue bound a report is refused at once with
 * 503 reports_busy rather than piling up behind a long export. On both engines, with the
 * worker's own database handle opened from the server's options.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { ENGINES } from '../../test-support/engines.js';
import { login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { inlineReports, reportRunner } from './runner.js';
import type { ReportRunner } from './runner.js';
import { unitFor } from '../units/service.js';
import { insertRuleSet } from '../rules/store.js';
import { permentan68Preset } from '../../../core/attendance/index.js';

describe.each(ENGINES)('reports on a worker thread, on %s', (engine) => {
  let s: TestServer;
  let worker: ReportRunner;
  let inline: ReportRunner;
  let ids: number[];

  beforeAll(async () => {
    s = await startServer(engine);
    await insertRuleSet(s.t.db, s.seeded.units.pemda, permentan68Preset('2026-01-01'), Date.now(), null);
    worker = reportRunner(s.t, { workers: 1, queueMax: 4 });
    inline = inlineReports(s.t.db);
    ids = (await unitFor(s.t.db, { sub: 'admin', role: 'agency_admin' } as never, s.seeded.units.pemda)).ids;
  });
  afterAll(async () => {
    await worker.close();
    await s.close();
  });

  it('builds the same recap, month summary and files as the event loop', async () => {
    expect(worker.mode).toBe('worker');
    const recap = { unitId: s.seeded.units.pemda, ids, month: '2026-02', through: '2026-02-27' };
    const fromWorker = await worker.run('unitRecap', recap);
    expect(fromWorker.people.length).toBeGreaterThan(0);
    expect(fromWorker).toEqual(await inline.run('unitRecap', recap));

    const summary = await worker.run('monthSummary', { ids, month: '2026-02', through: '2026-02-27' });
    expect(summary.yearly).toBeInstanceOf(Map);
    expect(summary).toEqual(
      await inline.run('monthSummary', { ids, month: '2026-02', through: '2026-02-27' }),
    );

    const unit = (
      await unitFor(s.t.db, { sub: 'admin', role: 'agency_admin' } as never, s.seeded.units.pemda)
    ).unit;
    for (const format of ['csv', 'xlsx'] as const) {
      const a = { unit, ids, month: '2026-02', through: '2026-02-27', format };
      const w = await worker.run('recapExport', a);
      const i = await inline.run('recapExport', a);
      expect(Buffer.isBuffer(w.data)).toBe(true);
      expect(w.fileName).toBe(i.fileName);
      expect(w.contentType).toBe(i.contentType);
      if (format === 'csv') expect(w.data.equals(i.data)).toBe(true);
      else expect(w.data.subarray(0, 2).toString('latin1')).toBe('PK');
    }
  });

  it('keeps the error of a failed job', async () => {
    const bad = { unitId: s.seeded.units.pemda, ids, date: '2026-02-30', nowMs: Date.UTC(2026, 2, 1) };
    const inlineErr = await inline.run('unitDaily', bad).then(
      () => null,
      (e: unknown) => e,
    );
    const workerErr = await worker.run('unitDaily', bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(inlineErr).not.toBeNull();
    expect(workerErr).not.toBeNull();
    if (inlineErr instanceof AppError) {
      expect(workerErr).toBeInstanceOf(AppError);
      expect((workerErr as AppError).code).toBe(inlineErr.code);
    } else {
      expect(String((workerErr as Error).message)).toContain((inlineErr as Error).message.split('\n')[0]!);
    }
  });

  it('refuses at once past the queue bound, and finishes what it took', async () => {
    const busy = reportRunner(s.t, { workers: 1, queueMax: 1 });
    try {
      const a = { unitId: s.seeded.units.pemda, ids, month: '2026-02', through: '2026-02-27' };
      const first = busy.run('unitRecap', a); // on the worker
      const second = busy.run('unitRecap', a); // waiting
      const third = busy.run('unitRecap', a).then(
        () => null,
        (e: unknown) => e,
      );
      const refused = await third;
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('reports_busy');
      expect((refused as AppError).status).toBe(503);
      expect((refused as AppError).retryAfter).toBeGreaterThan(0);
      expect((await first).people.length).toBeGreaterThan(0);
      expect(await second).toEqual(await first);
    } finally {
      await busy.close();
    }
  });

  it('the export routes go through the runner: past its bound they answer 503 reports_busy', async () => {
    const busy = await startServer(engine, { config: { reportQueueMax: 1 } });
    try {
      await insertRuleSet(
        busy.t.db,
        busy.seeded.units.pemda,
        permentan68Preset('2026-01-01'),
        Date.now(),
        null,
      );
      const { token } = await login(busy.url, 'admin');
      const path = `/api/v1/units/${busy.seeded.units.pemda}/recap/export?month=2026-02&format=pdf`;
      // The first starts the worker (a second or so); the rest arrive meanwhile: one waits, the others are refused.
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          fetch(busy.url + path, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({
            status: r.status,
            retryAfter: r.headers.get('retry-after'),
            body: r.status === 200 ? null : ((await r.json()) as { code: string }),
          })),
        ),
      );
      const refused = answers.filter((a) => a.status === 503);
      expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(2);
      expect(refused.length).toBeGreaterThan(0);
      expect(answers.length - refused.length).toBe(answers.filter((a) => a.status === 200).length);
      for (const r of refused) {
        expect(r.body?.code).toBe('reports_busy');
        expect(Number(r.retryAfter)).toBeGreaterThan(0);
      }
    } finally {
      await busy.close();
    }
  });
});
