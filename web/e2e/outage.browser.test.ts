/**
 * The hour after an outage, end to end: the server is reachable, then gone for a
 * simulated morning while hundreds of simulated phones (the phone's own outbox,
 * scheduler, anchor and transport code in Node, see sim-phone.ts) and a few real pages
 * in headless Chromium press the button, then back. Every punch must be stored exactly
 * once with its true time, no phone signed out, and the load after the restart must
 * stay bounded by the backoff. Access tokens live 60 s, so the outage outlasts them and
 * every phone renews at the restart, as after a real hour-long outage.
 *
 * CI runs a small size; a bigger run (figures in bench/RESULTS.md):
 *   HADIR_OUTAGE_PHONES=600 HADIR_OUTAGE_SECONDS=300 npx vitest run web/e2e/outage.browser.test.ts
 * With HADIR_OUTAGE_SHOTS=<dir> the pages are photographed at 360×640 during and after.
 */
import { randomInt } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSIDE, PASSWORD, openPhone, signIn, startHarness, type Harness } from './harness.js';
import { SimPhone } from './sim-phone.js';

const PHONES = Number(process.env['HADIR_OUTAGE_PHONES'] ?? 100);
const OUTAGE_MS = Number(process.env['HADIR_OUTAGE_SECONDS'] ?? 65) * 1000;
const PAGES = 2;
const SHOTS = process.env['HADIR_OUTAGE_SHOTS'];
/** The server's clock starts at Monday 9 February 2026, 07:00 in Jakarta, and runs. */
const START = Date.parse('2026-02-09T00:00:00.000Z');

const nipOf = (i: number) => `1990010120200${String(i).padStart(5, '0')}`;

/**
 * The server as the phones see it, with a switch: down, it stops listening and drops
 * every connection (ECONNREFUSED, as a stopped process); up, it listens again on the
 * same port. It counts requests and 503s per second of the server's clock.
 */
class Switch {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #port = 0;
  /** [second since up, requests, 503s] after the last restart. */
  readonly perSecond = new Map<number, { requests: number; busy: number }>();
  #upAt = 0;

  constructor(private readonly target: string) {
    this.#server = createServer((req, res) => this.#forward(req, res));
    this.#server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  async up(): Promise<void> {
    this.#upAt = Date.now();
    this.perSecond.clear();
    await new Promise<void>((resolve) => this.#server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }

  #forward(req: IncomingMessage, res: ServerResponse): void {
    const sec = Math.floor((Date.now() - this.#upAt) / 1000);
    const bucket = this.perSecond.get(sec) ?? { requests: 0, busy: 0 };
    this.perSecond.set(sec, bucket);
    if (req.url?.startsWith('/api/') === true) bucket.requests++;
    const out = request(
      this.target + (req.url ?? '/'),
      { method: req.method, headers: req.headers },
      (answer) => {
        if (answer.statusCode === 503) bucket.busy++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  }

  close(): Promise<void> {
    return this.down().catch(() => undefined);
  }
}

let h: Harness;
let sw: Switch;
let offset = 0;
const serverNow = () => Date.now() + offset;

beforeAll(async () => {
  h = await startHarness({
    now: START,
    nips: Array.from({ length: PHONES + PAGES }, (_, i) => nipOf(i)),
    env: {
      HADIR_ACCESS_TOKEN_TTL: '60',
      // A small admission limit, so the return of every phone at once meets 503s.
      HADIR_INFLIGHT_MAX: '8',
      HADIR_DEVICE_BINDING: 'required',
    },
  });
  // The server's clock runs from 07:00 on a work day, in real time.
  offset = START - Date.now();
  Object.defineProperty(h.clock, 'now', { get: serverNow, set: () => {}, configurable: true });
  sw = new Switch(h.baseUrl);
  await sw.up();
}, 300_000);

afterAll(async () => {
  await sw?.close();
  await h?.close();
});

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS === undefined) return;
  await page.setViewportSize({ width: 360, height: 640 });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('an outage of a morning', () => {
  it(
    'stores every punch once with its true time, signs no phone out, and keeps the restart bounded',
    async () => {
      // Before: everyone signs in, as on the day before.
      const phones = Array.from(
        { length: PHONES },
        (_, i) =>
          new SimPhone({
            base: `${sw.url}/api/v1`,
            username: nipOf(i),
            password: PASSWORD,
            serverNow,
            // A tenth of the phones have clocks hours off; the rest within a minute.
            skewMs: i % 10 === 0 ? randomInt(-3 * 3600, 3 * 3600) * 1000 : randomInt(-60, 60) * 1000,
            location: { lat: INSIDE.lat, lon: INSIDE.lon, accuracy: 12 },
          }),
      );
      for (let i = 0; i < phones.length; i += 20)
        await Promise.all(phones.slice(i, i + 20).map((p) => p.start()));
      const view = { ...h, baseUrl: sw.url };
      const pages = [];
      for (let i = 0; i < PAGES; i++) {
        const { context, page } = await openPhone(view, INSIDE);
        await signIn(page, nipOf(PHONES + i));
        await page.getByText('Anda berada di dalam area').waitFor();
        // The service worker holds the shell for the reloads to come.
        await page.evaluate(async () => {
          await navigator.serviceWorker.ready;
        });
        pages.push({ context, page });
      }

      // The server goes down for the morning; phones press at random moments of it.
      await sw.down();
      const pressesDone = phones.map(async (p) => {
        await new Promise((r) => setTimeout(r, randomInt(0, Math.max(1, OUTAGE_MS - 5000))));
        await p.press('in');
      });
      const pageTruth: { low: number; high: number }[] = [];
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 3));
      for (const { page } of pages) {
        const low = serverNow();
        await page.getByRole('button', { name: 'Absen Masuk', exact: true }).click();
        await page.getByRole('status').getByText('Tersimpan di perangkat').waitFor();
        pageTruth.push({ low, high: serverNow() });
      }
      // Going offline without a reload shows the banner at once.
      const second = pages[1]!;
      await second.context.setOffline(true);
      await second.page.locator('[data-part="offline"]').getByText('Tidak ada internet').waitFor();
      await second.context.setOffline(false);
      // The card says the punch waits on the phone, and why.
      const first = pages[0]!.page;
      await first.locator('[data-part="status-in"]').getByText('di ponsel').waitFor();
      await shot(first, 'outage-during');
      await Promise.all(pressesDone);
      await new Promise((r) => setTimeout(r, 5000));

      // The server is back: nobody does anything; everything must arrive by itself.
      await sw.up();
      const backAt = serverNow();
      await expect
        .poll(async () => (await Promise.all(phones.map((p) => p.waiting()))).reduce((a, b) => a + b, 0), {
          timeout: 10 * 60_000,
          interval: 1000,
        })
        .toBe(0);
      for (const { page } of pages) {
        await page
          .locator('.punch-state[data-state="accepted"]')
          .first()
          .waitFor({ timeout: 10 * 60_000 });
        // Still signed in.
        expect(await page.getByLabel('Kata sandi').count()).toBe(0);
      }
      await shot(first, 'outage-after');
      const recoveredAt = serverNow();

      // Every punch stored exactly once, with its true time.
      const rows = await h.db.db
        .selectFrom('punches')
        .select(['id', 'time_of_record', 'time_source', 'time_uncertainty_ms', 'flags'])
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const presses = phones.flatMap((p) => p.presses);
      expect(presses).toHaveLength(PHONES);
      expect(rows).toHaveLength(PHONES + PAGES);
      let worstMs = 0;
      for (const p of presses) {
        const r = byId.get(p.id);
        expect(r?.time_source).toBe('anchor');
        const off = Math.abs(Number(r!.time_of_record) - p.trueMs);
        // Within the uncertainty the phone declared (plus rounding to the millisecond).
        expect(off).toBeLessThanOrEqual(Number(r!.time_uncertainty_ms) + 2);
        worstMs = Math.max(worstMs, off);
      }
      const pageRows = rows.filter((r) => !presses.some((p) => p.id === r.id));
      for (const [i, r] of pageRows
        .sort((a, b) => Number(a.time_of_record) - Number(b.time_of_record))
        .entries()) {
        expect(r.time_source).toBe('anchor');
        const truth = [...pageTruth].sort((a, b) => a.low - b.low)[i]!;
        const slack = Number(r.time_uncertainty_ms) + 2;
        expect(Number(r.time_of_record)).toBeGreaterThanOrEqual(truth.low - slack);
        expect(Number(r.time_of_record)).toBeLessThanOrEqual(truth.high + slack);
      }

      // No phone signed out.
      expect(phones.map((p) => p.signedOut).reduce((a, b) => a + b, 0)).toBe(0);
      expect(phones.every((p) => p.session !== null)).toBe(true);

      // The load after the restart: bounded by the backoff, not a resend every second.
      const buckets = [...sw.perSecond.values()];
      const total = buckets.reduce((a, b) => a + b.requests, 0);
      const busy = buckets.reduce((a, b) => a + b.busy, 0);
      const peak = Math.max(...buckets.map((b) => b.requests));
      const figures = {
        phones: PHONES,
        pages: PAGES,
        outageSeconds: OUTAGE_MS / 1000,
        recoverySeconds: Math.round((recoveredAt - backAt) / 1000),
        requestsAfterRestart: total,
        requestsPerPhone: Math.round((total / (PHONES + PAGES)) * 10) / 10,
        peakRequestsPerSecond: peak,
        busy503: busy,
        worstTimeErrorMs: worstMs,
      };
      console.log(`outage figures ${JSON.stringify(figures)}`);
      // Each phone: a renewal, a batch, a few answered 503 (each followed by a longer wait).
      expect(total).toBeLessThanOrEqual((PHONES + PAGES) * 8);
      expect(busy).toBeLessThanOrEqual((PHONES + PAGES) * 4);
      for (const p of phones) p.stop();
      for (const { context } of pages) await context.close();
    },
    30 * 60_000,
  );
});
