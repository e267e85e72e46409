/**
 * Rounds half away from zero to `digits` decimals of the value's shortest decimal representation
 * (what `String(value)` prints), so binary near-halves round as written: 1.005 → 1.01, −2.675 → −2.68.
 * Values of 1e15 and above are returned unchanged (no fraction digit is representable there).
 *
 * @param digits decimals kept, 0..15.
 */
export function roundTo(value: number, digits: number): number {
  const magnitude = Math.abs(value);
  if (!Number.isFinite(value) || magnitude >= 1e15) return value;
  if (magnitude < 0.5 * 10 ** -digits) return 0;
  const rounded = Number(`${Math.round(Number(`${magnitude}e${digits}`))}e-${digits}`);
  return value < 0 ? -rounded : rounded;
}

/** Rounds money to 2 decimals, half away from zero (see {@link roundTo}); only at the edge: storage and engines keep full precision. */
export function roundMoney(value: number): number {
  return roundTo(value, 2);
}
