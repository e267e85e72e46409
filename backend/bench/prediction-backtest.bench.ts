import { resolve } from 'node:path';
import {
  DEFAULT_LAPSED_HORIZON_DAYS,
  distinctPurchaseDays,
  isLapsed,
  LAPSE_INTERVAL_MULTIPLE,
  predictConsumption,
  predictNextOrder,
} from '../src/analysis/domain/consumption-analyzer';
import { Order, orderTotal } from '../src/purchases/domain/order';
import { DEFAULT_PRIOR_INTERVAL_DAYS, DEFAULT_PRIOR_WEIGHT, estimateNextIntervalDays, MEDIAN_WEIGHT } from '../src/analysis/domain/interval-estimate';
import { median } from '../src/common/domain/statistics';
import { intervalsInDays } from '../src/purchases/domain/purchase-summary';
import { parseOnlineRetailFile } from '../src/purchases/import/online-retail.parser';
import { MS_PER_DAY } from '../src/common/domain/time';
import { writeBenchmark } from './bench-output';

const DEFAULT_ONLINE_RETAIL_FILE = resolve(__dirname, '..', '..', 'data', 'online_retail.csv.gz');

/** A predictor of the next order's instant (ms) from the visible order instants (sorted, ≥ 2). */
type Predictor = (visibleMs: readonly number[]) => number;

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const round = (x: number) => Math.round(x * 100) / 100;

function errorsOf(cases: ReadonlyArray<{ visible: number[]; hidden: number }>, predict: Predictor) {
  const errors = cases.map((c) => Math.abs(predict(c.visible) - c.hidden) / MS_PER_DAY);
  const within = (days: number) => round(errors.filter((e) => e <= days).length / errors.length);
  return { meanAbsoluteErrorDays: round(mean(errors)), medianAbsoluteErrorDays: round(median(errors) as number), within7Days: within(7), within30Days: within(30) };
}

/** Cut-off dates of the lapse check; each leaves 90 days of data after it. */
const LAPSE_CUTOFFS = ['2011-06-01', '2011-07-01', '2011-08-01', '2011-09-01'];
const LAPSE_WINDOW_DAYS = 90;

/**
 * Lapse rule check: at each cut-off, every regular product of every customer (the rules' predictions
 * and lapsed lists) is classified not yet due, overdue inside the lapse window, or lapsed, and we
 * count how many were bought again within the next 90 days. Horizons other than the default are
 * re-classified with `isLapsed` from the same expected intervals.
 */
function lapsedClassification(byCustomerOrders: ReadonlyMap<string, Order[]>) {
  const horizons = [30, DEFAULT_LAPSED_HORIZON_DAYS, 90];
  const counts = new Map<string, { products: number; rebought: number }>();
  const count = (key: string, rebought: boolean) => {
    const c = counts.get(key) ?? { products: 0, rebought: 0 };
    c.products += 1;
    c.rebought += rebought ? 1 : 0;
    counts.set(key, c);
  };
  for (const cutoff of LAPSE_CUTOFFS) {
    const asOfMs = Date.parse(`${cutoff}T00:00:00Z`);
    for (const orders of byCustomerOrders.values()) {
      const consumption = predictConsumption(orders, asOfMs);
      const regulars = [...consumption.predictions, ...consumption.lapsed];
      if (regulars.length === 0) continue;
      const later = new Set(
        orders
          .filter((o) => {
            const t = Date.parse(o.purchasedAtUtc);
            return t > asOfMs && t <= asOfMs + LAPSE_WINDOW_DAYS * MS_PER_DAY;
          })
          .flatMap((o) => o.lines.map((l) => l.productId)),
      );
      for (const p of regulars) {
        const last = Date.parse(p.lastPurchasedAt);
        const expected = (Date.parse(p.predictedNextPurchaseAt) - last) / MS_PER_DAY;
        const since = (asOfMs - last) / MS_PER_DAY;
        const rebought = later.has(p.productId);
        for (const h of horizons) {
          const cls = isLapsed(since, expected, h) ? 'lapsed' : since > expected ? 'overdue' : 'notYetDue';
          count(`${h}:${cls}`, rebought);
        }
      }
    }
  }
  const rate = (key: string) => {
    const c = counts.get(key) ?? { products: 0, rebought: 0 };
    return { products: c.products, reboughtWithin90Days: c.products === 0 ? null : round(c.rebought / c.products) };
  };
  return {
    rule: `lapsed when days since last purchase > max(${LAPSE_INTERVAL_MULTIPLE}·E, E + H), E = expected interval`,
    protocol: `at each cut-off (${LAPSE_CUTOFFS.join(', ')}), every product bought on >= 3 distinct days before it; share bought again within the next ${LAPSE_WINDOW_DAYS} days`,
    defaultHorizonDays: DEFAULT_LAPSED_HORIZON_DAYS,
    byHorizonDays: Object.fromEntries(
      horizons.map((h) => [h, { notYetDue: rate(`${h}:notYetDue`), overdue: rate(`${h}:overdue`), lapsed: rate(`${h}:lapsed`) }]),
    ),
  };
}

/**
 * Backtest of the customer-level next-purchase prediction on the Online Retail data: for every
 * customer with ≥ 3 orders (invoices), hide the last order and predict its date from the others;
 * absolute error in days against two naive baselines (last interval; mean interval, both over the raw
 * order intervals). The product predictor works on distinct purchase days; with a single visible
 * purchase day it falls back to the prior interval.
 */
export async function run(): Promise<void> {
  const parsed = await parseOnlineRetailFile(DEFAULT_ONLINE_RETAIL_FILE);
  const byCustomer = new Map<string, number[]>();
  const byCustomerOrders = new Map<string, Order[]>();
  for (const order of parsed.orders) {
    const times = byCustomer.get(order.customerId) ?? [];
    times.push(Date.parse(order.purchasedAtUtc));
    byCustomer.set(order.customerId, times);
    const at = order.purchasedAtUtc;
    const orders = byCustomerOrders.get(order.customerId) ?? [];
    orders.push({ ...order, purchasedAt: at, total: orderTotal(order.lines), source: 'import', createdAt: at });
    byCustomerOrders.set(order.customerId, orders);
  }
  const cases = [...byCustomer.values()]
    .filter((t) => t.length >= 3)
    .map((t) => {
      const sorted = [...t].sort((a, b) => a - b);
      return { visible: sorted.slice(0, -1), hidden: sorted[sorted.length - 1] };
    });
  const last = (v: readonly number[]) => v[v.length - 1];
  const raw = (v: readonly number[]) => intervalsInDays(v);
  const byDays = (v: readonly number[]) => intervalsInDays(distinctPurchaseDays(v));
  const predictors: Record<string, Predictor> = {
    product: (v) => last(v) + (predictNextOrder(v)?.expectedIntervalDays ?? DEFAULT_PRIOR_INTERVAL_DAYS) * MS_PER_DAY,
    baselineLastInterval: (v) => last(v) + (raw(v).at(-1) as number) * MS_PER_DAY,
    baselineMeanInterval: (v) => last(v) + mean(raw(v)) * MS_PER_DAY,
    ablationMedianOfDayIntervalsNoPrior: (v) => last(v) + (median(byDays(v)) ?? DEFAULT_PRIOR_INTERVAL_DAYS) * MS_PER_DAY,
    ablationCentreNoPrior: (v) => last(v) + (estimateNextIntervalDays(byDays(v), { priorWeight: 0 }) ?? DEFAULT_PRIOR_INTERVAL_DAYS) * MS_PER_DAY,
  };
  const results = Object.fromEntries(Object.entries(predictors).map(([name, predict]) => [name, errorsOf(cases, predict)]));
  const product = results.product;
  writeBenchmark('prediction-backtest', {
    data: 'UCI Online Retail (bundled online_retail.csv.gz), cleaned as on import',
    customersEvaluated: cases.length,
    protocol:
      'customers with >= 3 orders; the last order is hidden and predicted from the earlier ones only (prediction made at the last visible order); absolute error in days',
    predictor: {
      name: 'estimateNextIntervalDays over distinct purchase days',
      formula: 'centre = 0.7·median + 0.3·recency-weighted mean (half-life 3 intervals); k = K·min(1, CV); estimate = (n·centre + k·prior)/(n + k)',
      medianWeight: MEDIAN_WEIGHT,
      priorWeightK: DEFAULT_PRIOR_WEIGHT,
      priorIntervalDays: DEFAULT_PRIOR_INTERVAL_DAYS,
    },
    results,
    beatsBothBaselinesOnMae: product.meanAbsoluteErrorDays < results.baselineLastInterval.meanAbsoluteErrorDays && product.meanAbsoluteErrorDays < results.baselineMeanInterval.meanAbsoluteErrorDays,
    lapsedClassification: lapsedClassification(byCustomerOrders),
    notes: [
      'K = 4 and the 30-day prior were tuned on this same data (no hold-out). Without the prior (ablations) the robust centre is only on par with the mean-interval baseline: most of the MAE gain comes from the CV-scaled shrinkage towards 30 days.',
      'The last-interval baseline puts more predictions within 7 days; the product predictor wins on mean and median absolute error and within 30 days.',
      'The data covers 12 months, so the hidden order always falls inside the window: shrinking long estimates towards 30 days profits from that truncation, and part of the gain over the no-prior centre is this effect rather than better prediction in production.',
      'The lapse rule only moves products between lists; it does not change the next-order estimate, so the MAE figures are unaffected by it. lapsedClassification shows that products it calls lapsed are rebought much less often than overdue ones inside the window; lapsed does not mean never again (wholesale buyers come back to some products), hence win-back recommendations rather than silence.',
    ],
  });
}
