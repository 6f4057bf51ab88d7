/**
 * What was typed into a request form, kept on the phone until it is sent: a request
 * needs a connection, and someone standing in a dead spot must not lose what they wrote.
 * The text fields live in localStorage (they survive a reload or a closed app); a chosen
 * attachment lives only in memory for this visit (a 2 MB file would not fit the storage).
 */
import type { Attachment } from './attachment.js';

const key = (form: string, accountId: number) => `hadir.draft.${form}.${accountId}`;

/** The saved draft merged over `empty`, keeping only fields of the same type. */
export function loadDraft<T extends Record<string, string>>(form: string, accountId: number, empty: T): T {
  try {
    const raw = localStorage.getItem(key(form, accountId));
    if (raw === null) return empty;
    const saved = JSON.parse(raw) as Record<string, unknown> | null;
    const out: Record<string, string> = { ...empty };
    for (const k of Object.keys(empty)) {
      const v = saved?.[k];
      if (typeof v === 'string') out[k] = v;
    }
    return out as T;
  } catch {
    return empty;
  }
}

export function saveDraft(form: string, accountId: number, draft: Record<string, string>): void {
  try {
    localStorage.setItem(key(form, accountId), JSON.stringify(draft));
  } catch {
    // Storage full or private mode: the draft lasts while the screen is open.
  }
}

export function clearDraft(form: string, accountId: number): void {
  try {
    localStorage.removeItem(key(form, accountId));
  } catch {
    // Nothing to clear.
  }
  attachments.delete(key(form, accountId));
}

const attachments = new Map<string, Attachment>();

/** The attachment chosen for a form during this visit. */
export function draftAttachment(form: string, accountId: number): Attachment | null {
  return attachments.get(key(form, accountId)) ?? null;
}

export function setDraftAttachment(form: string, accountId: number, a: Attachment | null): void {
  if (a === null) attachments.delete(key(form, accountId));
  else attachments.set(key(form, accountId), a);
}
