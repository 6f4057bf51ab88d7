/**
 * A ZKTeco-family machine as the server sees it on the wire, for the tests and the
 * benchmark: raw HTTP/1.1 over a TCP socket, written byte for byte the way the
 * published captures of PUSH firmware show it (request line with the serial in the
 * query, `User-Agent: iClock Proxy/1.09`, `Connection: close`, no content type on
 * uploads, tab-separated lines ending in LF), and the answer read back raw.
 */
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One raw request to `base` (http://host:port); resolves with the answer once the server closes. */
export function rawRequest(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): Promise<RawAnswer> {
  const url = new URL(base);
  const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
  const head =
    `${method} ${path} HTTP/1.1\r\n` +
    `Host: ${url.host}\r\n` +
    'User-Agent: iClock Proxy/1.09\r\n' +
    'Connection: close\r\n' +
    'Accept: */*\r\n' +
    (payload ? `Content-Length: ${payload.length}\r\n` : '') +
    '\r\n';
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    socket.on('connect', () => {
      socket.write(head);
      if (payload) socket.write(payload);
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const split = raw.indexOf('\r\n\r\n');
      if (split < 0) return reject(new Error(`no HTTP answer: ${JSON.stringify(raw.slice(0, 200))}`));
      const lines = raw.slice(0, split).split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const c = l.indexOf(':');
        if (c > 0) headers[l.slice(0, c).trim().toLowerCase()] = l.slice(c + 1).trim();
      }
      let rest = raw.slice(split + 4);
      if (headers['transfer-encoding'] === 'chunked') rest = unchunk(rest);
      resolve({ status, headers, body: rest });
    });
  });
}

function unchunk(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const nl = s.indexOf('\r\n', i);
    if (nl < 0) return out;
    const size = parseInt(s.slice(i, nl), 16);
    if (!size) return out;
    out += s.slice(nl + 2, nl + 2 + size);
    i = nl + 2 + size + 2;
  }
}

/** One line of the machine's attendance log. */
export interface Press {
  pin: string;
  /** `YYYY-MM-DD HH:MM:SS` on the machine's clock. */
  time: string;
  /** 0 check-in, 1 check-out, 255 none. */
  status?: number;
  /** 1 fingerprint, 15 face. */
  verify?: number;
}

/** How firmware 6.60 writes an ATTLOG line: PIN, time, status, verify, work code, two reserved. */
export function attLogLine(p: Press): string {
  return `${p.pin}\t${p.time}\t${p.status ?? 0}\t${p.verify ?? 1}\t0\t0\t0`;
}

export class SimulatedMachine {
  readonly base: string;
  readonly serial: string;
  #stamp = 0;
  /** Every line the machine holds (what a DATA QUERY ATTLOG sends back). */
  readonly log: Press[] = [];

  constructor(base: string, serial: string) {
    this.base = base;
    this.serial = serial;
  }

  /** The handshake a machine makes on boot. */
  handshake(): Promise<RawAnswer> {
    return rawRequest(
      this.base,
      'GET',
      `/iclock/cdata?SN=${this.serial}&options=all&pushver=2.4.1&language=69`,
    );
  }

  /** Records presses in the machine's memory and uploads them as one ATTLOG batch. */
  press(presses: readonly Press[]): Promise<RawAnswer> {
    this.log.push(...presses);
    return this.uploadRaw(presses.map(attLogLine).join('\n') + '\n');
  }

  /** Uploads a body as is (malformed lines, a replayed batch). */
  uploadRaw(body: string): Promise<RawAnswer> {
    this.#stamp++;
    return rawRequest(
      this.base,
      'POST',
      `/iclock/cdata?SN=${this.serial}&table=ATTLOG&Stamp=${1_000_000 + this.#stamp}`,
      body,
    );
  }

  operLog(body: string): Promise<RawAnswer> {
    return rawRequest(this.base, 'POST', `/iclock/cdata?SN=${this.serial}&table=OPERLOG&Stamp=9999`, body);
  }

  /** The poll for commands. */
  poll(): Promise<RawAnswer> {
    const info = encodeURIComponent('Ver 6.60 Apr 28 2017,12,10,250,192.168.1.201,10,7,12,12,111');
    return rawRequest(this.base, 'GET', `/iclock/getrequest?SN=${this.serial}&INFO=${info}`);
  }

  /** Reports command results. */
  reply(results: readonly { id: number; ret: number; cmd: string }[]): Promise<RawAnswer> {
    return rawRequest(
      this.base,
      'POST',
      `/iclock/devicecmd?SN=${this.serial}`,
      results.map((r) => `ID=${r.id}&Return=${r.ret}&CMD=${r.cmd}`).join('\n') + '\n',
    );
  }

  /**
   * Polls, carries out what it understands (USERINFO: keeps the user; ATTLOG query:
   * uploads the matching lines of its log) and reports the results. Returns the commands.
   */
  async pollAndObey(users?: Map<string, string>): Promise<string[]> {
    const r = await this.poll();
    if (r.body === 'OK') return [];
    const cmds = r.body.split('\n').filter((l) => l !== '');
    const results: { id: number; ret: number; cmd: string }[] = [];
    for (const line of cmds) {
      const m = /^C:(\d+):(.*)$/.exec(line);
      if (!m) continue;
      const id = Number(m[1]);
      const cmd = m[2]!;
      if (cmd.startsWith('DATA UPDATE USERINFO ')) {
        const kv = new Map(
          cmd
            .slice('DATA UPDATE USERINFO '.length)
            .split('\t')
            .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
        );
        users?.set(kv.get('PIN') ?? '', kv.get('Name') ?? '');
        results.push({ id, ret: 0, cmd: 'DATA' });
      } else if (cmd.startsWith('DATA QUERY ATTLOG ')) {
        const q = /StartTime=([^\t]+)\tEndTime=(.+)$/.exec(cmd);
        const lines = this.log.filter((p) => q && p.time >= q[1]! && p.time <= q[2]!);
        if (lines.length > 0) await this.uploadRaw(lines.map(attLogLine).join('\n') + '\n');
        results.push({ id, ret: lines.length, cmd: 'DATA' });
      } else {
        results.push({ id, ret: -1002, cmd: cmd.split(' ')[0] ?? '' });
      }
    }
    if (results.length > 0) await this.reply(results);
    return cmds;
  }
}
