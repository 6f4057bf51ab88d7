/**
 * The employee's leave and correction requests and monthly recap (GET/POST
 * /me/leave-requests, /me/correction-requests, GET /me/recap, GET /leave-types). The
 * shapes follow server/attendance/attendance.schemas.ts; this module is only loaded with
 * the screens that use it, so it stays out of the first load.
 */
import type { DayStatusCode, LeaveType, StatusCounts } from '../../core/attendance/types.js';
import type { Zone } from '../../core/model.js';
import { localParts } from '../../core/time.js';
import type { TodayResponse } from '../../core/wire.js';
import { authed, getToday } from './api.js';

export type RequestStatus = 'pending' | 'approved' | 'rejected';

/** One entry of the leave catalogue, as GET /leave-types sends it. */
export type LeaveTypeView = LeaveType;

export interface LeaveRequestView {
  id: string;
  employeeId: number;
  type: string;
  from: string;
  to: string;
  reason: string;
  attachmentSha256: string | null;
  status: RequestStatus;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: number | null;
  decisionReason: string | null;
}

export interface CorrectionRequestView {
  id: string;
  employeeId: number;
  kind: 'in' | 'out';
  at: string;
  workDate: string;
  reason: string;
  attachmentSha256: string | null;
  status: RequestStatus;
  requestedAt: string;
  decidedAt: string | null;
  decidedBy: number | null;
  decisionReason: string | null;
}

export interface LeaveRequestBody {
  type: string;
  from: string;
  to: string;
  reason: string;
  attachment?: string;
}

export interface CorrectionRequestBody {
  kind: 'in' | 'out';
  /** ISO 8601 instant. */
  at: string;
  reason: string;
  attachment?: string;
}

export type StatusCountsView = StatusCounts;

export interface LedgerItemView {
  code: string;
  /** Basis points (1 bp = 0.01 %). */
  bp: number;
  note: string;
}

export interface LedgerDayView {
  date: string;
  status: DayStatusCode;
  leaveType: string | null;
  ruleVersion: string;
  items: LedgerItemView[];
  bp: number;
}

export interface DayStatusView {
  date: string;
  status: DayStatusCode;
  lateMinutes: number;
  lateBand: string | null;
  earlyMinutes: number;
  earlyBand: string | null;
  missingIn: boolean;
  missingOut: boolean;
  leaveType: string | null;
  holiday: { name: string; kind: string } | null;
  shiftCode: string | null;
  checkInAt: string | null;
  checkOutAt: string | null;
  ruleVersion: string;
  reasons: string[];
  /** Punches of the day an admin reviews: pending (not counted yet), accepted or rejected, with who and why. */
  reviews?: {
    eventId: string;
    kind: 'in' | 'out';
    /** ISO instant of the punch. */
    at: string;
    state: 'pending' | 'accepted' | 'rejected';
    cause: 'outside_fence' | null;
    by: string | null;
    reason: string | null;
  }[];
}

/** GET /me/recap: the month's totals, its ledger, each day, and the year's TK days. */
export interface RecapCard {
  recap: {
    month: string;
    ruleVersion: string;
    counts: StatusCountsView;
    leaveDays: Record<string, number>;
    lateMinutes: number;
    earlyMinutes: number;
    ledgerBp: number;
    fullCut: boolean;
    capped: boolean;
    totalBp: number;
    totalPct: number;
  };
  ledger: LedgerDayView[];
  days: DayStatusView[];
  yearly: {
    year: string;
    tkDays: number;
    longestRun: number;
    step: { level: string; penalty: string } | null;
  };
}

export async function getLeaveTypes(): Promise<LeaveTypeView[]> {
  return (await authed<{ types: LeaveTypeView[] }>('GET', '/leave-types')).types;
}

export function listLeaveRequests(): Promise<LeaveRequestView[]> {
  return authed<LeaveRequestView[]>('GET', '/me/leave-requests');
}

export function postLeaveRequest(body: LeaveRequestBody): Promise<LeaveRequestView> {
  return authed<LeaveRequestView>('POST', '/me/leave-requests', body);
}

export function listCorrectionRequests(): Promise<CorrectionRequestView[]> {
  return authed<CorrectionRequestView[]>('GET', '/me/correction-requests');
}

export function postCorrectionRequest(body: CorrectionRequestBody): Promise<CorrectionRequestView> {
  return authed<CorrectionRequestView>('POST', '/me/correction-requests', body);
}

export function getRecap(month: string): Promise<RecapCard> {
  return authed<RecapCard>('GET', `/me/recap?month=${encodeURIComponent(month)}`);
}

/** Today's date and the zone of the work site, which the request forms and the recap use. */
export interface WorkCalendar {
  date: string;
  zone: Zone;
}

/**
 * The site's calendar from the server (GET /me/today), else from the answer the home
 * screen cached, else the phone's own date in WIB.
 */
export async function workCalendar(accountId: number): Promise<WorkCalendar> {
  try {
    const today = await getToday();
    return { date: today.date, zone: today.zone };
  } catch {
    try {
      const raw = localStorage.getItem(`hadir.today.${accountId}`);
      const cached = raw === null ? null : (JSON.parse(raw) as Partial<TodayResponse>);
      if (cached && typeof cached.date === 'string' && typeof cached.zone === 'string') {
        return { date: cached.date, zone: cached.zone };
      }
    } catch {
      // Unreadable cache: fall through.
    }
    return { date: localParts(Date.now(), 'Asia/Jakarta').date, zone: 'Asia/Jakarta' };
  }
}
