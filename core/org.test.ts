import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Unit } from './model.js';
import { isWithin, subtreeIds, unitChain, unitPath } from './org.js';

function unit(id: number, parentId: number | null, kind: Unit['kind'] = 'opd'): Unit {
  return { id, parentId, name: `Unit ${id}`, kind, zone: 'Asia/Makassar' };
}

// Pemda 1 → Dinkes 2 (→ Puskesmas 5, 6), Disdik 3 (→ SD 4)
const TREE = new Map<number, Unit>(
  [
    unit(1, null, 'pemda'),
    unit(2, 1),
    unit(3, 1),
    unit(4, 3, 'sekolah'),
    unit(6, 2, 'puskesmas'),
    unit(5, 2, 'puskesmas'),
  ].map((u) => [u.id, u]),
);

describe('unitChain', () => {
  it('lists the unit first, then its ancestors up to the root', () => {
    expect(unitChain(TREE, 5).map((u) => u.id)).toEqual([5, 2, 1]);
    expect(unitChain(TREE, 1).map((u) => u.id)).toEqual([1]);
  });

  it('throws on a cycle, an unknown unit or a dangling parent (bugs, not input)', () => {
    const cyclic = new Map(TREE);
    cyclic.set(1, unit(1, 5, 'pemda'));
    expect(() => unitChain(cyclic, 4)).toThrow(/cycle/);
    expect(() => unitChain(new Map([[7, unit(7, 7)]]), 7)).toThrow(/cycle/);
    expect(() => unitChain(TREE, 99)).toThrow(/unknown unit 99/);
    expect(() => unitChain(new Map([[7, unit(7, 8)]]), 7)).toThrow(/unknown unit 8/);
  });
});

describe('isWithin', () => {
  it.each([
    [1, 5, true],
    [2, 5, true],
    [5, 5, true],
    [3, 5, false],
    [5, 2, false],
    [2, 4, false],
    [1, 99, false],
  ])('isWithin(root %d, unit %d) = %s', (root, id, expected) => {
    expect(isWithin(TREE, root, id)).toBe(expected);
  });
});

describe('subtreeIds', () => {
  it('lists the root, then descendants depth-first in id order', () => {
    expect(subtreeIds(TREE, 1)).toEqual([1, 2, 5, 6, 3, 4]);
    expect(subtreeIds(TREE, 2)).toEqual([2, 5, 6]);
    expect(subtreeIds(TREE, 4)).toEqual([4]);
    expect(subtreeIds(TREE, 99)).toEqual([]);
  });

  it('throws on a cycle through the root', () => {
    const cyclic = new Map(TREE);
    cyclic.set(1, unit(1, 5, 'pemda'));
    expect(() => subtreeIds(cyclic, 2)).toThrow(/cycle/);
  });

  it('agrees with isWithin on random trees', () => {
    // Each unit's parent has a smaller id, so the tree is acyclic by construction.
    const tree = fc.array(fc.nat(), { minLength: 1, maxLength: 40 }).map((seeds) => {
      const units = new Map<number, Unit>([[1, unit(1, null, 'pemda')]]);
      seeds.forEach((s, i) => units.set(i + 2, unit(i + 2, (s % (i + 1)) + 1)));
      return units;
    });
    fc.assert(
      fc.property(tree, fc.nat(), (units, r) => {
        const root = (r % units.size) + 1;
        const sub = new Set(subtreeIds(units, root));
        expect(sub.size).toBe(subtreeIds(units, root).length);
        for (const id of units.keys()) expect(sub.has(id)).toBe(isWithin(units, root, id));
      }),
    );
  });
});

describe('unitPath', () => {
  it('builds materialized paths', () => {
    expect(unitPath(null, 1)).toBe('/1/');
    expect(unitPath('/1/', 4)).toBe('/1/4/');
    expect(unitPath('/1/4/', 12)).toBe('/1/4/12/');
  });

  it('throws on a malformed parent path or id', () => {
    expect(() => unitPath('1/', 4)).toThrow(RangeError);
    expect(() => unitPath('/1', 4)).toThrow(RangeError);
    expect(() => unitPath('/01/', 4)).toThrow(RangeError);
    expect(() => unitPath('', 4)).toThrow(RangeError);
    expect(() => unitPath('/1/', 0)).toThrow(RangeError);
    expect(() => unitPath('/1/', 2.5)).toThrow(RangeError);
  });
});
