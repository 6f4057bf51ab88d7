/**
 * A simulated ZKTeco machine over real HTTP, on both engines: it registers and is held,
 * an admin accepts it, it receives users, uploads a morning that shows in the daily
 * status with source fingerprint, re-sends the batch without duplicates, survives a
 * malformed line and a wrong clock, and answers a reconciliation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permentan68Preset } from '../../../core/attendance/index.js';
import { insertEmployee } from '../employees/store.js';
import { ENGINES } from '../../test-support/engines.js';
import { NOW, call, login, startServer } from '../../test-support/http-fixtures.js';
import type { TestServer } from '../../test-support/http-fixtures.js';
import { SimulatedMachine, attLogLine } from './simulated-machine.js';

const SN = 'CQUJ210460012';
const DATE = '2026-03-02';

describe.each(ENGINES)('fingerprint machine over ADMS on %s', (engine) => {
  let s: TestServer;
  let admin: string;
  let machine: SimulatedMachine;
  const users = new Map<string, string>();

  const punches = async () =>
    s.t.db
      .selectFrom('punches')
      .selectAll()
      .where('source', '=', 'fingerprint')
      .orderBy('time_of_record')
      .execute();

  beforeAll(async () => {
    s = await startServer(engine);
    admin = (await login(s.url, 'admin')).token;
    const rules = await call(s.url, 'POST', '/api/v1/rule-sets', {
      token: admin,
      body: { ruleSet: permentan68Preset('2026-01-01') },
    });
    expect(rules.status).toBe(201);
    machine = new SimulatedMachine(s.url, SN);
  });
  afterAll(() => s?.close());

  it('answers the handshake of an unknown serial with the options block, and holds the machine', async () => {
    const r = await machine.handshake();
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.body.split('\n')).toEqual([
      `GET OPTION FROM: ${SN}`,
      'ATTLOGStamp=None',
      'OPERLOGStamp=None',
      'ATTPHOTOStamp=None',
      'ErrorDelay=30',
      'Delay=30',
      'TransTimes=00:00;14:05',
      'TransInterval=1',
      'TransFlag=TransData AttLog OpLog EnrollUser ChgUser',
      'TimeZone=7',
      'Realtime=1',
      'Encrypt=None',
      'ServerVer=2.4.1',
      'PushProtVer=2.4.1',
    ]);
    const list = await call<{ machines: { serial: string; status: string }[] }>(
      s.url,
      'GET',
      '/api/v1/machines?status=pending',
      { token: admin },
    );
    expect(list.body.machines).toMatchObject([{ serial: SN, status: 'pending' }]);
  });

  it('keeps what a pending machine sends without trusting it', async () => {
    const r = await machine.press([{ pin: '1001', time: `${DATE} 06:58:10`, status: 0 }]);
    expect([r.status, r.body]).toEqual([200, 'OK:1']);
    expect(await punches()).toEqual([]);
    // Commands are for accepted machines only.
    expect((await machine.poll()).body).toBe('OK');
  });

  it('hides an accepted machine from admins of other units, but shows pending ones to all', async () => {
    const disdik = (await login(s.url, 'admin.disdik')).token;
    const seen = await call<{ machines: unknown[] }>(s.url, 'GET', '/api/v1/machines', { token: disdik });
    expect(seen.body.machines).toHaveLength(1);
    // A unit admin may not accept it into a site of another unit: as if the site did not exist.
    const r = await call(s.url, 'POST', `/api/v1/machines/${SN}/accept`, {
      token: disdik,
      body: { siteId: s.seeded.locations.makassar },
    });
    expect([r.status, (r.body as { code: string }).code]).toEqual([404, 'not_found']);
  });

  it('is accepted into a site; a PIN mapped there stores the held press and is sent to the machine', async () => {
    const acc = await call<{ machine: { status: string; zone: string }; released: Record<string, number> }>(
      s.url,
      'POST',
      `/api/v1/machines/${SN}/accept`,
      { token: admin, body: { siteId: s.seeded.locations.makassar } },
    );
    expect(acc.status).toBe(200);
    expect(acc.body.machine).toMatchObject({ status: 'active', zone: 'Asia/Makassar' });
    expect(acc.body.released).toEqual({ unknown_pin: 1 });
    // Its clock now reads in the site's zone.
    expect((await machine.handshake()).body).toContain('\nTimeZone=8\n');

    const pin = await call<{ commands: number[]; released: Record<string, number> }>(
      s.url,
      'POST',
      `/api/v1/machines/${SN}/pins`,
      { token: admin, body: { pin: '1001', employeeId: s.seeded.employees.a } },
    );
    expect(pin.status).toBe(201);
    expect(pin.body.released).toEqual({ stored: 1 });
    const poll = await machine.poll();
    expect(poll.body).toBe(
      `C:${pin.body.commands[0]}:DATA UPDATE USERINFO PIN=1001\tName=Andi Rahman\tPri=0`,
    );
    const done = await machine.reply([{ id: pin.body.commands[0]!, ret: 0, cmd: 'DATA' }]);
    expect([done.status, done.body]).toEqual([200, 'OK']);
    // Answered commands are not handed out again.
    expect((await machine.poll()).body).toBe('OK');
    const detail = await call<{ commands: { repliedAt: string | null; replyCode: number }[] }>(
      s.url,
      'GET',
      `/api/v1/machines/${SN}`,
      { token: admin },
    );
    expect(detail.body.commands[0]).toMatchObject({ replyCode: 0 });
    expect(detail.body.commands[0]!.repliedAt).not.toBeNull();

    const stored = await punches();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      employee_id: s.seeded.employees.a,
      kind: 'in',
      source: 'fingerprint',
      terminal_id: SN,
      lat: null,
      time_source: 'machine_clock',
      time_of_record: Date.UTC(2026, 2, 1, 22, 58, 10),
      fence_status: 'inside',
      location_id: s.seeded.locations.makassar,
    });
  });

  it('stores a morning once, whatever the malformed lines, double presses and re-sends', async () => {
    const presses = [
      { pin: '1001', time: `${DATE} 07:01:00`, status: 0 },
      // The same punch, pressed again half a minute later.
      { pin: '1001', time: `${DATE} 07:01:30`, status: 0 },
      // Nobody has this PIN yet.
      { pin: '2002', time: `${DATE} 07:02:00`, status: 0, verify: 15 },
      { pin: '1001', time: `${DATE} 07:20:00`, status: 1 },
    ];
    machine.log.push(...presses);
    const lines = presses.map(attLogLine);
    // A line a damaged memory sent: 30 February, and no seconds.
    lines.splice(2, 0, `1001\t2026-02-30 07:00\t0\t1`);
    const body = lines.join('\n') + '\n';
    const first = await machine.uploadRaw(body);
    expect([first.status, first.body]).toEqual([200, 'OK:5']);
    const after = await punches();
    expect(after.map((p) => [p.local_time, p.kind])).toEqual([
      ['06:58:10', 'in'],
      ['07:01:00', 'in'],
      ['07:20:00', 'out'],
    ]);
    const again = await machine.uploadRaw(body);
    expect([again.status, again.body]).toEqual([200, 'OK:5']);
    expect(await punches()).toHaveLength(3);
    const detail = await call<{ lines: Record<string, number> }>(s.url, 'GET', `/api/v1/machines/${SN}`, {
      token: admin,
    });
    expect(detail.body.lines).toEqual({ stored: 3, same_punch: 1, unknown_pin: 1 });
  });

  it('shows the punches in the daily status and in the employee’s own history, as fingerprint', async () => {
    const daily = await call<{
      days: { employeeId: number; status: string; checkInAt: string | null; checkOutAt: string | null }[];
    }>(s.url, 'GET', `/api/v1/units/${s.seeded.units.puskesmas}/daily?date=${DATE}`, { token: admin });
    expect(daily.status).toBe(200);
    const a = daily.body.days.find((d) => d.employeeId === s.seeded.employees.a)!;
    const first = (await punches())[0]!;
    expect(a.checkInAt).toBe(new Date(first.time_of_record!).toISOString());
    expect(a.status).not.toBe('absent');
    // The console's daily list names the channel of each check-in and counts them.
    const page = await call<{
      byChannel: Record<string, number>;
      people: { employeeId: number; checkInChannel: string | null; checkOutChannel: string | null }[];
    }>(s.url, 'GET', `/api/v1/console/daily?unitId=${s.seeded.units.puskesmas}&date=${DATE}`, {
      token: admin,
    });
    expect(page.status).toBe(200);
    expect(page.body.byChannel).toEqual({ fingerprint: 1 });
    expect(page.body.people.find((p) => p.employeeId === s.seeded.employees.a)).toMatchObject({
      checkInChannel: 'fingerprint',
    });
    // The exported daily list says so in its remarks.
    const csv = await fetch(
      `${s.url}/api/v1/units/${s.seeded.units.puskesmas}/daily/export?date=${DATE}&format=csv`,
      { headers: { authorization: `Bearer ${admin}` } },
    );
    expect(csv.status).toBe(200);
    const row = (await csv.text()).split(/\r?\n/).find((l) => l.includes('Andi Rahman'));
    expect(row).toContain('"PSW4; masuk lewat sidik jari, pulang lewat sidik jari"');
    const me = (await login(s.url, '198609262015051001')).token;
    const own = await call<{ days: { punches: { source: string; terminalId: string | null }[] }[] }>(
      s.url,
      'GET',
      `/api/v1/me/attendance?from=${DATE}&to=${DATE}`,
      { token: me },
    );
    expect(own.body.days[0]!.punches.map((p) => [p.source, p.terminalId])).toEqual([
      ['fingerprint', SN],
      ['fingerprint', SN],
      ['fingerprint', SN],
    ]);
  });

  it('refuses presses from a clock in the future and raises the drift alarm', async () => {
    // 09:32 on the machine when it is 07:32 at the site: the clock is two hours ahead.
    const r = await machine.press([{ pin: '1001', time: `${DATE} 09:32:00`, status: 1 }]);
    expect(r.body).toBe('OK:1');
    const detail = await call<{ driftSec: number; driftAlarm: boolean; lines: Record<string, number> }>(
      s.url,
      'GET',
      `/api/v1/machines/${SN}`,
      { token: admin },
    );
    expect(detail.body).toMatchObject({ driftSec: 7200, driftAlarm: true });
    expect(detail.body.lines.future).toBe(1);
    expect(await punches()).toHaveLength(3);
  });

  it("sends a new employee's PIN to the machine through getrequest", async () => {
    const e = await insertEmployee(s.t.db, {
      kind: 'non_asn',
      nip: null,
      internalId: 'NA-2026-0042',
      name: 'Dewi Lestari',
      unitId: s.seeded.units.puskesmas,
      position: 'Petugas Kebersihan',
      active: true,
    });
    const r = await call<{ released: Record<string, number> }>(s.url, 'POST', `/api/v1/machines/${SN}/pins`, {
      token: admin,
      body: { pin: '2002', employeeId: e.id, scope: 'machine' },
    });
    expect(r.status).toBe(201);
    // Her press of the morning, waiting for a PIN, is hers now.
    expect(r.body.released).toEqual({ stored: 1 });
    const cmds = await machine.pollAndObey(users);
    expect(cmds).toHaveLength(1);
    expect(users.get('2002')).toBe('Dewi Lestari');
    // The same PIN for someone else on this machine is refused.
    const taken = await call(s.url, 'POST', `/api/v1/machines/${SN}/pins`, {
      token: admin,
      body: { pin: '2002', employeeId: s.seeded.employees.a, scope: 'machine' },
    });
    expect([taken.status, (taken.body as { code: string }).code]).toEqual([409, 'machine_pin_taken']);
  });

  it('reconciles a day: what the machine has that Hadir never got, and what it did not make a punch of', async () => {
    // A press the machine stored but never sent (its upload was lost).
    machine.log.push({ pin: '1001', time: `${DATE} 07:25:05`, status: 1 });
    const rq = await call<{ id: number }>(s.url, 'POST', `/api/v1/machines/${SN}/reconciliations`, {
      token: admin,
      body: { date: DATE },
    });
    expect(rq.status).toBe(202);
    const cmds = await machine.pollAndObey(users);
    expect(cmds[0]).toMatch(
      new RegExp(`^C:\\d+:DATA QUERY ATTLOG StartTime=${DATE} 00:00:00\tEndTime=${DATE} 23:59:59$`),
    );
    const rc = await call<{
      repliedAt: string | null;
      machineLines: number;
      differences: { pin: string; time: string; kind: string; outcome: string | null }[];
    }>(s.url, 'GET', `/api/v1/machines/${SN}/reconciliations/${rq.body.id}`, { token: admin });
    expect(rc.status).toBe(200);
    expect(rc.body.repliedAt).not.toBeNull();
    expect(rc.body.machineLines).toBe(7);
    expect(rc.body.differences.map((d) => [d.time.slice(11), d.pin, d.kind, d.outcome])).toEqual([
      ['07:01:30', '1001', 'not_a_punch', 'same_punch'],
      ['07:25:05', '1001', 'only_on_machine', 'stored'],
      ['09:32:00', '1001', 'not_a_punch', 'future'],
    ]);
    expect(await punches()).toHaveLength(5);
  });

  it('writes every admin change to the audit trail', async () => {
    const rows = await s.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `machine:${SN}`)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'machine.accept',
      'machine.pin',
      'machine.pin',
      'machine.reconcile',
    ]);
  });

  it('answers a request without a serial number with ERROR, in plain text', async () => {
    const r = await fetch(`${s.url}/iclock/cdata?options=all`);
    expect(r.status).toBe(400);
    expect(await r.text()).toBe('ERROR');
    expect(NOW).toBeGreaterThan(0);
  });
});
