/** A number as written in a text, with the precision it was written at. */
export interface WrittenNumber {
  /** The characters as written (`£8.9M`, `23.4%`, `1,234`). */
  readonly text: string;
  /** Absolute value after the suffix scale (`8.9M` → 8,900,000). */
  readonly value: number;
  /** Half a unit of the last written digit, after scaling (`8.9M` → 50,000; `23.4%` → 0.05). */
  readonly tolerance: number;
  readonly percent: boolean;
  /** Written as a plain integer: no decimals, separators, currency, suffix or %. */
  readonly plainInteger: boolean;
}

const SCALE: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};

const ISO_DATE = /(?<![\p{L}\p{N}])(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?(?![\p{L}\p{N}])/gu;
const NUMBER =
  /(?<![\p{L}\p{N}.,])([£$€¥]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:(st|nd|rd|th)(?![\p{L}\p{N}])|\s?(%|percent(?![\p{L}])|per cent(?![\p{L}])|k(?![\p{L}\p{N}])|K(?![\p{L}\p{N}])|m(?![\p{L}\p{N}])|M(?![\p{L}\p{N}])|mn(?![\p{L}])|bn(?![\p{L}])|thousand(?![\p{L}])|million(?![\p{L}])|billion(?![\p{L}])))?/gu;

/**
 * Extracts the numbers of a text with the precision written (pure). Understands thousands
 * separators (`1,234,567.89`: groups of three only), currency symbols (£ $ € ¥), `%`/`percent`,
 * the suffixes k, M, mn, bn, thousand, million, billion, and ordinals (`2nd` is the number 2).
 * Signs are ignored (values are absolute). Dates written `YYYY-MM-DD` are returned apart, not as
 * numbers. A number glued to letters (`m3`, `Q4`, `c2`) is an identifier, not a number.
 */
export function extractNumbers(text: string): { numbers: WrittenNumber[]; dates: string[] } {
  const dates: string[] = [];
  const withoutDates = text.replace(ISO_DATE, (match: string) => {
    dates.push(match.slice(0, 10));
    return ' '.repeat(match.length);
  });
  const numbers: WrittenNumber[] = [];
  for (const m of withoutDates.matchAll(NUMBER)) {
    const [whole, currency, integer, fraction, , suffixRaw] = m;
    const suffix = suffixRaw?.toLowerCase().replace(/\s+/g, ' ');
    const percent = suffix === '%' || suffix === 'percent' || suffix === 'per cent';
    const scale = suffix !== undefined && !percent ? (SCALE[suffix] ?? 1) : 1;
    const decimals = fraction ? fraction.length - 1 : 0;
    const mantissa = Number(`${integer.replace(/,/g, '')}${fraction ?? ''}`);
    numbers.push({
      text: whole.trim(),
      value: mantissa * scale,
      tolerance: 0.5 * 10 ** -decimals * scale,
      percent,
      plainInteger: !currency && !fraction && !suffix && !integer.includes(','),
    });
  }
  return { numbers, dates };
}

/** Which written numbers need no figure; see {@link DEFAULT_GROUNDING_WHITELIST}. */
export interface GroundingWhitelist {
  /** Plain integers in this inclusive range pass (list ordinals, "top 3"). */
  readonly smallIntegers: { readonly min: number; readonly max: number };
  /** Plain 4-digit integers in this inclusive range pass (years). */
  readonly years: { readonly min: number; readonly max: number };
}

/**
 * Default whitelist: plain integers 1–10 (ordinals, list numbering, "top 5") and plain 4-digit
 * integers 1900–2100 (years). Plain means written without decimals, separators, currency, suffix
 * or `%`: `3` passes, `3.0`, `3%` and `£3` must match a figure. Ordinals (`2nd`) count as plain.
 */
export const DEFAULT_GROUNDING_WHITELIST: GroundingWhitelist = {
  smallIntegers: { min: 1, max: 10 },
  years: { min: 1900, max: 2100 },
};

/** Result of {@link checkGrounding}. */
export interface GroundingResult {
  readonly grounded: boolean;
  /** Numbers (and dates) as written that match no allowed value, in order of appearance, unique. */
  readonly ungroundedNumbers: readonly string[];
  /** Numbers checked (whitelisted ones included). */
  readonly checked: number;
}

const RELATIVE_EPSILON = 1e-12;

function matches(written: WrittenNumber, allowed: readonly number[]): boolean {
  return allowed.some((a) => {
    const value = Math.abs(a);
    return Math.abs(written.value - value) <= written.tolerance + RELATIVE_EPSILON * Math.max(1, value);
  });
}

/**
 * Collects every number and date of a context: numeric values at any depth, and the numbers and
 * `YYYY-MM-DD` dates written inside its strings (labels, definitions, ids, history, the question).
 */
export function allowedValuesOf(context: unknown): { values: number[]; dates: string[] } {
  const values: number[] = [];
  const dates: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'number') {
      if (Number.isFinite(node)) values.push(node);
    } else if (typeof node === 'string') {
      const found = extractNumbers(node);
      values.push(...found.numbers.map((n) => n.value));
      dates.push(...found.dates);
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (typeof node === 'object' && node !== null) {
      Object.values(node).forEach(visit);
    }
  };
  visit(context);
  return { values, dates };
}

/**
 * Grounding check of a model answer (pure): every number written in `texts` must equal a value of
 * the context at the precision it was written — |written − value| ≤ half a unit of the last written
 * digit after scaling (`8.9M` matches 8,911,407.9; `23%` matches 23.4; `23.5%` does not match 23.4)
 * — comparing absolute values (`-12%` matches −12.3). Percentages are compared with the context's
 * percent figures as they are (shares are stored in percent). Whitelisted plain integers pass
 * without a figure (see {@link DEFAULT_GROUNDING_WHITELIST}); dates must be dates of the context.
 */
export function checkGrounding(
  texts: readonly string[],
  context: unknown,
  whitelist: GroundingWhitelist = DEFAULT_GROUNDING_WHITELIST,
): GroundingResult {
  const allowed = allowedValuesOf(context);
  const bad: string[] = [];
  let checked = 0;
  for (const text of texts) {
    const { numbers, dates } = extractNumbers(text);
    for (const date of dates) {
      checked += 1;
      if (!allowed.dates.includes(date) && !bad.includes(date)) bad.push(date);
    }
    for (const n of numbers) {
      checked += 1;
      if (n.plainInteger && n.value >= whitelist.smallIntegers.min && n.value <= whitelist.smallIntegers.max) continue;
      if (n.plainInteger && /^\d{4}$/.test(n.text) && n.value >= whitelist.years.min && n.value <= whitelist.years.max) continue;
      if (!matches(n, allowed.values) && !bad.includes(n.text)) bad.push(n.text);
    }
  }
  return { grounded: bad.length === 0, ungroundedNumbers: bad, checked };
}
