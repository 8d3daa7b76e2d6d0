/** Hostile-input generators shared by the engine's limit tests and its worst-case bench. */

/** A refresh-token-shaped value, distinct per i (hex from the index). */
export function tgShape(i: number): string {
  const h = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0');
  return `TG-${h}${h}${h}-3${String(10_000_000 + i)}`;
}

/** About `chars` characters of space-separated TG-… shapes. */
export function tgBlob(first: number, chars: number): string {
  let s = '';
  for (let i = first; s.length < chars; i++) s += `${tgShape(i)} `;
  return s.slice(0, chars);
}
