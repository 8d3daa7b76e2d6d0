/** Display helpers shared by pages (pure; time is a parameter). */
import { t } from './i18n';

/** "5d 03h 12m" far away, "03:12:45" within a day; negative values say how long ago. */
export function countdownText(expiresAt: number, now: number): string {
  const ms = expiresAt - now;
  const abs = Math.abs(ms);
  const s = Math.floor(abs / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const span = d > 0 ? `${d}d ${pad(h)}h ${pad(m)}m` : `${pad(h)}:${pad(m)}:${pad(sec)}`;
  return ms >= 0 ? t('expiresIn', span) : t('expiredAgo', span);
}

/** Tick every second when anything is within a day of expiry, else every minute. */
export function tickMs(expiries: number[], now: number): number {
  return expiries.some((e) => e - now < 86_400_000) ? 1000 : 60_000;
}

export function dateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function timeOfDay(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** A moment as the time of day when it is today, else with its date ("06:00" vs "Dec 2, 2026, 06:00"). */
export function dateTimeIfNotToday(at: number, now: number): string {
  return new Date(at).toDateString() === new Date(now).toDateString() ? timeOfDay(at) : dateTime(at);
}
