/**
 * What one day costs under a rule set, item by item. Used by the daily status (to
 * choose between an approved leave and the punches) and by the monthly ledger, so both
 * read the rules the same way.
 */
import type { CompiledRules } from './rules.js';
import type { DayStatus, LedgerItem } from './types.js';

const NO_ITEMS: readonly LedgerItem[] = Object.freeze([]);

/**
 * The charges of a day. `leaveOrdinal` is the 1-based count of days of this leave type in
 * the month up to and including this one (it decides "cut after N days"); it only
 * matters for status 'cuti_izin'. Days without a charge share one empty frozen list.
 *
 * @example dayCharges(tkDay, compileRules(PERMENTAN_68_2012), 0) // [{ code: 'TK', bp: 400, … }]
 */
export function dayCharges(
  d: Pick<
    DayStatus,
    | 'status'
    | 'leaveType'
    | 'lateBand'
    | 'lateMinutes'
    | 'earlyBand'
    | 'earlyMinutes'
    | 'missingIn'
    | 'missingOut'
  >,
  c: CompiledRules,
  leaveOrdinal: number,
): readonly LedgerItem[] {
  switch (d.status) {
    case 'libur':
    case 'tanpa_jadwal':
    case 'hadir':
    case 'belum_masuk':
      return NO_ITEMS;
    case 'tanpa_keterangan':
      return c.tkBp > 0 ? [{ code: 'TK', bp: c.tkBp, note: 'tanpa keterangan' }] : NO_ITEMS;
    case 'cuti_izin': {
      const type = d.leaveType ?? '';
      const rule = c.rules.leave[type];
      if (!rule || rule.cutAfterDays === null || leaveOrdinal <= rule.cutAfterDays) return NO_ITEMS;
      const bp = c.leaveBp.get(type) ?? 0;
      if (bp === 0) return NO_ITEMS;
      return [
        {
          code: type,
          bp,
          note: `${type} hari ke-${leaveOrdinal} bulan ini, dipotong setelah ${rule.cutAfterDays} hari`,
        },
      ];
    }
    case 'belum_pulang':
    case 'terlambat':
    case 'pulang_cepat':
    case 'terlambat_pulang_cepat':
    case 'lupa_absen_masuk':
    case 'lupa_absen_pulang': {
      let items: LedgerItem[] | null = null;
      const add = (item: LedgerItem) => {
        if (item.bp > 0) (items ??= []).push(item);
      };
      if (d.missingIn) add({ code: c.missingInCode, bp: c.missingInBp, note: 'tidak absen masuk' });
      else if (d.lateBand !== null) {
        add({
          code: d.lateBand,
          bp: c.lateBp.get(d.lateBand) ?? 0,
          note: `terlambat ${d.lateMinutes} menit`,
        });
      }
      if (d.missingOut) add({ code: c.missingOutCode, bp: c.missingOutBp, note: 'tidak absen pulang' });
      else if (d.earlyBand !== null) {
        add({
          code: d.earlyBand,
          bp: c.earlyBp.get(d.earlyBand) ?? 0,
          note: `pulang cepat ${d.earlyMinutes} menit`,
        });
      }
      return items ?? NO_ITEMS;
    }
  }
}

/** Sum of the items, basis points. */
export function sumBp(items: readonly LedgerItem[]): number {
  let s = 0;
  for (const i of items) s += i.bp;
  return s;
}
