import { describe, it, expect } from 'vitest';
import type { EmployeeKind } from './model.js';
import { normalizeRank, validateEmployeeIdentity } from './employee.js';

const PNS = '198609262015051001';
const PPPK = '199001012021211001';

describe('validateEmployeeIdentity', () => {
  it('accepts a PNS with a PNS NIP, normalized', () => {
    expect(validateEmployeeIdentity('pns', '19860926 201505 1 001', null)).toEqual({
      ok: true,
      value: { nip: PNS, internalId: null },
    });
  });

  it('accepts a PPPK with a PPPK number', () => {
    expect(validateEmployeeIdentity('pppk', PPPK, '')).toEqual({
      ok: true,
      value: { nip: PPPK, internalId: null },
    });
  });

  it('accepts a non-ASN with an internal id, trimmed, and no NIP', () => {
    expect(validateEmployeeIdentity('non_asn', null, ' NA-2024-0012 ')).toEqual({
      ok: true,
      value: { nip: null, internalId: 'NA-2024-0012' },
    });
    expect(validateEmployeeIdentity('non_asn', '  ', 'THL/2025/7').ok).toBe(true);
  });

  it.each<[string, EmployeeKind, string | null, string | null, string, string]>([
    ['PNS without NIP', 'pns', null, null, 'nip', 'required'],
    ['PNS with a blank NIP', 'pns', '   ', null, 'nip', 'required'],
    ['PPPK without NIP', 'pppk', null, 'NA-1', 'nip', 'required'],
    ['PNS with a PPPK number', 'pns', PPPK, null, 'nip', 'kind_mismatch'],
    ['PPPK with a PNS NIP', 'pppk', PNS, null, 'nip', 'kind_mismatch'],
    ['PNS with an invalid NIP', 'pns', '198602302015051001', null, 'nip', 'birth_date'],
    ['PNS with an internal id too', 'pns', PNS, 'NA-1', 'internalId', 'not_allowed'],
    ['non-ASN with a NIP', 'non_asn', PNS, 'NA-1', 'nip', 'not_allowed'],
    ['non-ASN without internal id', 'non_asn', null, null, 'internalId', 'required'],
    ['non-ASN with a blank internal id', 'non_asn', null, '  ', 'internalId', 'required'],
    ['internal id with a space inside', 'non_asn', null, 'NA 12', 'internalId', 'format'],
    ['internal id starting with a dash', 'non_asn', null, '-NA12', 'internalId', 'format'],
    ['internal id too long', 'non_asn', null, 'A'.repeat(65), 'internalId', 'format'],
    ['internal id that reads as a NIP', 'non_asn', null, PNS, 'internalId', 'looks_like_nip'],
    [
      'internal id that reads as a NIP with dots',
      'non_asn',
      null,
      '19860926.201505.1.001',
      'internalId',
      'looks_like_nip',
    ],
  ])('refuses %s', (_name, kind, nip, internalId, field, reason) => {
    expect(validateEmployeeIdentity(kind, nip, internalId)).toEqual({
      ok: false,
      error: 'invalid_body',
      details: [{ field, reason }],
    });
  });
});

describe('normalizeRank', () => {
  it('reads PNS ranks in the ways sheets write them', () => {
    for (const raw of ['III/a', 'III a', 'iii-a', '3a', '3/a', 'Gol. III/a']) {
      expect(normalizeRank('pns', raw)).toEqual({ ok: true, value: 'III/a' });
    }
    expect(normalizeRank('pns', 'IV/e')).toEqual({ ok: true, value: 'IV/e' });
  });

  it('refuses ranks that do not exist and ranks for non-ASN', () => {
    expect(normalizeRank('pns', 'III/e').ok).toBe(false);
    expect(normalizeRank('pns', 'V/a').ok).toBe(false);
    expect(normalizeRank('pppk', 'XVIII').ok).toBe(false);
    expect(normalizeRank('non_asn', 'II/a')).toEqual({
      ok: false,
      error: 'invalid_body',
      details: [{ field: 'rank', reason: 'not_allowed' }],
    });
  });

  it('reads PPPK ranks as roman numerals or digits, and empty as none', () => {
    expect(normalizeRank('pppk', '9')).toEqual({ ok: true, value: 'IX' });
    expect(normalizeRank('pppk', 'xvii')).toEqual({ ok: true, value: 'XVII' });
    expect(normalizeRank('pppk', ' ')).toEqual({ ok: true, value: null });
  });
});
