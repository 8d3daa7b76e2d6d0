/**
 * Pure merge of imported records into existing ones (used after `importBackup`).
 *
 * Default policy `'newer'`: for an id present on both sides, the incoming value wins only when
 * both values are objects with a finite numeric `updatedAt` and the incoming one is strictly
 * greater; in every other case (equal, missing or non-numeric `updatedAt` on either side,
 * non-object values) the existing value is kept. Ids only in `incoming` are always added; ids only
 * in `existing` are always kept as they are. Other policies: `'incoming'` (incoming always wins),
 * `'existing'` (only add new ids), or a function deciding per id.
 *
 * Result lists (each in `incoming`'s key order): `added` = ids new to `existing`;
 * `replaced` = ids on both sides where incoming won; `kept` = ids on both sides where existing stayed.
 * Ids only in `existing` appear in `merged` but in none of the lists. Inputs are not modified.
 */
export type MergeDecision = 'incoming' | 'existing';
export type MergePolicy =
  | 'newer'
  | 'incoming'
  | 'existing'
  | ((id: string, existing: unknown, incoming: unknown) => MergeDecision);

export interface MergeResult {
  merged: Record<string, unknown>;
  added: string[];
  replaced: string[];
  kept: string[];
}

/** The record's numeric `updatedAt`, or `undefined` when it has none. */
export function updatedAtOf(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(value, 'updatedAt')) return undefined;
  const t = (value as { updatedAt?: unknown }).updatedAt;
  return typeof t === 'number' && Number.isFinite(t) ? t : undefined;
}

function decide(policy: MergePolicy, id: string, existing: unknown, incoming: unknown): MergeDecision {
  if (typeof policy === 'function') return policy(id, existing, incoming) === 'incoming' ? 'incoming' : 'existing';
  if (policy === 'incoming') return 'incoming';
  if (policy === 'existing') return 'existing';
  const a = updatedAtOf(existing);
  const b = updatedAtOf(incoming);
  return a !== undefined && b !== undefined && b > a ? 'incoming' : 'existing';
}

export function mergeRecords(
  existing: Record<string, unknown>,
  incoming: Record<string, unknown>,
  policy: MergePolicy = 'newer',
): MergeResult {
  const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  // A Map keeps every id as data (including '__proto__'); Object.fromEntries defines own properties.
  const merged = new Map<string, unknown>(Object.entries(existing));
  const added: string[] = [];
  const replaced: string[] = [];
  const kept: string[] = [];
  for (const [id, value] of Object.entries(incoming)) {
    if (!has(existing, id)) {
      merged.set(id, value);
      added.push(id);
    } else if (decide(policy, id, existing[id], value) === 'incoming') {
      merged.set(id, value);
      replaced.push(id);
    } else {
      kept.push(id);
    }
  }
  return { merged: Object.fromEntries(merged), added, replaced, kept };
}
