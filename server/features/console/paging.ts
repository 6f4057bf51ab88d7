/** Search, sort and page a list of people on the server, the same way on every console list. */
import type { Employee } from '../../../core/model.js';

/** The search text as compared: lower case, without spaces (a NIP may be typed with them). */
export function searchKey(text: string | undefined): string {
  return text?.trim().toLowerCase().replace(/\s+/g, '') ?? '';
}

/** Whether a person's name, NIP or internal id contains `key` (from {@link searchKey}). */
export function matchesText(e: Employee, key: string): boolean {
  if (key === '') return true;
  return (
    e.name.toLowerCase().replace(/\s+/g, '').includes(key) ||
    (e.nip ?? '').includes(key) ||
    (e.internalId ?? '').toLowerCase().includes(key)
  );
}

/**
 * Sorts by `primary` (reversed for `desc`), then by name and id so the order is total,
 * and cuts page `page` (from 1) of `pageSize`.
 */
export function sortAndPage<T>(
  list: T[],
  employee: (t: T) => Employee,
  primary: (a: T, b: T) => number,
  q: { desc: boolean; page: number; pageSize: number },
): { total: number; page: number; pageSize: number; items: T[] } {
  const sign = q.desc ? -1 : 1;
  list.sort(
    (a, b) =>
      sign * primary(a, b) ||
      sign * employee(a).name.localeCompare(employee(b).name, 'id') ||
      employee(a).id - employee(b).id,
  );
  const start = (q.page - 1) * q.pageSize;
  return {
    total: list.length,
    page: q.page,
    pageSize: q.pageSize,
    items: list.slice(start, start + q.pageSize),
  };
}

/** Page and page size from a query's strings (page size 1–200, default 50). */
export function pageParams(q: { page?: string | undefined; pageSize?: string | undefined }) {
  return { page: Number(q.page ?? 1), pageSize: Math.min(200, Number(q.pageSize ?? 50)) };
}
