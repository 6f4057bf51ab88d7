import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZONES } from '../model.js';
import {
  SAME_PUNCH_MS,
  clockDrift,
  commandsAnswer,
  firmwareFromInfo,
  instantToMachineTime,
  keepDistinct,
  machineTimeToInstant,
  optionsBlock,
  parseAttLog,
  parseCommandReplies,
  parseOperLog,
  punchKindOf,
  queryAttLogCommand,
  uploadAnswer,
  userInfoCommand,
} from './adms.js';
import type { AttLogRecord } from './adms.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** A valid local time in 2020–2030. */
const localArb = fc
  .record({
    y: fc.integer({ min: 2020, max: 2030 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
  })
  .map(({ y, mo, d, h, mi, s }) => `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`);

const recordArb: fc.Arbitrary<AttLogRecord> = fc.record({
  pin: fc.stringMatching(/^[0-9]{1,9}$/),
  local: localArb,
  status: fc.constantFrom(0, 1, 2, 3, 4, 5, 255),
  verify: fc.constantFrom(0, 1, 2, 4, 15),
  workcode: fc.constantFrom('0', '', '12'),
});

/** A line as a machine writes it: the six fields of firmware 6.60, tab-separated. */
const line = (r: AttLogRecord) => `${r.pin}\t${r.local}\t${r.status}\t${r.verify}\t${r.workcode}\t0\t0`;

/** Lines no machine record can be. */
const badLineArb = fc.constantFrom(
  'garbage',
  '1001',
  '1001\t2026-02-30 07:00:00\t0\t1',
  '1001\t2026-03-02 24:00:00\t0\t1',
  '1001\t2026-03-02T07:00:00\t0\t1',
  '1001\t2026-03-02 07:00\t0\t1',
  '\t2026-03-02 07:00:00\t0\t1',
  '10-01\t2026-03-02 07:00:00\t0\t1',
  '1001\t2026-03-02 07:00:00\tx\t1',
  '1001\t2026-03-02 07:00:00\t0\t9999',
);

describe('ATTLOG lines', () => {
  it('reads back every well-formed line, with LF or CRLF, with or without a last newline', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 40 }), fc.boolean(), fc.boolean(), (rs, crlf, last) => {
        const nl = crlf ? '\r\n' : '\n';
        const body = rs.map(line).join(nl) + (last && rs.length > 0 ? nl : '');
        const p = parseAttLog(body);
        expect(p.refused).toEqual([]);
        expect(p.lines).toBe(rs.length);
        expect(p.records).toEqual(rs);
      }),
    );
  });

  it('refuses each malformed line alone, naming it, and keeps the rest', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            recordArb.map((r) => ({ ok: true as const, r })),
            badLineArb.map((b) => ({ ok: false as const, b })),
          ),
          {
            maxLength: 40,
          },
        ),
        (items) => {
          const body = items.map((it) => (it.ok ? line(it.r) : it.b)).join('\n');
          const p = parseAttLog(body);
          expect(p.lines).toBe(items.length);
          expect(p.records).toEqual(items.flatMap((it) => (it.ok ? [it.r] : [])));
          expect(p.refused.map((x) => x.line)).toEqual(items.flatMap((it, i) => (it.ok ? [] : [i + 1])));
          // The answer counts every line read, so the machine never re-sends the batch.
          expect(uploadAnswer(p.lines)).toBe(`OK:${items.length}`);
        },
      ),
    );
  });

  it('names the problem of a line', () => {
    const p = parseAttLog(
      [
        'x',
        '1001\t2026-02-30 07:00:00\t0\t1',
        '1-1\t2026-03-02 07:00:00',
        '1\t2026-03-02 07:00:00\t256',
        '1\t2026-03-02 07:00:00\t0\tface',
      ].join('\n'),
    );
    expect(p.refused).toEqual([
      { line: 1, problem: 'fields' },
      { line: 2, problem: 'time' },
      { line: 3, problem: 'pin' },
      { line: 4, problem: 'status' },
      { line: 5, problem: 'verify' },
    ]);
  });

  it('takes a line with no state key as state 255 (none)', () => {
    expect(parseAttLog('7\t2026-03-02 07:00:00').records).toEqual([
      { pin: '7', local: '2026-03-02 07:00:00', status: 255, verify: 0, workcode: '' },
    ]);
  });
});

describe('machine time', () => {
  it('is the wall clock of the zone, both ways', () => {
    fc.assert(
      fc.property(localArb, fc.constantFrom(...ZONES), (local, zone) => {
        const at = machineTimeToInstant(local, zone);
        expect(at).not.toBeNull();
        expect(instantToMachineTime(at!, zone)).toBe(local);
      }),
    );
    expect(machineTimeToInstant('2026-03-02 07:31:00', 'Asia/Makassar')).toBe(Date.UTC(2026, 2, 1, 23, 31));
    expect(machineTimeToInstant('2026-03-02 07:31:00', 'Asia/Jayapura')).toBe(Date.UTC(2026, 2, 1, 22, 31));
  });
});

describe('the same press twice', () => {
  const atsArb = fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 30 });

  it('keeps presses at least a minute apart, and every dropped one is within a minute of a kept one', () => {
    fc.assert(
      fc.property(atsArb, atsArb, (ats, stored) => {
        const kept = keepDistinct(ats, stored).map((i) => ats[i]!);
        const all = [...stored, ...kept];
        for (let i = 0; i < all.length; i++)
          for (let j = i + 1; j < all.length; j++) {
            if (i < stored.length && j < stored.length) continue;
            expect(Math.abs(all[i]! - all[j]!)).toBeGreaterThanOrEqual(SAME_PUNCH_MS);
          }
        ats.forEach((at) => expect(all.some((k) => Math.abs(k - at) < SAME_PUNCH_MS)).toBe(true));
      }),
    );
  });

  it('stores nothing new when a batch is replayed', () => {
    fc.assert(
      fc.property(atsArb, (ats) => {
        const first = keepDistinct(ats, []).map((i) => ats[i]!);
        expect(keepDistinct(ats, first)).toEqual([]);
        // Replayed inside a larger batch, only the new presses count.
        const later = ats.map((a) => a + 10 * 3_600_000);
        const again = keepDistinct([...ats, ...later], first).map((i) => [...ats, ...later][i]!);
        expect(again.every((a) => a >= 10 * 3_600_000)).toBe(true);
      }),
    );
  });

  it('is one punch for two presses 59 s apart, two for 60 s', () => {
    expect(keepDistinct([0, 59_000], [])).toEqual([0]);
    expect(keepDistinct([0, 60_000], [])).toEqual([0, 1]);
    expect(keepDistinct([59_000, 0], [])).toEqual([1]);
  });
});

describe('check-in or check-out', () => {
  it('follows the state key, else the time of day', () => {
    expect(punchKindOf(0, 900, 705)).toBe('in');
    expect(punchKindOf(1, 400, 705)).toBe('out');
    expect(punchKindOf(3, 900, 705)).toBe('in');
    expect(punchKindOf(2, 400, 705)).toBe('out');
    expect(punchKindOf(255, 450, 705)).toBe('in');
    expect(punchKindOf(255, 960, 705)).toBe('out');
  });
});

describe("the machine's clock", () => {
  it('is ahead by as much as a press is in the future, whatever the upload', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 86_400_000 }),
        fc.integer({ min: 1, max: 5000 }),
        (ahead, lines) => {
          expect(clockDrift(1_000_000_000 + ahead, 1_000_000_000, lines)).toBe(ahead);
        },
      ),
    );
  });

  it('is behind only as far as a real-time upload shows', () => {
    expect(clockDrift(1000, 601_000, 1)).toBe(-600_000);
    expect(clockDrift(1000, 601_000, 3)).toBe(-600_000);
    expect(clockDrift(1000, 601_000, 4)).toBeNull();
  });
});

describe('OPERLOG', () => {
  it('reads operations and enrolled users, counts the rest', () => {
    const p = parseOperLog(
      [
        'OPLOG 4\t0\t2026-03-02 07:00:00\t0\t0\t0\t0',
        'USER PIN=1001\tName=Andi Rahman\tPri=0\tPasswd=\tCard=\tGrp=1',
        'FP PIN=1001\tFID=6\tSize=1184\tValid=1\tTMP=ocosgoulTUEdNKVRwRQ0I27BDTEkdMEONK9KQQunMVSBK6VPLEEg',
        'OPLOG x\t0\t2026-03-02 07:00:00',
        'USER PIN=\tName=Nobody',
      ].join('\r\n'),
    );
    expect(p.lines).toBe(5);
    expect(p.entries).toEqual([
      { kind: 'oplog', op: 4, admin: '0', local: '2026-03-02 07:00:00', objects: ['0', '0', '0', '0'] },
      { kind: 'user', pin: '1001', name: 'Andi Rahman' },
      { kind: 'other', tag: 'FP' },
    ]);
    expect(p.refused).toEqual([
      { line: 4, problem: 'fields' },
      { line: 5, problem: 'pin' },
    ]);
  });
});

describe('answers and commands', () => {
  it('answers the handshake with the options block, byte for byte', () => {
    expect(
      optionsBlock({
        serial: 'CQUJ210460012',
        zone: 'Asia/Makassar',
        delaySec: 30,
        errorDelaySec: 60,
        attlogStamp: 'None',
        operlogStamp: '9999',
        serverVersion: '2.4.1',
      }),
    ).toBe(
      'GET OPTION FROM: CQUJ210460012\nATTLOGStamp=None\nOPERLOGStamp=9999\nATTPHOTOStamp=None\n' +
        'ErrorDelay=60\nDelay=30\nTransTimes=00:00;14:05\nTransInterval=1\n' +
        'TransFlag=TransData AttLog OpLog EnrollUser ChgUser\nTimeZone=8\nRealtime=1\nEncrypt=None\n' +
        'ServerVer=2.4.1\nPushProtVer=2.4.1',
    );
  });

  it('answers a poll with OK or one command a line', () => {
    expect(commandsAnswer([])).toBe('OK');
    expect(
      commandsAnswer([
        { id: 7, command: userInfoCommand('1001', 'Andi\tRahman') },
        { id: 8, command: queryAttLogCommand('2026-03-02 00:00:00', '2026-03-02 23:59:59') },
      ]),
    ).toBe(
      'C:7:DATA UPDATE USERINFO PIN=1001\tName=Andi Rahman\tPri=0\n' +
        'C:8:DATA QUERY ATTLOG StartTime=2026-03-02 00:00:00\tEndTime=2026-03-02 23:59:59',
    );
  });

  it('cuts a name to the 24 characters a machine holds and refuses a PIN it cannot', () => {
    expect(userInfoCommand('9', 'Dr. Hj. Siti Nurhaliza Binti Abdullah')).toBe(
      'DATA UPDATE USERINFO PIN=9\tName=Dr. Hj. Siti Nurhaliza B\tPri=0',
    );
    expect(() => userInfoCommand('1\t2', 'x')).toThrow(RangeError);
  });

  it('reads command results, skipping lines that are not results', () => {
    expect(
      parseCommandReplies(
        'ID=7&Return=0&CMD=DATA\nID=8&Return=-1002&CMD=DATA\r\nPIN=1\tName=x\nID=x&Return=0',
      ),
    ).toEqual([
      { id: 7, ret: 0, cmd: 'DATA' },
      { id: 8, ret: -1002, cmd: 'DATA' },
    ]);
  });

  it('reads the firmware from INFO', () => {
    expect(firmwareFromInfo('Ver 6.60 Apr 28 2017,12,10,250,192.168.1.201,10,7,12,12,111')).toBe(
      'Ver 6.60 Apr 28 2017',
    );
    expect(firmwareFromInfo(undefined)).toBeNull();
    expect(firmwareFromInfo('')).toBeNull();
  });
});
