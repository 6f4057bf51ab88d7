/**
 * The live board over real HTTP on both engines: counts per unit and per child unit,
 * the people of a category paged and searched on the server, the export of who has not
 * checked in, the event stream that follows committed punches, and the scope of each
 * role (a unit admin never sees another OPD's people, in counts, lists, search, the
 * stream or the export).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import { ENGINES } from '../../test-support/engines.js';
import {
  JAKARTA,
  MAKASSAR,
  NIP_A,
  NIP_B,
  NOW,
  call,
  login,
  newId,
  startServer,
} from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';

interface Counts {
  expected: number;
  checkedIn: number;
  onTime: number;
  late: Record<string, number>;
  notYet: number;
  outside: number;
  flagged: Record<string, number>;
}
interface Board {
  date: string;
  unit: { id: number; name: string };
  totals: Counts;
  rows: { unitId: number; name: string; own: boolean; counts: Counts }[];
  arrivals: { minute: number; count: number }[];
  bands: string[];
}
interface People {
  total: number;
  people: { employeeId: number; name: string; unitName: string; category: string; flags: string[] }[];
}

/** Reads server-sent events from a stream until `want` says it has what it waits for. */
class EventReader {
  readonly events: { event: string; data: Record<string, unknown> }[] = [];
  #buffer = '';
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.getReader();
  }

  async until(want: (e: { event: string; data: Record<string, unknown> }) => boolean) {
    for (;;) {
      const found = this.events.find(want);
      if (found) return found;
      const { value, done } = await this.#reader.read();
      if (done) throw new Error('stream ended');
      this.#buffer += this.#decoder.decode(value, { stream: true });
      let end: number;
      while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined)
          this.events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
    }
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

describe.each(ENGINES)('live board on %s', (engine) => {
  let s: TestServer;
  let agency: string;
  let dinkes: string;
  let employeeA: string;
  let employeeB: string;

  beforeAll(async () => {
    s = await startServer(engine);
    [agency, dinkes, employeeA, employeeB] = await Promise.all([
      login(s.url, 'admin').then((l) => l.token),
      login(s.url, 'admin.dinkes').then((l) => l.token),
      login(s.url, NIP_A).then((l) => l.token),
      login(s.url, NIP_B).then((l) => l.token),
    ]);
    const rules = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: agency,
      body: { ruleSet: permentan68Preset('2026-01-01') },
    });
    expect(rules.status).toBe(201);
  });
  afterAll(() => s?.close());

  const checkIn = (token: string, where: { lat: number; lon: number }) =>
    call(s.url, 'POST', '/api/v1/check-ins', {
      token,
      body: {
        id: newId(),
        kind: 'in',
        capturedAt: new Date(NOW).toISOString(),
        location: { ...where, accuracy: 10 },
      },
    });

  it('refuses employees and answers a unit out of scope like a missing one', async () => {
    expect((await call(s.url, 'GET', '/api/v1/live/board', { token: employeeA })).status).toBe(403);
    const other = await call(s.url, 'GET', `/api/v1/live/board?unitId=${s.seeded.units.disdik}`, {
      token: dinkes,
    });
    expect(other.status).toBe(404);
    const missing = await call(s.url, 'GET', '/api/v1/live/board?unitId=999999', { token: dinkes });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(other.body);
    const exportOther = await call(
      s.url,
      'GET',
      `/api/v1/live/missed/export?format=csv&unitId=${s.seeded.units.disdik}`,
      { token: dinkes },
    );
    expect(exportOther.status).toBe(404);
  });

  it('counts the whole regency for the agency admin and only Dinas Kesehatan for its admin', async () => {
    const all = await call<Board>(s.url, 'GET', '/api/v1/live/board', { token: agency });
    expect(all.status).toBe(200);
    expect(all.body.date).toBe('2026-03-02');
    expect(all.body.unit.id).toBe(s.seeded.units.pemda);
    expect(all.body.totals).toMatchObject({ expected: 3, checkedIn: 0, notYet: 3 });
    expect(all.body.rows.map((r) => r.name)).toEqual(['Dinas Kesehatan', 'Dinas Pendidikan']);
    expect(all.body.bands).toEqual(['TL1', 'TL2', 'TL3', 'TL4']);

    const mine = await call<Board>(s.url, 'GET', '/api/v1/live/board', { token: dinkes });
    expect(mine.status).toBe(200);
    expect(mine.body.unit.id).toBe(s.seeded.units.dinkes);
    expect(mine.body.totals).toMatchObject({ expected: 2, notYet: 2 });
    // Citra works in Dinas Kesehatan itself, Andi in its puskesmas.
    expect(mine.body.rows.map((r) => [r.name, r.own, r.counts.expected])).toEqual([
      ['Dinas Kesehatan', true, 1],
      ['Puskesmas Kota', false, 1],
    ]);
  });

  it('streams the punches of its own people only, with fresh counts, as they are committed', async () => {
    const res = await fetch(`${s.url}/api/v1/live/stream`, {
      headers: { authorization: `Bearer ${dinkes}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = new EventReader(res.body!);
    try {
      const first = await events.until((e) => e.event === 'board');
      expect((first.data as unknown as Board).totals.checkedIn).toBe(0);

      // Budi (Dinas Pendidikan) first: if his punch leaked into this stream it would come first.
      expect((await checkIn(employeeB, JAKARTA)).status).toBe(201);
      expect((await checkIn(employeeA, MAKASSAR)).status).toBe(201);
      const punch = await events.until((e) => e.event === 'punch');
      expect(punch.data).toMatchObject({
        employeeId: s.seeded.employees.a,
        name: 'Andi Rahman',
        category: 'checked_in',
      });
      const fresh = await events.until(
        (e) => e.event === 'board' && (e.data as unknown as Board).totals.checkedIn === 1,
      );
      expect((fresh.data as unknown as Board).totals).toMatchObject({ expected: 2, checkedIn: 1, notYet: 1 });
      expect(events.events.filter((e) => e.event === 'punch').map((e) => e.data['employeeId'])).toEqual([
        s.seeded.employees.a,
      ]);
    } finally {
      await events.cancel();
    }

    // The agency admin's board has both punches, and the arrival minute of each.
    const all = await call<Board>(s.url, 'GET', '/api/v1/live/board', { token: agency });
    expect(all.body.totals.checkedIn).toBe(2);
    expect(all.body.arrivals.reduce((n, a) => n + a.count, 0)).toBe(2);
  });

  it('lists, searches and exports people on the server, within scope', async () => {
    const notYet = await call<People>(s.url, 'GET', '/api/v1/live/people?filter=not_yet', { token: dinkes });
    expect(notYet.status).toBe(200);
    expect(notYet.body.people.map((p) => p.name)).toEqual(['Citra']);

    const budi = await call<People>(s.url, 'GET', '/api/v1/live/people?q=budi', { token: dinkes });
    expect(budi.body.total).toBe(0);
    const budiAgency = await call<People>(s.url, 'GET', '/api/v1/live/people?q=budi', { token: agency });
    expect(budiAgency.body.people.map((p) => p.name)).toEqual(['Budi Santoso']);
    const byNip = await call<People>(s.url, 'GET', `/api/v1/live/people?q=${NIP_A.slice(0, 8)}`, {
      token: dinkes,
    });
    expect(byNip.body.people.map((p) => p.name)).toEqual(['Andi Rahman']);

    const paged = await call<People>(
      s.url,
      'GET',
      '/api/v1/live/people?sort=name&order=desc&pageSize=1&page=2',
      {
        token: agency,
      },
    );
    expect(paged.body.total).toBe(3);
    expect(paged.body.people.map((p) => p.name)).toEqual(['Budi Santoso']);

    const csv = await call<string>(s.url, 'GET', '/api/v1/live/missed/export?format=csv', { token: dinkes });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain(
      'belum-absen-masuk-dinas-kesehatan-2026-03-02.csv',
    );
    expect(csv.body).toContain('Citra');
    expect(csv.body).not.toContain('Andi');
    expect(csv.body).not.toContain('Budi');
  });
});
