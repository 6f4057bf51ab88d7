/**
 * Attendance rules: plans (schedules, overrides, rosters, holidays), punch assignment,
 * daily status and the monthly recap with TPP deductions. Pure functions of plain data;
 * the regional rules are versioned data (presets.ts), never code.
 */
export * from './types.js';
export { HOLIDAYS_2026, NATIONAL_HOLIDAYS_2026, CUTI_BERSAMA_2026 } from './holidays-2026.js';
export { LEAVE_CATALOGUE, LEAVE_BY_CODE } from './leave-catalogue.js';
export {
  PERMENTAN_68_2012,
  PRESET_BUILDERS,
  PRESET_IDS,
  PRESETS,
  SIAP_TUBA,
  permentan68Preset,
  siapTubaPreset,
} from './presets.js';
export type { PresetId } from './presets.js';
export {
  RAMADAN_2026,
  RAMADAN_FIVE_DAY,
  RAMADAN_SIX_DAY,
  officeDay,
  ramadanOverride2026,
} from './ramadan-2026.js';
export { bandFor, compileRules, pctToBp, ruleSetFor, validateRuleSet } from './rules.js';
export type { CompiledRules } from './rules.js';
export { indexRoster, rosterKey, rotate, shiftEnd, swapShifts, validateShiftType } from './roster.js';
export type { RosterIndex } from './roster.js';
export {
  holidayCalendar,
  holidayOn,
  officeDayOn,
  personDayResolver,
  planDay,
  planRange,
  unitDayResolver,
} from './plan.js';
export type { DayRule, HolidayCalendar, PlanContext, UnitDayRules } from './plan.js';
export { assignEvents, effectiveEvents } from './assign.js';
export type { DayEvents } from './assign.js';
export { dayCharges, sumBp } from './charges.js';
export { NO_EVENTS, dailyStatus, dayStatuses, incidentWindows, leaveOn } from './day-status.js';
export type { IncidentWindows, PersonPeriod } from './day-status.js';
export {
  PP94_2021_CONSECUTIVE_DISMISSAL,
  PP94_2021_CONSECUTIVE_STEP,
  PP94_2021_LADDER,
  disciplineApplies,
  disciplineStep,
  monthlyRecap,
  personRecap,
  yearlyTk,
  yearlyTkOf,
  tallyTk,
  tallySegment,
  tkSegment,
  joinTk,
  NO_TK,
  NO_SEGMENT,
} from './recap.js';
export type { DisciplineStep, RecapPerson, TkSegment, TkTally, YearlyTk } from './recap.js';
export { checkLeaveGrant, needsAttachment, needsDocument } from './leave.js';
export {
  CORRECTION_MAX_DAYS_DEFAULT,
  correctionInWindow,
  correctionMaxDays,
  overlappingRequest,
  overrunDetails,
  rangesOverlap,
  yearPieces,
  yearlyOverrun,
} from './leave-limits.js';
export type { DatedRequest, Overrun, YearPiece } from './leave-limits.js';
