import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../../core/wire.js';
import { DeviceSlots, type CachedDevice } from './cache.js';

const STATUSES: DeviceStatus[] = ['active', 'pending', 'revoked'];

const opArb = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    id: fc.integer({ min: 0, max: 40 }),
    employeeId: fc.integer({ min: 1, max: 2_000_000_000 }),
    status: fc.constantFrom(...STATUSES),
    key: fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.uint8Array({ minLength: 1, maxLength: 48 }),
    ),
  }),
  fc.record({ op: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ op: fc.constant('clear' as const) }),
);

describe('DeviceSlots', () => {
  it('answers what a map of device objects would, through sets, drops, reuse of slots and growth', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300 }), fc.integer({ min: 0, max: 3000 }), (ops, bulk) => {
        const slots = new DeviceSlots();
        const model = new Map<string, CachedDevice>();
        // Enough devices first to grow the storage past its first size.
        for (let i = 0; i < bulk; i++) {
          const d: CachedDevice = {
            id: `bulk-${i}`,
            employeeId: i + 1,
            key: Buffer.alloc(32, i % 251),
            status: 'active',
          };
          slots.set(d);
          model.set(d.id, d);
        }
        const held: { device: CachedDevice; bytes: Buffer }[] = [];
        for (const o of ops) {
          if (o.op === 'set') {
            const d: CachedDevice = {
              id: `d-${o.id}`,
              employeeId: o.employeeId,
              key: Buffer.from(o.key),
              status: o.status,
            };
            slots.set(d);
            model.set(d.id, { ...d, key: Buffer.from(o.key) });
          } else if (o.op === 'delete') {
            slots.delete(`d-${o.id}`);
            model.delete(`d-${o.id}`);
          } else {
            slots.clear();
            model.clear();
          }
          const got = slots.get(`d-${o.op === 'clear' ? 0 : o.id}`);
          if (got) held.push({ device: got, bytes: Buffer.from(got.key) });
        }
        expect(slots.size).toBe(model.size);
        for (const [id, d] of model) expect(slots.get(id)).toEqual(d);
        for (let i = 0; i <= 40; i++) if (!model.has(`d-${i}`)) expect(slots.get(`d-${i}`)).toBeUndefined();
        // A device handed out earlier keeps its own key bytes whatever happened to its slot since.
        for (const h of held) expect(h.device.key).toEqual(h.bytes);
      }),
    );
  });

  it('hands out a copy of the key: a later device in the same slot does not change it', () => {
    const slots = new DeviceSlots();
    slots.set({ id: 'a', employeeId: 1, key: Buffer.alloc(32, 1), status: 'active' });
    const a = slots.get('a')!;
    slots.delete('a');
    slots.set({ id: 'b', employeeId: 2, key: Buffer.alloc(32, 2), status: 'pending' });
    expect(a.key).toEqual(Buffer.alloc(32, 1));
    expect(slots.get('b')).toEqual({ id: 'b', employeeId: 2, key: Buffer.alloc(32, 2), status: 'pending' });
    expect(slots.get('a')).toBeUndefined();
  });

  it('keeps a status it does not know as revoked', () => {
    const slots = new DeviceSlots();
    slots.set({ id: 'x', employeeId: 1, key: Buffer.alloc(32), status: 'lost' as DeviceStatus });
    expect(slots.get('x')?.status).toBe('revoked');
  });
});
