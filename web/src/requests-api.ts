/**
 * The employee's leave and correction requests and monthly recap (GET/POST
 * /me/leave-requests, /me/correction-requests, GET /me/recap, GET /leave-types). The
 * shapes are the server's own (core/wire.ts, which the server's schemas are checked
 * against); this module is only loaded with the screens that use it, so it stays out of
 * the first load.
 */
import type { LeaveType, StatusCounts } from '../../core/attendance/types.js';
import type { Zone } from '../../core/model.js';
import { localParts } from '../../core/time.js';
import type {
  AttendanceCard,
  CorrectionRequestBody,
  CorrectionRequestView,
  LeaveRequestBody,
  LeaveRequestView,
  LeaveTypesResponse,
  TodayResponse,
} from '../../core/wire.js';
import { authed, getToday } from './api.js';

export type {
  CorrectionRequestBody,
  CorrectionRequestView,
  DayStatusView,
  LedgerDayView,
  LedgerItemView,
  LeaveRequestBody,
  LeaveRequestView,
  RequestStatus,
} from '../../core/wire.js';

/** One entry of the leave catalogue, as GET /leave-types sends it. */
export type LeaveTypeView = LeaveType;

export type StatusCountsView = StatusCounts;

/** GET /me/recap: the month's totals, its ledger, each day, and the year's TK days. */
export type RecapCard = AttendanceCard;

export async function getLeaveTypes(): Promise<readonly LeaveTypeView[]> {
  return (await authed<LeaveTypesResponse>('GET', '/leave-types')).types;
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
