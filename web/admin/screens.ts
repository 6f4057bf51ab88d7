/**
 * The console's screens: where each lives, what the menu calls it, who may open it, and
 * how its code is loaded (each screen is its own chunk, fetched when first opened).
 */
import type { ComponentType } from 'preact';
import type { AccountInfo } from '../../core/wire.js';
import type { Lang } from '../src/i18n.js';
import type { AdminKey } from './i18n.js';
import type { Location } from './router.js';

export interface ScreenProps {
  lang: Lang;
  account: AccountInfo;
  location: Location;
}

export interface ScreenDef {
  /** The path under /admin/ ('' is the start page). */
  path: string;
  label: AdminKey;
  /** Agency admins only (rules, holidays, incidents); a unit admin's menu does not show it. */
  agencyOnly?: boolean;
  load: () => Promise<ComponentType<ScreenProps>>;
}

export const SCREENS: readonly ScreenDef[] = [
  { path: '', label: 'navToday', load: () => import('./screens/today.js').then((m) => m.TodayScreen) },
  { path: 'inbox', label: 'navInbox', load: () => import('./screens/inbox.js').then((m) => m.InboxScreen) },
  {
    path: 'reports',
    label: 'navReports',
    load: () => import('./screens/reports.js').then((m) => m.ReportsScreen),
  },
  {
    path: 'settings',
    label: 'navSettings',
    load: () => import('./screens/settings.js').then((m) => m.SettingsScreen),
  },
  {
    path: 'people',
    label: 'navPeople',
    load: () => import('./screens/people.js').then((m) => m.PeopleScreen),
  },
  {
    path: 'schedules',
    label: 'navSchedules',
    load: () => import('./screens/schedules.js').then((m) => m.SchedulesScreen),
  },
  { path: 'sites', label: 'navSites', load: () => import('./screens/sites.js').then((m) => m.SitesScreen) },
  {
    path: 'adoption',
    label: 'navAdoption',
    load: () => import('./screens/adoption.js').then((m) => m.AdoptionScreen),
  },
  { path: 'audit', label: 'navAudit', load: () => import('./screens/audit.js').then((m) => m.AuditScreen) },
];

/** The screen of a path ('' or its first segment), if any. */
export function screenOf(path: string): ScreenDef | undefined {
  const first = path.split('/')[0] ?? '';
  return SCREENS.find((s) => s.path === first);
}
