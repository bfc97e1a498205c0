// How the console writes times and ids: in the reader's language, and ids shortened (they are pseudonymous;
// the full id stays in the element's title).
import type { Language } from '../store/settings.js';

/** A moment as a short date and time (e.g. 2026/11/20 08:05). */
export function dateTime(at: string | number, language: Language): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime())
    ? String(at)
    : d.toLocaleString(language, { dateStyle: 'short', timeStyle: 'short' });
}

/** A moment as a time of day with seconds (for "updated at"). */
export function clockTime(at: number, language: Language): string {
  return new Date(at).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A day (YYYY-MM-DD) as the reader writes a short date without the year (e.g. 11/20). */
export function shortDay(day: string, language: Language): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).toLocaleDateString(language, {
    month: 'numeric',
    day: 'numeric',
  });
}

/** The first 8 characters of a pseudonymous id (device, subject). */
export function shortId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 8)}…` : id;
}
