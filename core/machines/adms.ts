/**
 * The "iclock" push protocol of ZKTeco-family fingerprint machines (ADMS, PUSH SDK
 * 2.4.x), as plain functions of text: what a machine sends, parsed strictly, and what
 * it expects back, formatted exactly. No I/O; the server's routes feed these functions
 * the query string and the body and send their answer as text/plain.
 *
 * The machine is the HTTP client (it works behind NAT) and speaks in this order:
 * - `GET /iclock/cdata?SN=…&options=all&pushver=…`: the handshake; the answer is the
 *   options block ({@link optionsBlock}), first line `GET OPTION FROM: <SN>`;
 * - `POST /iclock/cdata?SN=…&table=ATTLOG&Stamp=…`: stored punches, one a line, fields
 *   separated by tabs: PIN, `YYYY-MM-DD HH:MM:SS` on the machine's own clock (no zone),
 *   status, verify mode, work code, reserved…; answered `OK:<count>` with 200 even when
 *   some lines were refused, or the machine sends the batch again forever;
 * - `POST /iclock/cdata?SN=…&table=OPERLOG`: the operation log (`OPLOG …`) and the
 *   users enrolled at the machine (`USER PIN=…\tName=…`), answered the same way;
 * - `GET /iclock/getrequest?SN=…[&INFO=…]`: the poll for commands, answered `OK` when
 *   there is none, else one `C:<id>:<command>` a line;
 * - `POST /iclock/devicecmd?SN=…`: the results, `ID=<id>&Return=<code>&CMD=<name>` a line.
 *
 * Machines re-send after resets and reconnections, so a record is known by (machine,
 * PIN, time): the same line twice is one punch ({@link recordKey}).
 */
import type { PunchKind, Zone } from '../model.js';
import { isValidDate, localParts, zonedToInstant } from '../time.js';

// ---------------------------------------------------------------------------------------
// Serial numbers and query strings
// ---------------------------------------------------------------------------------------

/** A serial number as machines print it: letters and digits, 1–32 of them. */
const SERIAL_RE = /^[A-Za-z0-9]{1,32}$/;

/** True for a plausible serial number (the `SN` parameter). */
export function isSerial(s: string): boolean {
  return SERIAL_RE.test(s);
}

// ---------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------

/** The hour offset machines are configured with (`TimeZone=` in the options), per zone. */
export function zoneHours(zone: Zone): 7 | 8 | 9 {
  switch (zone) {
    case 'Asia/Jakarta':
    case 'Asia/Pontianak':
      return 7;
    case 'Asia/Makassar':
      return 8;
    case 'Asia/Jayapura':
      return 9;
  }
}

// ---------------------------------------------------------------------------------------
// Times on the machine's clock
// ---------------------------------------------------------------------------------------

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * The instant a machine's local time `YYYY-MM-DD HH:MM:SS` stands for in `zone`, or null
 * for anything else (30 February, 24:00:00, a missing second, a T between the parts).
 *
 * @example machineTimeToInstant('2026-03-02 07:31:00', 'Asia/Makassar') // Date.UTC(2026, 2, 1, 23, 31)
 */
export function machineTimeToInstant(local: string, zone: Zone): number | null {
  const m = LOCAL_RE.exec(local);
  if (!m) return null;
  const [, date, hh, mm, ss] = m;
  if (!date || !isValidDate(date)) return null;
  const h = Number(hh);
  const mi = Number(mm);
  const s = Number(ss);
  if (h > 23 || mi > 59 || s > 59) return null;
  return zonedToInstant(date, h * 60 + mi, zone) + s * 1000;
}

/**
 * The wall clock of `zone` at `ms` as machines write it (`YYYY-MM-DD HH:MM:SS`): for
 * commands that name a time (`DATA QUERY ATTLOG StartTime=…`).
 */
export function instantToMachineTime(ms: number, zone: Zone): string {
  const p = localParts(ms, zone);
  return `${p.date} ${p.time}`;
}

// ---------------------------------------------------------------------------------------
// ATTLOG: stored punches
// ---------------------------------------------------------------------------------------

/** A PIN as enrolled on the machine: 1–24 letters or digits (most machines: digits). */
const PIN_RE = /^[A-Za-z0-9]{1,24}$/;

/** True for a PIN a machine can hold. */
export function isPin(s: string): boolean {
  return PIN_RE.test(s);
}

/** One line of an ATTLOG upload that parsed. */
export interface AttLogRecord {
  /** The user's number on the machine. */
  pin: string;
  /** `YYYY-MM-DD HH:MM:SS` on the machine's clock, as sent. */
  local: string;
  /** In/out state pressed (0 check-in, 1 check-out, 2 break out, 3 break in, 4 OT in, 5 OT out; 255 none). */
  status: number;
  /** How the person was verified (0 password, 1 fingerprint, 2 card, 15 face, …). */
  verify: number;
  /** The work code typed, '' for none. */
  workcode: string;
}

/** Why a line was refused. */
export type LineProblem = 'fields' | 'pin' | 'time' | 'status' | 'verify';

/** A line that did not parse: its number (1-based) and what was wrong. */
export interface RefusedLine {
  line: number;
  problem: LineProblem;
}

export interface AttLogParse {
  records: AttLogRecord[];
  refused: RefusedLine[];
  /** Non-empty lines read (records + refused): the count the answer reports. */
  lines: number;
}

/** A small whole number as machines write one ('' or absent: `absent`). */
function smallInt(s: string | undefined, absent: number): number | null {
  if (s === undefined || s.trim() === '') return absent;
  const t = s.trim();
  if (!/^\d{1,3}$/.test(t)) return null;
  const n = Number(t);
  return n <= 255 ? n : null;
}

/** Splits a body into its non-empty lines (LF or CRLF; a missing last newline is fine). */
export function bodyLines(body: string): { n: number; text: string }[] {
  const out: { n: number; text: string }[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = (lines[i] ?? '').replace(/\r$/, '');
    if (text.trim() !== '') out.push({ n: i + 1, text });
  }
  return out;
}

/**
 * Parses an ATTLOG body. Every line is judged alone: a bad line is refused with its
 * reason and the rest still count, because the machine re-sends the whole batch when
 * the answer is not OK.
 *
 * @example
 *   parseAttLog('1001\t2026-03-02 07:31:00\t0\t1\t0\t0\n')
 *   // { records: [{ pin: '1001', local: '2026-03-02 07:31:00', status: 0, verify: 1, workcode: '0' }], refused: [], lines: 1 }
 */
export function parseAttLog(body: string): AttLogParse {
  const records: AttLogRecord[] = [];
  const refused: RefusedLine[] = [];
  const lines = bodyLines(body);
  for (const { n, text } of lines) {
    const f = text.split('\t');
    const pin = (f[0] ?? '').trim();
    const local = (f[1] ?? '').trim();
    if (f.length < 2) {
      refused.push({ line: n, problem: 'fields' });
      continue;
    }
    if (!isPin(pin)) {
      refused.push({ line: n, problem: 'pin' });
      continue;
    }
    // Validity of the date itself is judged in the machine's zone, but the calendar is
    // the same in every zone: any zone tells whether the text is a real time.
    if (machineTimeToInstant(local, 'Asia/Jakarta') === null) {
      refused.push({ line: n, problem: 'time' });
      continue;
    }
    const status = smallInt(f[2], 255);
    if (status === null) {
      refused.push({ line: n, problem: 'status' });
      continue;
    }
    const verify = smallInt(f[3], 0);
    if (verify === null) {
      refused.push({ line: n, problem: 'verify' });
      continue;
    }
    records.push({ pin, local, status, verify, workcode: (f[4] ?? '').trim() });
  }
  return { records, refused, lines: lines.length };
}

/** What a record is known by: the same (PIN, time) from one machine is one press. */
export function recordKey(r: Pick<AttLogRecord, 'pin' | 'local'>): string {
  return `${r.pin}\t${r.local}`;
}

/**
 * Whether a press is a check-in or a check-out. The state key pressed decides when the
 * machine has one (0, 3, 4 in; 1, 2, 5 out); otherwise (255, or machines without the
 * keys) the time of day does: before the middle of the scheduled day it is an arrival.
 *
 * @param localMinutes minutes since local midnight of the press
 * @param middle minutes since midnight splitting arrivals from departures (the middle of
 *   the scheduled hours, or 12:00 when there is no schedule)
 */
export function punchKindOf(status: number, localMinutes: number, middle: number): PunchKind {
  if (status === 0 || status === 3 || status === 4) return 'in';
  if (status === 1 || status === 2 || status === 5) return 'out';
  return localMinutes < middle ? 'in' : 'out';
}

/** Presses of one person closer than this to the previous kept one are the same punch. */
export const SAME_PUNCH_MS = 60_000;

/**
 * Collapses presses of one person on one machine: a press within {@link SAME_PUNCH_MS}
 * after the previous kept press (stored earlier, or earlier in this batch) is the same
 * punch, whatever state key it carries. Returns the indexes of `ats` to keep.
 *
 * @param ats the instants of this batch's presses of one person (any order)
 * @param stored the instants of that person's punches on that machine already stored
 */
export function keepDistinct(ats: readonly number[], stored: readonly number[]): number[] {
  const order = ats.map((at, i) => ({ at, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  const kept: number[] = [];
  const keptAts = [...stored];
  for (const { at, i } of order) {
    if (keptAts.some((s) => Math.abs(at - s) < SAME_PUNCH_MS)) continue;
    kept.push(i);
    keptAts.push(at);
  }
  return kept.sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------
// The machine's clock
// ---------------------------------------------------------------------------------------

/** Uploads of at most this many lines are taken as sent in real time (Realtime=1). */
export const REALTIME_LINES = 3;

/**
 * The machine's clock error (ms, positive: ahead) measured from one upload, or null when
 * the upload says nothing about it.
 *
 * A punch cannot have happened after it arrived, so the newest press ahead of the
 * arrival shows a clock ahead by at least as much. A small upload is sent within seconds
 * of the press (real-time mode), so its newest press also shows a clock behind. A large
 * one is a backlog: old presses say nothing about a clock behind.
 */
export function clockDrift(newestPress: number, receivedAt: number, lines: number): number | null {
  const d = newestPress - receivedAt;
  if (d > 0) return d;
  return lines <= REALTIME_LINES ? d : null;
}

// ---------------------------------------------------------------------------------------
// OPERLOG: operations and enrolled users
// ---------------------------------------------------------------------------------------

/** One line of an OPERLOG upload. */
export type OperLogEntry =
  | { kind: 'oplog'; op: number; admin: string; local: string; objects: string[] }
  | { kind: 'user'; pin: string; name: string }
  | { kind: 'other'; tag: string };

/** `Key=value` fields separated by tabs, as in `USER PIN=1\tName=Andi`. */
export function keyValues(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of s.split('\t')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1));
  }
  return out;
}

/**
 * Parses an OPERLOG body: `OPLOG <op>\t<admin>\t<time>\t<objects…>` lines, `USER
 * PIN=…\tName=…` lines (a user enrolled or changed at the machine), and anything else
 * (fingerprint templates, photos) counted but not read.
 */
export function parseOperLog(body: string): {
  entries: OperLogEntry[];
  refused: RefusedLine[];
  lines: number;
} {
  const entries: OperLogEntry[] = [];
  const refused: RefusedLine[] = [];
  const lines = bodyLines(body);
  for (const { n, text } of lines) {
    const sp = text.indexOf(' ');
    const tag = sp < 0 ? text.trim() : text.slice(0, sp);
    const rest = sp < 0 ? '' : text.slice(sp + 1);
    if (tag === 'OPLOG') {
      const f = rest.split('\t');
      const op = smallInt(f[0], -1);
      const local = (f[2] ?? '').trim();
      if (op === null || op < 0 || machineTimeToInstant(local, 'Asia/Jakarta') === null) {
        refused.push({ line: n, problem: op === null || op < 0 ? 'fields' : 'time' });
        continue;
      }
      entries.push({ kind: 'oplog', op, admin: (f[1] ?? '').trim(), local, objects: f.slice(3) });
    } else if (tag === 'USER') {
      const kv = keyValues(rest);
      const pin = kv.get('PIN') ?? '';
      if (!isPin(pin)) {
        refused.push({ line: n, problem: 'pin' });
        continue;
      }
      entries.push({ kind: 'user', pin, name: kv.get('Name') ?? '' });
    } else {
      entries.push({ kind: 'other', tag });
    }
  }
  return { entries, refused, lines: lines.length };
}

// ---------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------

/** What the handshake answer tells the machine. */
export interface MachineOptions {
  serial: string;
  zone: Zone;
  /** Seconds between polls of getrequest. */
  delaySec: number;
  /** Seconds to wait after a failed request. */
  errorDelaySec: number;
  /** The last ATTLOG stamp the server stored ('None': send everything you have). */
  attlogStamp: string;
  /** The last OPERLOG stamp stored. */
  operlogStamp: string;
  /** The protocol version the server speaks. */
  serverVersion: string;
}

/**
 * The handshake's answer: `GET OPTION FROM: <SN>` then `Key=value` lines, LF-separated.
 * Real-time on (each press sent at once), photos and templates off (the server stores
 * attendance and the operation log only), no encryption.
 */
export function optionsBlock(o: MachineOptions): string {
  return [
    `GET OPTION FROM: ${o.serial}`,
    `ATTLOGStamp=${o.attlogStamp}`,
    `OPERLOGStamp=${o.operlogStamp}`,
    'ATTPHOTOStamp=None',
    `ErrorDelay=${o.errorDelaySec}`,
    `Delay=${o.delaySec}`,
    'TransTimes=00:00;14:05',
    'TransInterval=1',
    'TransFlag=TransData AttLog OpLog EnrollUser ChgUser',
    `TimeZone=${zoneHours(o.zone)}`,
    'Realtime=1',
    'Encrypt=None',
    `ServerVer=${o.serverVersion}`,
    `PushProtVer=${o.serverVersion}`,
  ].join('\n');
}

/** The answer to an upload: `OK:<lines read>`, always, so the machine moves on. */
export function uploadAnswer(lines: number): string {
  return `OK:${lines}`;
}

/** A command waiting for a machine. */
export interface PendingCommand {
  id: number;
  command: string;
}

/** The answer to getrequest: `OK` for nothing to do, else `C:<id>:<command>` lines. */
export function commandsAnswer(cmds: readonly PendingCommand[]): string {
  if (cmds.length === 0) return 'OK';
  return cmds.map((c) => `C:${c.id}:${c.command}`).join('\n');
}

// ---------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------

/** Characters a machine field cannot hold (they separate fields and lines). */
function fieldText(s: string, max: number): string {
  return s
    .replace(/[\t\r\n]+/g, ' ')
    .trim()
    .slice(0, max);
}

/**
 * Adds or updates a user on the machine: `DATA UPDATE USERINFO PIN=…\tName=…\tPri=0`.
 * Names longer than a machine's 24 characters are cut; privilege 0 (a normal user).
 */
export function userInfoCommand(pin: string, name: string): string {
  if (!isPin(pin)) throw new RangeError(`userInfoCommand: not a PIN: ${pin}`);
  return `DATA UPDATE USERINFO PIN=${pin}\tName=${fieldText(name, 24)}\tPri=0`;
}

/** Asks the machine to send its stored punches between two of its local times again. */
export function queryAttLogCommand(startLocal: string, endLocal: string): string {
  if (!LOCAL_RE.test(startLocal) || !LOCAL_RE.test(endLocal))
    throw new RangeError('queryAttLogCommand: times must be YYYY-MM-DD HH:MM:SS');
  return `DATA QUERY ATTLOG StartTime=${startLocal}\tEndTime=${endLocal}`;
}

/** One result a machine reports on devicecmd. */
export interface CommandReply {
  id: number;
  /** 0 success; negative: the machine's error code. */
  ret: number;
  cmd: string;
}

/**
 * Parses a devicecmd body: one `ID=<id>&Return=<code>&CMD=<name>` a line. Lines without
 * a numeric ID and Return are skipped (machines append data after some replies).
 */
export function parseCommandReplies(body: string): CommandReply[] {
  const out: CommandReply[] = [];
  for (const { text } of bodyLines(body)) {
    const fields = new Map<string, string>();
    for (const part of text.split('&')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const id = fields.get('ID') ?? '';
    const ret = fields.get('Return') ?? '';
    if (!/^\d{1,15}$/.test(id) || !/^-?\d{1,9}$/.test(ret)) continue;
    out.push({ id: Number(id), ret: Number(ret), cmd: fields.get('CMD') ?? '' });
  }
  return out;
}

/**
 * The firmware version from getrequest's `INFO=` (its first comma-separated field, e.g.
 * `Ver 6.60 Apr 28 2017`), or null.
 */
export function firmwareFromInfo(info: string | undefined): string | null {
  if (info === undefined) return null;
  const first = info.split(',')[0]?.trim() ?? '';
  return first === '' ? null : first.slice(0, 64);
}
