import { MS_PER_DAY } from '../../common/domain/time';

/** One dated transaction: epoch ms (UTC) and its value in the data's currency (net of returns, or gross). */
export interface ClvTransaction {
  readonly atMs: number;
  readonly value: number;
}

/**
 * A customer's history as the BG/NBD and Gamma-Gamma models see it, in days (lifetimes conventions,
 * `summary_data_from_transaction_data` with `freq="D"`).
 */
export interface ClvCustomerSummary {
  /** x: repeat purchase days, the number of distinct UTC purchase days minus 1. */
  readonly frequency: number;
  /** t_x: days from the first to the last purchase day (0 when frequency is 0). */
  readonly recency: number;
  /** T: days from the first purchase day to the observation end day. */
  readonly T: number;
  /** m: mean over repeat purchase days of the day's summed value (first day excluded); 0 when frequency is 0. */
  readonly monetaryValue: number;
}

/**
 * Per-customer summary of dated transactions as lifetimes computes it: timestamps are floored to
 * their UTC day, transactions after the observation end day are dropped, transactions of one day
 * are one purchase whose value is their sum, the first day's purchase is not a repeat one.
 *
 * @param transactions any order; values may be negative (returns) — the day's sum is what counts.
 * @param observationEndMs end of observation (epoch ms); its UTC day is included.
 * @returns null when the customer has no transaction up to the observation end.
 */
export function summarizeCustomer(transactions: readonly ClvTransaction[], observationEndMs: number): ClvCustomerSummary | null {
  const endDay = Math.floor(observationEndMs / MS_PER_DAY);
  const valueByDay = new Map<number, number>();
  for (const t of transactions) {
    const day = Math.floor(t.atMs / MS_PER_DAY);
    if (day > endDay) continue;
    valueByDay.set(day, (valueByDay.get(day) ?? 0) + t.value);
  }
  if (valueByDay.size === 0) return null;
  const days = [...valueByDay.keys()].sort((a, b) => a - b);
  const first = days[0];
  const frequency = days.length - 1;
  let repeatValue = 0;
  for (const day of days.slice(1)) repeatValue += valueByDay.get(day) as number;
  return {
    frequency,
    recency: days[days.length - 1] - first,
    T: endDay - first,
    monetaryValue: frequency === 0 ? 0 : repeatValue / frequency,
  };
}
