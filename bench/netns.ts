/**
 * Separate hosts on this one machine, for the scale-out measurement (issue 14 item 3):
 * two network namespaces, `app` for the server processes and `db` for PostgreSQL, each
 * joined by a veth pair to a bridge in the machine's own namespace, where the load
 * generator stays. Traffic between them crosses real network interfaces (veth, bridge)
 * and the kernel's TCP stack, not loopback, as it would between three hosts on one
 * switch; the three still share the machine's two cores.
 *
 * Needs root (CAP_NET_ADMIN) and `ip` (iproute2). Everything made here is removed by
 * destroy(), also when a run fails halfway.
 */
import { execFileSync } from 'node:child_process';

export interface Hosts {
  /** Address of the app host (server processes), and its namespace. */
  app: { ip: string; netns: string };
  /** Address of the database host, and its namespace. */
  db: { ip: string; netns: string };
  /** Address of this machine on the bridge (the load generator's side). */
  client: string;
  destroy(): void;
}

const BRIDGE = 'hadirbr0';
const NET = '10.88.0';

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryIp(...args: string[]): void {
  try {
    ip(...args);
  } catch {
    // Not there (a clean machine, or removed already): nothing to undo.
  }
}

/** Removes whatever an earlier, interrupted run left. */
function clear(): void {
  tryIp('netns', 'del', 'hadir-app');
  tryIp('netns', 'del', 'hadir-db');
  tryIp('link', 'del', BRIDGE);
  tryIp('link', 'del', 'hadir-app0');
  tryIp('link', 'del', 'hadir-db0');
}

export function makeHosts(): Hosts {
  if (process.getuid?.() !== 0) throw new Error('--netns needs root (ip netns, veth links)');
  clear();
  try {
    ip('link', 'add', BRIDGE, 'type', 'bridge');
    ip('addr', 'add', `${NET}.1/24`, 'dev', BRIDGE);
    ip('link', 'set', BRIDGE, 'up');
    const host = (name: string, last: number) => {
      const ns = `hadir-${name}`;
      ip('netns', 'add', ns);
      ip('link', 'add', `${ns}0`, 'type', 'veth', 'peer', 'name', `${ns}1`);
      ip('link', 'set', `${ns}1`, 'netns', ns);
      ip('link', 'set', `${ns}0`, 'master', BRIDGE);
      ip('link', 'set', `${ns}0`, 'up');
      ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${NET}.${last}/24`, 'dev', `${ns}1`);
      ip('netns', 'exec', ns, 'ip', 'link', 'set', `${ns}1`, 'up');
      ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
      return { ip: `${NET}.${last}`, netns: ns };
    };
    return { app: host('app', 2), db: host('db', 3), client: `${NET}.1`, destroy: clear };
  } catch (err) {
    clear();
    throw err;
  }
}

/** The command and arguments that run `cmd args` inside namespace `netns` (or as is). */
export function inNetns(netns: string | undefined, cmd: string, args: string[]): [string, string[]] {
  return netns === undefined ? [cmd, args] : ['ip', ['netns', 'exec', netns, cmd, ...args]];
}
