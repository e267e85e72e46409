export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const SECONDS_PER_DAY = 86_400;

/** Whole days elapsed from `fromMs` to `toMs` (floor of the difference), as pandas' `Timedelta.days`. */
export function wholeDaysBetween(fromMs: number, toMs: number): number {
  return Math.floor((toMs - fromMs) / MS_PER_DAY);
}

/** The UTC calendar day `YYYY-MM-DD` of an instant in epoch ms. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of a real calendar day `YYYY-MM-DD` (UTC midnight); NaN for any other text. */
export function parseIsoDay(value: string): number {
  return value.length === 10 ? parseIsoUtc(value) : NaN;
}

const CH_0 = 48;
const CH_DASH = 45;
const CH_PLUS = 43;
const CH_COLON = 58;
const CH_DOT = 46;
const CH_T = 84;
const CH_SPACE = 32;
const CH_Z = 90;
const CH_Z_LOWER = 122;
const CH_T_LOWER = 116;

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - CH_0;
  return d >= 0 && d <= 9 ? d : -1;
}

function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-Compatible Low-Level
 * Date Algorithms", `days_from_civil`).
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * The one ISO-8601 parser: a calendar date or date-time to epoch milliseconds (UTC), strict.
 *
 * Accepted: `YYYY-MM-DD`, optionally followed by `T` (or `t`, or a space, RFC 3339 §5.6) and
 * `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff…` (digits beyond milliseconds are truncated), optionally
 * followed by `Z` or an offset `±HH:MM` or `±HHMM`. A date-only or zone-less value is UTC
 * (`Date.parse` would read a zone-less date-time as local time). Rejected: impossible days
 * (2023-02-29, 2024-04-31), `24:00` and any hour, minute or second out of range, leap seconds,
 * week and ordinal dates, trailing text.
 *
 * @returns epoch milliseconds, or `NaN` when the text is not such a date.
 */
export function parseIsoUtc(s: string): number {
  const n = s.length;
  if (n < 10 || s.charCodeAt(4) !== CH_DASH || s.charCodeAt(7) !== CH_DASH) return NaN;
  const y1 = twoDigits(s, 0);
  const y2 = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (y1 < 0 || y2 < 0 || month < 1 || month > 12 || day < 1) return NaN;
  const year = y1 * 100 + y2;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (day > monthDays) return NaN;
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (n === 10) return ms;

  const sep = s.charCodeAt(10);
  if (sep !== CH_T && sep !== CH_SPACE && sep !== CH_T_LOWER) return NaN;
  if (n < 16 || s.charCodeAt(13) !== CH_COLON) return NaN;
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  ms += hour * MS_PER_HOUR + minute * MS_PER_MINUTE;
  let i = 16;
  if (i < n && s.charCodeAt(i) === CH_COLON) {
    const second = twoDigits(s, i + 1);
    if (second < 0 || second > 59) return NaN;
    ms += second * 1000;
    i += 3;
    if (i < n && s.charCodeAt(i) === CH_DOT) {
      i++;
      const start = i;
      let frac = 0;
      let scale = 100;
      while (i < n) {
        const d = digit(s, i);
        if (d < 0) break;
        frac += d * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return NaN;
      ms += Math.floor(frac);
    }
  }
  if (i === n) return ms;

  const zone = s.charCodeAt(i);
  if (zone === CH_Z || zone === CH_Z_LOWER) return i + 1 === n ? ms : NaN;
  if (zone !== CH_PLUS && zone !== CH_DASH) return NaN;
  const sign = zone === CH_PLUS ? 1 : -1;
  const offHour = twoDigits(s, i + 1);
  if (offHour < 0 || offHour > 23) return NaN;
  let offMinute = 0;
  const rest = n - (i + 3);
  if (rest === 3 && s.charCodeAt(i + 3) === CH_COLON) offMinute = twoDigits(s, i + 4);
  else if (rest === 2) offMinute = twoDigits(s, i + 3);
  else return NaN;
  if (offMinute < 0 || offMinute > 59) return NaN;
  return ms - sign * (offHour * MS_PER_HOUR + offMinute * MS_PER_MINUTE);
}
