/** Placeholder replaced by the leak monitor feature. */
export function LeaksSection() {
  return null;
}
