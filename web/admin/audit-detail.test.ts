import { describe, expect, it } from 'vitest';
import { detailLines } from './audit-detail.js';

const asText = (d: Record<string, unknown>) => detailLines(d).map((l) => `${l.path}: ${l.text}`);

describe('detailLines', () => {
  it('shows an edit as only the leaves that changed, nested ones by their path', () => {
    expect(
      asText({
        before: { name: 'Dinas Kesehatan', zone: 'WIB', hours: { fri: '11:00', mon: '16:00' } },
        after: { name: 'Dinkes', zone: 'WIB', hours: { fri: '11:30', mon: '16:00' } },
      }),
    ).toEqual(['name: Dinas Kesehatan → Dinkes', 'hours.fri: 11:00 → 11:30']);
  });

  it('marks a value that exists on one side only', () => {
    expect(asText({ before: { a: 1 }, after: { a: 1, b: [1, 2] } })).toEqual(['b.0: — → 1', 'b.1: — → 2']);
    expect(asText({ before: { a: 1, gone: true }, after: { a: 1 } })).toEqual(['gone: true → —']);
    expect(asText({ before: { note: 'x' }, after: { note: '' } })).toEqual(['note: x → ""']);
  });

  it('lists the fields beside the state first, then every leaf of an added state', () => {
    expect(
      asText({
        organisationId: 1,
        effectiveFrom: '2026-01-01',
        after: { id: 'r1', lateness: { bands: [{ upToMinutes: 30, percent: 0.5 }] }, notes: [] },
      }),
    ).toEqual([
      'organisationId: 1',
      'effectiveFrom: 2026-01-01',
      'id: r1',
      'lateness.bands.0.upToMinutes: 30',
      'lateness.bands.0.percent: 0.5',
      'notes: []',
    ]);
  });

  it('shows a removal by the state it carried, and a bare value at the top', () => {
    expect(asText({ before: { date: '2026-08-17' } })).toEqual(['date: 2026-08-17']);
    expect(asText({ before: 'x', after: 'y' })).toEqual(['·: x → y']);
    expect(asText({ reason: 'mati listrik', count: 3 })).toEqual(['reason: mati listrik', 'count: 3']);
  });

  it('says nothing for an edit that changed nothing', () => {
    expect(detailLines({ before: { a: { b: 1 } }, after: { a: { b: 1 } } })).toEqual([]);
  });
});
