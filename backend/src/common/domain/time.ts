const ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parses an ISO-8601 date or date-time to epoch milliseconds. A value without a zone designator is
 * UTC (JavaScript would read a zone-less date-time as local time).
 *
 * @returns NaN when the value is not a date.
 */
export function parseIsoUtc(value: string): number {
  const text = value.trim();
  const withZone = text.length > 10 && !ZONE.test(text) ? `${text}Z` : text;
  return Date.parse(withZone);
}

/** Rounds money to 2 decimals (only at the edge: storage and engines keep full precision). */
export function roundMoney(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Rounds to `digits` decimals. */
export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
