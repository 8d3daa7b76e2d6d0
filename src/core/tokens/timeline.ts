/**
 * Per-account timeline: what happened and when, with masked values only. Bounded.
 */
import { ELLIPSIS, maskSecret } from '../mask';

export type TimelineKind =
  | 'linked'
  | 'relinked'
  | 'refreshed'
  | 'refresh_failed'
  | 'outcome_unknown'
  | 'needs_relink'
  | 'leaked'
  | 'app_token'
  | 'renewed_credentials';

export interface TimelineEvent {
  at: number;
  kind: TimelineKind;
  /** A masked credential (`APP_USR-1234…3636`); never a raw value. */
  masked?: string;
  /** An error or rule code. */
  code?: string;
}

export type Timeline = readonly TimelineEvent[];

/** Default number of events kept per account. */
export const TIMELINE_CAP = 50;

function looksMasked(s: string): boolean {
  return s.includes(ELLIPSIS) || s.includes('\u2022');
}

/**
 * Returns a new timeline with `event` appended and the oldest events dropped beyond `cap`.
 * A `masked` value that is not masked is masked here, as a last line of defence.
 */
export function appendEvent(timeline: Timeline, event: TimelineEvent, cap: number = TIMELINE_CAP): TimelineEvent[] {
  const limit = Math.max(0, Math.floor(cap));
  if (limit === 0) return [];
  const e: TimelineEvent = { at: event.at, kind: event.kind };
  if (event.masked !== undefined) e.masked = looksMasked(event.masked) ? event.masked : maskSecret(event.masked);
  if (event.code !== undefined) e.code = event.code;
  const next = [...timeline, e];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
