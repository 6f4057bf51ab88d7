/**
 * What the live board API answers, computed from the in-memory board for one viewer's
 * unit: the counts of the unit and of each child unit, the arrivals by minute, and the
 * people of a category (paged and sorted here, so a list of 10,000 is never sent whole).
 */
import type { Unit } from '../../../core/model.js';
import { ruleSetFor } from '../../../core/attendance/index.js';
import { localParts } from '../../../core/time.js';
import { STATUS_LABELS, dateLabel } from '../reports/tables.js';
import type { ReportTable } from '../reports/report.js';
import { matchesText, searchKey, sortAndPage } from '../console/paging.js';
import { emptyCounts, windowClosed } from './board.js';
import type { DayBoard, PersonLive } from './board.js';
import type { LiveFilter, LiveSort } from './schemas.js';
import type { ViewScope } from './scope.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** For each unit of the subtree: the child of `root` it lies under (root itself for its own people). */
function childIndex(
  units: ReadonlyMap<number, Unit>,
  root: number,
  ids: ReadonlySet<number>,
): Map<number, number> {
  const out = new Map<number, number>();
  for (const id of ids) {
    let u = units.get(id);
    let below = id;
    while (u && u.parentId !== null && u.parentId !== root && u.id !== root) {
      below = u.parentId;
      u = units.get(u.parentId);
    }
    out.set(id, id === root ? root : below);
  }
  return out;
}

export function boardView(board: DayBoard, scope: ViewScope, now: number) {
  const root = scope.unit.id;
  const index = childIndex(board.units, root, scope.ids);
  const byChild = board.counts(scope.ids, (unitId) => index.get(unitId), now);
  const totals = board.counts(scope.ids, () => 0, now).get(0) ?? emptyCounts();
  const parents = new Set([...board.units.values()].map((u) => u.parentId));
  const rows = [...board.units.values()]
    .filter((u) => u.parentId === root)
    .sort((a, b) => a.name.localeCompare(b.name, 'id'))
    .map((u) => ({
      unitId: u.id,
      name: u.name,
      kind: u.kind,
      own: false,
      hasChildren: parents.has(u.id),
      counts: byChild.get(u.id) ?? emptyCounts(),
    }));
  const own = byChild.get(root);
  if (own !== undefined)
    rows.unshift({
      unitId: root,
      name: scope.unit.name,
      kind: scope.unit.kind,
      own: true,
      hasChildren: false,
      counts: own,
    });
  const arrivals = [...board.arrivals(scope.ids)]
    .sort((a, b) => a[0] - b[0])
    .map(([minute, count]) => ({ minute, count }));
  return {
    date: board.date,
    generatedAt: new Date(now).toISOString(),
    unit: { id: scope.unit.id, name: scope.unit.name, parentId: scope.unit.parentId, zone: scope.unit.zone },
    path: pathOf(board.units, scope.unit.id, scope.top),
    totals,
    rows,
    bands: bandsOf(board, scope),
    arrivals,
  };
}

/** The chain from the viewer's highest unit `top` down to `unitId`, for a breadcrumb. */
function pathOf(
  units: ReadonlyMap<number, Unit>,
  unitId: number,
  top: number,
): { id: number; name: string }[] {
  const out: { id: number; name: string }[] = [];
  for (
    let u = units.get(unitId);
    u;
    u = u.id === top || u.parentId === null ? undefined : units.get(u.parentId)
  )
    out.unshift({ id: u.id, name: u.name });
  return out;
}

/** The lateness bands of the rule set of the first person in scope (one organisation's). */
function bandsOf(board: DayBoard, scope: ViewScope): string[] {
  for (const p of board.people()) {
    if (!scope.ids.has(p.employee.unitId)) continue;
    const rules = board.ruleSetsOf(p.employee.id);
    if (rules.length === 0) continue;
    return ruleSetFor(rules, board.date).lateBands.map((b) => b.code);
  }
  return [];
}

export function matches(p: PersonLive, filter: LiveFilter, band: string | undefined, now: number): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'checked_in':
    case 'not_yet':
    case 'leave':
    case 'dinas_luar':
    case 'off':
      return p.category === filter;
    case 'on_time':
      return p.category === 'checked_in' && p.status.lateMinutes === 0;
    case 'late':
      return (
        p.category === 'checked_in' &&
        p.status.lateMinutes > 0 &&
        (band === undefined || (p.status.lateBand ?? 'late') === band)
      );
    case 'missed':
      return p.category === 'not_yet' && windowClosed(p, now);
    case 'outside':
      return p.outside;
    case 'flagged':
      return p.flags.length > 0;
    case 'time_unverified':
    case 'late_submission':
    case 'selfie_missing':
      return p.flags.includes(filter);
  }
}

const CATEGORY_ORDER = { not_yet: 0, checked_in: 1, leave: 2, dinas_luar: 3, off: 4 } as const;

function compare(sort: LiveSort, units: ReadonlyMap<number, Unit>) {
  const unitName = (p: PersonLive) => units.get(p.employee.unitId)?.name ?? '';
  return (a: PersonLive, b: PersonLive): number => {
    switch (sort) {
      case 'name':
        return 0;
      case 'unit':
        return unitName(a).localeCompare(unitName(b), 'id');
      case 'check_in':
        return (a.status.checkInAt ?? Infinity) - (b.status.checkInAt ?? Infinity);
      case 'late':
        return a.status.lateMinutes - b.status.lateMinutes;
      case 'category':
        return CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category];
    }
  };
}

/** The people of `scope` the query selects, sorted (then by name, then id) and paged. */
export function selectPeople(
  board: DayBoard,
  scope: ViewScope,
  q: {
    filter: LiveFilter;
    band?: string | undefined;
    text?: string | undefined;
    sort: LiveSort;
    desc: boolean;
    page: number;
    pageSize: number;
  },
  now: number,
) {
  const key = searchKey(q.text);
  const picked: PersonLive[] = [];
  for (const p of board.people()) {
    if (!scope.ids.has(p.employee.unitId) || !matches(p, q.filter, q.band, now)) continue;
    if (matchesText(p.employee, key)) picked.push(p);
  }
  const paged = sortAndPage(picked, (p) => p.employee, compare(q.sort, board.units), q);
  return {
    date: board.date,
    total: paged.total,
    page: paged.page,
    pageSize: paged.pageSize,
    people: paged.items.map((p) => personView(p, board.units)),
  };
}

export function personView(p: PersonLive, units: ReadonlyMap<number, Unit>) {
  const e = p.employee;
  return {
    employeeId: e.id,
    name: e.name,
    nip: e.nip,
    internalId: e.internalId,
    position: e.position,
    unitId: e.unitId,
    unitName: units.get(e.unitId)?.name ?? '',
    category: p.category,
    status: p.status.status,
    checkInAt: iso(p.status.checkInAt),
    lateMinutes: p.status.lateMinutes,
    lateBand: p.status.lateBand,
    plannedStart: p.plan.work?.start ?? null,
    checkInUntil: iso(p.plan.work?.checkIn.to ?? null),
    leaveType: p.status.leaveType,
    outside: p.outside,
    flags: p.flags,
  };
}

/**
 * The people of `scope` with work today and no check-in yet, as a report: after the
 * check-in window they are the ones to call (or to mark TK).
 */
export function missedReport(board: DayBoard, scope: ViewScope, now: number): ReportTable {
  const list = [...board.people()]
    .filter((p) => scope.ids.has(p.employee.unitId) && p.category === 'not_yet')
    .sort(
      (a, b) =>
        (board.units.get(a.employee.unitId)?.name ?? '').localeCompare(
          board.units.get(b.employee.unitId)?.name ?? '',
          'id',
        ) || a.employee.name.localeCompare(b.employee.name, 'id'),
    );
  const zone = scope.unit.zone;
  const hm = (ms: number) => localParts(ms, zone).time.slice(0, 5);
  return {
    slug: 'belum-absen-masuk',
    title: `Belum absen masuk — ${scope.unit.name}`,
    subtitle: [dateLabel(board.date), `Keadaan pukul ${hm(now)} (${zone})`],
    columns: [
      { header: 'No', width: 5, numeric: true },
      { header: 'Nama', width: 30 },
      { header: 'NIP / No. pegawai', width: 22 },
      { header: 'Jabatan', width: 24 },
      { header: 'Unit', width: 28 },
      { header: 'Jam masuk', width: 10 },
      { header: 'Batas absen masuk', width: 12 },
      { header: 'Keterangan', width: 22 },
    ],
    rows: list.map((p, i) => [
      i + 1,
      p.employee.name,
      p.employee.nip ?? p.employee.internalId ?? '',
      p.employee.position,
      board.units.get(p.employee.unitId)?.name ?? '',
      p.plan.work?.start ?? '',
      p.plan.work ? hm(p.plan.work.checkIn.to - 60_000) : '',
      windowClosed(p, now) ? 'Jendela absen masuk sudah ditutup' : 'Jendela absen masuk masih terbuka',
    ]),
    totals: null,
    notes: [
      `${list.length} orang belum absen masuk. Status harian: ${STATUS_LABELS.tanpa_keterangan} bila sampai akhir hari tidak ada absen, cuti/izin atau koreksi.`,
    ],
    landscape: true,
  };
}
