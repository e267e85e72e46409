import { isoDay, MS_PER_DAY, parseIsoDay } from '../../common/domain/time';
/** One stored cost aggregate: a day, a model and an analysis type. Integers only (atomic ADD). */
export interface CostAggregate {
  /** UTC day `YYYY-MM-DD` of the calls. */
  readonly day: string;
  readonly modelId: string;
  readonly analysisType: string;
  /** Analyses that asked the model (answered, failed or fell back). */
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Cost in millionths of a USD, each call rounded to the nearest micro-USD. */
  readonly costMicroUsd: number;
  /** Of `calls`, those answered by the rules. */
  readonly fallbacks: number;
}

/** Totals of a group of aggregates, cost back in USD. */
export interface CostTotals {
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly fallbacks: number;
}

/** Cost rounded to the nearest micro-USD (1e-6 USD), the unit stored so that `ADD` stays exact. */
export function toMicroUsd(costUsd: number): number {
  return Math.round(costUsd * 1e6);
}

/** Sums aggregates; the cost is converted back to USD (micro-USD / 1e6) after summing integers. */
export function sumCosts(rows: readonly CostAggregate[]): CostTotals {
  let calls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let micro = 0;
  let fallbacks = 0;
  for (const r of rows) {
    calls += r.calls;
    inputTokens += r.inputTokens;
    outputTokens += r.outputTokens;
    micro += r.costMicroUsd;
    fallbacks += r.fallbacks;
  }
  return { calls, inputTokens, outputTokens, costUsd: micro / 1e6, fallbacks };
}

/** Groups aggregates by one key (model, analysis type or day) and sums each group; keys sorted. */
export function groupCosts<K extends 'modelId' | 'analysisType' | 'day'>(
  rows: readonly CostAggregate[],
  key: K,
): Array<{ [P in K]: string } & CostTotals> {
  const groups = new Map<string, CostAggregate[]>();
  for (const r of rows) groups.set(r[key], [...(groups.get(r[key]) ?? []), r]);
  return [...groups.keys()].sort().map((k) => ({ [key]: k, ...sumCosts(groups.get(k) ?? []) }) as { [P in K]: string } & CostTotals);
}

/** Every UTC day `YYYY-MM-DD` from `from` to `to` inclusive (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let ms = parseIsoDay(from); ms <= parseIsoDay(to); ms += MS_PER_DAY) out.push(isoDay(ms));
  return out;
}
