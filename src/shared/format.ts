/** Display helpers shared by pages (pure; time is a parameter). */
import { t, uiLanguage } from './i18n';

/** A span as "5d 03h 12m" (a day or more) or "03:12:45" (less than a day). */
export function spanText(ms: number): string {
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return d > 0 ? `${d}d ${pad(h)}h ${pad(m)}m` : `${pad(h)}:${pad(m)}:${pad(sec)}`;
}

/** "5d 03h 12m" far away, "03:12:45" within a day; negative values say how long ago. */
export function countdownText(expiresAt: number, now: number): string {
  const ms = expiresAt - now;
  const span = spanText(ms);
  return ms >= 0 ? t('expiresIn', span) : t('expiredAgo', span);
}

/** Whole seconds left until `at` (0 once it has passed), rounded up so a wait never shows 0 too early. */
export function secondsLeft(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Tick every second when anything is within a day of expiry, else every minute. */
export function tickMs(expiries: number[], now: number): number {
  return expiries.some((e) => e - now < 86_400_000) ? 1000 : 60_000;
}

/** Dates and times in the extension's UI language (the words around them are in it too). */
function locale(): string | undefined {
  try {
    return uiLanguage().replace('_', '-') || undefined;
  } catch {
    return undefined;
  }
}

export function dateTime(at: number): string {
  return new Date(at).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

function sameLocalDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/** A moment as its time of day when it is today, else with its date ("Mar 3, 2026, 06:04 PM"). */
export function timeOfDay(at: number, now: number = Date.now()): string {
  if (!sameLocalDay(at, now)) return dateTime(at);
  return new Date(at).toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
}

