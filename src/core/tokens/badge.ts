/**
 * The action badge: how many accounts need attention and how badly.
 */
import { urgency, type AccountStatus } from './status';

export type BadgeLevel = 'none' | 'warning' | 'critical';

export interface BadgeSummary {
  /** Accounts whose status is not `ok`. */
  count: number;
  level: BadgeLevel;
  /** The most urgent status; `null` when there are no accounts. */
  worst: AccountStatus | null;
}

const CRITICAL: ReadonlySet<AccountStatus> = new Set(['needs_relink', 'expired', 'outcome_unknown', 'refresh_failed']);
const WARNING: ReadonlySet<AccountStatus> = new Set(['expiring_soon', 'locked']);

/** `critical` for needs_relink/expired/outcome_unknown/refresh_failed, `warning` for expiring_soon/locked. */
export function badgeLevel(status: AccountStatus): BadgeLevel {
  return CRITICAL.has(status) ? 'critical' : WARNING.has(status) ? 'warning' : 'none';
}

export function badgeSummary(statuses: readonly AccountStatus[]): BadgeSummary {
  let worst: AccountStatus | null = null;
  let count = 0;
  for (const s of statuses) {
    if (s !== 'ok') count++;
    if (worst === null || urgency(s) > urgency(worst)) worst = s;
  }
  return { count, level: worst === null ? 'none' : badgeLevel(worst), worst };
}

/** Text for the action badge: '' when nothing needs attention, the count otherwise ('99+' above 99). */
export function badgeText(summary: Pick<BadgeSummary, 'count'>): string {
  if (summary.count <= 0) return '';
  return summary.count > 99 ? '99+' : String(summary.count);
}
