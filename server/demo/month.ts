/**
 * A month of plausible punches for the demo regency, deterministic from a seed: most
 * people on time, some late in each band, some leaving early, a few missing a punch or
 * absent (TK), an approved leave, an approved correction. The first three employees
 * follow a fixed script whose recap is computed by hand (see month.test.ts):
 *
 * - employee 1: 1st working day 45 min late (TL2 1 %), 2nd leaves 20 min early (PSW1
 *   0.5 %), 3rd no check-out (PSW4 2 %), 4th absent (TK 4 %); otherwise on time → 7.5 %.
 * - employee 2: 1st-2nd working days cuti sakit (free), 3rd izin (2 %), 4th forgot to
 *   check out and a correction was approved (on time); otherwise on time → 2 %.
 * - employee 3: 1st working day 95 min late (TL4 2 %), 2nd 5 min late (TL1 0.5 %);
 *   otherwise on time → 2.5 %.
 *
 * Times are placed relative to each day's plan (Ramadan hours, 6-day units, holidays are
 * honoured), and the organisation gets the Permentan 68/2012 preset if it has no rules,
 * through the rules service as the CLI (checked and audited, as the seed adopts it).
 *
 * The month itself is history, written to the event log and the request tables directly:
 * - punches: the check-in service records a person's punch now, from their phone or a
 *   machine, and has no path for a past month's;
 * - the leave, the correction and its entry: already decided. The request services act
 *   only for a signed-in person (askLeave/askCorrection the employee's own session,
 *   decideLeave/decideCorrection an admin's, audited with that request), which neither
 *   `hadir demo punches` nor the seed has, and a correction of a past month is refused by
 *   the correction window (correction_too_old). Inventing sessions to pass them would
 *   write audit entries naming requests that never were.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { permentan68Preset, planRange } from '../../core/attendance/index.js';
import type { PlannedWork } from '../../core/attendance/index.js';
import { uuidV7 } from '../../core/uuid.js';
import { loadPeriod, monthRange } from '../features/reports/service.js';
import { syntheticPunch } from '../features/reports/punch-rows.js';
import { insertAttendanceEntry } from '../features/entries/store.js';
import { insertCorrectionRequest, insertLeaveRequest } from '../features/requests/store.js';
import { listRuleSets } from '../features/rules/store.js';
import { addRuleSetIn } from '../features/rules/service.js';
import { CLI_AUDIT_ACTOR } from '../platform/audit/audit.js';
import { insertPunches } from '../features/check-ins/store.js';
import type { Database, NewPunchRow } from '../platform/db/schema.js';
import { demoRandom } from './plan.js';

const MIN = 60_000;

export interface DemoMonthSummary {
  month: string;
  employees: number;
  punches: number;
  /** The three scripted employees, in order. */
  scripted: number[];
}

/** Writes the month's punches, the scripted leave and correction, and the rules if missing. */
export async function generateDemoMonth(
  db: Kysely<Database>,
  opts: { month: string; now: number; seed?: number; adminAccountId?: number },
): Promise<DemoMonthSummary> {
  const random = demoRandom(opts.seed ?? 20_260_301);
  const { from, to } = monthRange(opts.month);
  const root = await db
    .selectFrom('units')
    .select('id')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  if ((await listRuleSets(db, root.id)).length === 0) {
    const ruleSet = permentan68Preset(`${opts.month.slice(0, 4)}-01-01`);
    const adopt = (tx: Kysely<Database>) =>
      addRuleSetIn(tx, { actor: CLI_AUDIT_ACTOR }, opts.now, { organisationId: root.id, ruleSet });
    await (db.isTransaction ? adopt(db) : db.transaction().execute(adopt));
  }
  const period = await loadPeriod(db, {}, from, to);
  const bytes = new Uint8Array(10);
  const id = (at: number) => {
    for (let k = 0; k < 10; k++) bytes[k] = Math.floor(random() * 256);
    return uuidV7(at, bytes);
  };
  // Decided by the demo's agency admin (`admin`), unless told otherwise.
  const agencyAdmin = await db
    .selectFrom('accounts')
    .select('id')
    .where('role', '=', 'agency_admin')
    .orderBy('id')
    .executeTakeFirst();
  const author = opts.adminAccountId ?? agencyAdmin?.id ?? 1;
  const rows: NewPunchRow[] = [];
  const scripted: number[] = [];
  for (const [n, person] of period.people.entries()) {
    const e = person.employee;
    const zone = person.ctx.zone ?? person.ctx.unitChain[0]!.zone;
    const work = planRange(person.ctx, from, to).filter((d) => d.work !== null);
    const punch = (w: PlannedWork, inMin: number | null, outMin: number | null) => {
      if (inMin !== null)
        rows.push(syntheticPunch(id(w.startAt), e.id, 'in', w.startAt + inMin * MIN + 10_000, zone));
      if (outMin !== null)
        rows.push(
          syntheticPunch(id(w.endAt), e.id, 'out', w.endAt + outMin * MIN + (outMin < 0 ? 0 : 20_000), zone),
        );
    };
    if (n < 3) scripted.push(e.id);
    for (const [k, day] of work.entries()) {
      const w = day.work!;
      const onTime = () => punch(w, -10 - Math.floor(random() * 20), 5 + Math.floor(random() * 30));
      if (n === 0) {
        if (k === 0) punch(w, 45, 10);
        else if (k === 1) punch(w, -15, -20);
        else if (k === 2) punch(w, -15, null);
        else if (k === 3) continue;
        else onTime();
      } else if (n === 1) {
        if (k <= 2) continue; // leave below
        if (k === 3) {
          punch(w, -12, null);
          const at = w.endAt + 7 * MIN;
          const reqId = id(at);
          await insertCorrectionRequest(db, {
            id: reqId,
            employeeId: e.id,
            kind: 'out',
            at,
            workDate: day.date,
            reason: 'Lupa absen pulang',
            attachmentSha256: null,
            status: 'approved',
            requestedAt: opts.now,
            decidedAt: opts.now,
            decidedBy: author,
            decisionReason: null,
          });
          await insertAttendanceEntry(db, {
            id: id(at),
            employeeId: e.id,
            kind: 'out',
            at,
            workDate: day.date,
            source: 'correction',
            author,
            note: 'Lupa absen pulang',
            voids: null,
            requestId: reqId,
            createdAt: opts.now,
          });
        } else onTime();
      } else if (n === 2) {
        if (k === 0) punch(w, 95, 10);
        else if (k === 1) punch(w, 5, 10);
        else onTime();
      } else {
        const r = random();
        if (r < 0.02) continue; // TK
        if (r < 0.1) punch(w, 1 + Math.floor(random() * 120), 5);
        else if (r < 0.14) punch(w, -10, -(1 + Math.floor(random() * 100)));
        else if (r < 0.17) punch(w, -10, null);
        else if (r < 0.19) punch(w, null, 5);
        else onTime();
      }
    }
    if (n === 1 && work.length >= 3) {
      const leave = (lid: string, type: string, f: string, t: string) =>
        insertLeaveRequest(db, {
          id: lid,
          employeeId: e.id,
          type,
          from: f,
          to: t,
          reason: type === 'izin' ? 'Urusan keluarga' : 'Demam',
          attachmentSha256: null,
          status: 'approved',
          requestedAt: opts.now,
          requestedBy: author,
          decidedAt: opts.now,
          decidedBy: author,
          decisionReason: null,
        });
      const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
      await leave(`demo-sakit-${hash(opts.month)}`, 'cuti_sakit', work[0]!.date, work[1]!.date);
      await leave(`demo-izin-${hash(opts.month)}`, 'izin', work[2]!.date, work[2]!.date);
    }
  }
  let stored = 0;
  for (let i = 0; i < rows.length; i += 5000)
    stored += (await insertPunches(db, rows.slice(i, i + 5000))).length;
  return { month: opts.month, employees: period.people.length, punches: stored, scripted };
}
