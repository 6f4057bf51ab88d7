/**
 * What the punch list says about a punch still on the phone, read off the rendered
 * components: why it waits (no internet, or a busy server), what its time rests on (the
 * server's anchor, or only the phone's clock), and when the next try is (counted from
 * now, never as a clock time read off a phone clock that may be wrong).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../outbox/outbox.js';
import { PunchList, PunchState } from './punches.js';

const ZONE = 'Asia/Makassar';
const PRESSED = '2026-03-02T23:31:00.000Z';

function saved(anchored: boolean): OutboxItem {
  const id = '0195f3a1-2b3c-7d4e-8f50-0123456789ab';
  return {
    id,
    accountId: 1,
    capture: {
      id,
      kind: 'in',
      capturedAt: PRESSED,
      location: { lat: -5.14, lon: 119.41, accuracy: 10 },
      time: anchored
        ? { anchor: 'a', elapsedMs: 1, deviceTime: PRESSED, uncertaintyMs: 40 }
        : { deviceTime: PRESSED, skewMs: 0 },
    },
    state: 'saved',
    savedAt: 0,
    attempts: 0,
  };
}

/** The text a component renders, its elements separated by a space. */
function text(node: unknown): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(text).join('');
  const v = node as { type: unknown; props: { children?: unknown } };
  if (typeof v.type === 'function') return text((v.type as (p: unknown) => unknown)(v.props));
  return `${text(v.props.children)} `;
}

const state = (item: OutboxItem, reason: 'network' | 'busy' | 'server' | 'pending' | null) =>
  text(PunchState({ lang: 'id', item, zone: ZONE, reason }));

afterEach(() => {
  vi.useRealTimers();
});

describe('a punch waiting on the phone', () => {
  it('says "saat ada internet" only when the internet is what is missing', () => {
    expect(state(saved(true), 'network')).toContain('saat ada internet');
    const busy = state(saved(true), 'busy');
    expect(busy).not.toContain('saat ada internet');
    expect(busy).toContain('server sedang sibuk');
    expect(state(saved(true), 'server')).not.toContain('saat ada internet');
  });

  it('promises the pressed time only for a time the server will verify', () => {
    expect(state(saved(true), 'network')).toContain('waktu tombol ditekan');
    const unverified = state(saved(false), 'network');
    expect(unverified).not.toContain('waktu tombol ditekan');
    expect(unverified).toContain('menurut jam ponsel');
  });

  it('counts the next try from now, not as a time read off a phone clock 47 min fast', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-03-03T00:18:00.000Z'));
    const list = text(
      PunchList({
        lang: 'id',
        items: [saved(false)],
        zone: ZONE,
        waitingTotal: 1,
        nextTryAt: Date.now() + 4 * 60_000,
        reason: 'server',
        sending: false,
        onSendNow: () => {},
        onDismiss: () => {},
      }),
    );
    expect(list).toContain('Kirim sekarang');
    expect(list).toContain('Dicoba lagi otomatis dalam 4 menit.');
    expect(list).not.toContain('sekitar pukul');
  });
});
