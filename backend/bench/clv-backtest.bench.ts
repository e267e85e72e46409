import { resolve } from 'node:path';
import {
  ClvCustomerSummary,
  ClvModelFitError,
  expectedAverageValue,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  summarizeCustomer,
  type BgNbdFit,
} from '../src/segmentation/clv';
import { normalizeCustomerId, parseInvoiceDate, readOnlineRetailLines } from '../src/purchases/import/online-retail.parser';
import { MS_PER_DAY } from '../src/common/domain/time';
import { writeBenchmark } from './bench-output';

const DEFAULT_ONLINE_RETAIL_FILE = resolve(__dirname, '..', '..', 'data', 'online_retail.csv.gz');
const DATA_START = '2010-12-01';
const CALIBRATION_END = '2011-09-09';
const HOLDOUT_END = '2011-12-09';
/** Penalizer coefficients tried besides none (lifetimes' docs suggest 0.001 … 0.1). */
const PENALIZER_COEFS = [0.001, 0.01, 0.1];

interface CustomerLines {
  /** Invoice → instant and Σ quantity × unit price of its clean lines. */
  readonly invoices: Map<string, { atMs: number; value: number }>;
  /** Cancellation lines (InvoiceNo starting with C): instant and (negative) value. */
  readonly cancellations: { atMs: number; value: number }[];
}

const dayOf = (ms: number) => Math.floor(ms / MS_PER_DAY);
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Reads the Online Retail file into per-customer invoices and cancellation lines: lines without
 * CustomerID are dropped; a line of an invoice starting with C is a cancellation; other lines count
 * when quantity and unit price are positive (as the importer's cleaning rules).
 */
async function readCustomers(path: string): Promise<Map<string, CustomerLines>> {
  const customers = new Map<string, CustomerLines>();
  for await (const line of readOnlineRetailLines(path)) {
    const customerId = normalizeCustomerId(line.CustomerID);
    const iso = parseInvoiceDate(line.InvoiceDate);
    const invoiceNo = String(line.InvoiceNo ?? '').trim();
    const quantity = Number(line.Quantity);
    const price = Number(line.UnitPrice);
    if (!customerId || !iso || !invoiceNo || !Number.isFinite(quantity) || !Number.isFinite(price)) continue;
    let c = customers.get(customerId);
    if (!c) {
      c = { invoices: new Map(), cancellations: [] };
      customers.set(customerId, c);
    }
    const atMs = Date.parse(iso);
    if (invoiceNo.toUpperCase().startsWith('C')) {
      c.cancellations.push({ atMs, value: -Math.abs(quantity) * price });
    } else if (quantity > 0 && price > 0) {
      const invoice = c.invoices.get(invoiceNo) ?? { atMs, value: 0 };
      invoice.value += quantity * price;
      c.invoices.set(invoiceNo, invoice);
    }
  }
  return customers;
}

/**
 * Net transactions up to `endMs`: each purchase day's invoices, with every cancellation up to `endMs`
 * netted against the customer's latest purchase day at or before it (a cancellation before any purchase
 * in the window cancels an invoice outside it and is dropped). Cancellation days are not purchase days.
 */
function netTransactions(c: CustomerLines, fromMs: number, endMs: number): { atMs: number; value: number }[] {
  const inWindow = (t: number) => t >= fromMs && dayOf(t) <= dayOf(endMs);
  const byDay = new Map<number, number>();
  for (const inv of c.invoices.values()) if (inWindow(inv.atMs)) byDay.set(dayOf(inv.atMs), (byDay.get(dayOf(inv.atMs)) ?? 0) + inv.value);
  const days = [...byDay.keys()].sort((a, b) => a - b);
  for (const cancel of c.cancellations) {
    if (!inWindow(cancel.atMs)) continue;
    const day = days.filter((d) => d <= dayOf(cancel.atMs)).at(-1);
    if (day !== undefined) byDay.set(day, (byDay.get(day) as number) + cancel.value);
  }
  return [...byDay].map(([day, value]) => ({ atMs: day * MS_PER_DAY, value }));
}

function errors(predicted: readonly number[], actual: readonly number[]) {
  const n = actual.length;
  let abs = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    abs += Math.abs(predicted[i] - actual[i]);
    sq += (predicted[i] - actual[i]) ** 2;
  }
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  return {
    meanAbsoluteError: round(abs / n),
    rootMeanSquaredError: round(Math.sqrt(sq / n)),
    pearsonCorrelation: round(pearson(predicted, actual)),
    totalPredicted: round(sum(predicted), 1),
    totalActual: round(sum(actual), 1),
  };
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

const describeFit = (f: BgNbdFit) => ({
  r: round(f.params.r, 6),
  alphaDays: round(f.params.alpha, 4),
  a: round(f.params.a, 6),
  b: round(f.params.b, 6),
  logLikelihood: round(f.logLikelihood, 2),
  startsConverged: `${f.startsConverged}/${f.starts}`,
  atBoundary: f.atBoundary,
});

/** Holdout errors of a fit, or why its expected purchases cannot be computed (₂F₁ with c = a + b − 1 ≤ 0 at x = 0). */
function predictionErrors(f: BgNbdFit, rows: readonly { summary: ClvCustomerSummary }[], holdoutDays: number, actual: readonly number[]) {
  try {
    return errors(
      rows.map((r) => expectedPurchases(f.params, r.summary, holdoutDays)),
      actual,
    );
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { predictions: 'not computable', reason: err.message };
  }
}

/**
 * Time-split backtest of BG/NBD + Gamma-Gamma on Online Retail: summaries (lifetimes conventions,
 * days, net of cancellations) of the customers whose first purchase is on or before 2011-09-09; the
 * models are fitted on them, and the number of purchase days (and net value) of each customer in
 * 2011-09-10 … 2011-12-09 is predicted and compared with what happened, beside naive rate baselines.
 */
export async function run(): Promise<void> {
  const started = Date.now();
  const customers = await readCustomers(process.env.ONLINE_RETAIL_FILE ?? DEFAULT_ONLINE_RETAIL_FILE);
  const dataStartMs = Date.parse(`${DATA_START}T00:00:00Z`);
  const calEndMs = Date.parse(`${CALIBRATION_END}T00:00:00Z`);
  const holdoutEndMs = Date.parse(`${HOLDOUT_END}T00:00:00Z`);
  const holdoutDays = dayOf(holdoutEndMs) - dayOf(calEndMs);
  const calibrationWindowDays = dayOf(calEndMs) - dayOf(dataStartMs) + 1;

  const rows: { id: string; summary: ClvCustomerSummary; actualPurchases: number; actualValue: number; meanDayValue: number }[] = [];
  for (const [id, c] of customers) {
    const calibration = netTransactions(c, dataStartMs, calEndMs);
    const summary = summarizeCustomer(calibration, calEndMs);
    if (!summary) continue;
    const holdout = netTransactions(c, calEndMs + MS_PER_DAY, holdoutEndMs);
    rows.push({
      id,
      summary,
      actualPurchases: holdout.length,
      actualValue: holdout.reduce((s, t) => s + t.value, 0),
      meanDayValue: calibration.reduce((s, t) => s + t.value, 0) / calibration.length,
    });
  }
  const summaries = rows.map((r) => r.summary);
  const strictOutcome = (penalizerCoef: number) => {
    try {
      fitBgNbd(summaries, { penalizerCoef });
      return 'fitted';
    } catch (err) {
      if (!(err instanceof ClvModelFitError)) throw err;
      return err.code;
    }
  };
  const fitStarted = Date.now();
  const bgNbd = fitBgNbd(summaries, { allowBoundary: true });
  const gammaGamma = fitGammaGamma(summaries);
  const fitMs = Date.now() - fitStarted;
  const penalized = PENALIZER_COEFS.map((penalizerCoef) => fitBgNbd(summaries, { penalizerCoef, allowBoundary: true }));

  const actual = rows.map((r) => r.actualPurchases);
  const predictedBg = rows.map((r) => expectedPurchases(bgNbd.params, r.summary, holdoutDays));
  const byPenalizer = Object.fromEntries(
    penalized.map((f) => [
      f.penalizerCoef,
      { ...describeFit(f), ...predictionErrors(f, rows, holdoutDays, actual) },
    ]),
  );
  const repeatRate = rows.map((r) => (r.summary.T > 0 ? (r.summary.frequency / r.summary.T) * holdoutDays : 0));
  const windowRate = rows.map((r) => ((r.summary.frequency + 1) / calibrationWindowDays) * holdoutDays);

  const valued = rows.map((r, i) => ({ r, i, ez: expectedAverageValue(gammaGamma.params, r.summary) })).filter((v) => v.ez !== null);
  const actualValue = valued.map((v) => v.r.actualValue);

  writeBenchmark('clv-backtest', {
    data: 'UCI Online Retail (bundled online_retail.csv.gz): lines with CustomerID; cancellation lines (InvoiceNo C…) netted against the latest purchase day at or before them; other lines with quantity > 0 and unit price > 0',
    protocol: `calibration ${DATA_START} … ${CALIBRATION_END} (customers with a first purchase in it), holdout ${holdoutDays} days to ${HOLDOUT_END}; a purchase is a distinct UTC purchase day (lifetimes freq="D")`,
    customers: rows.length,
    repeatCustomersInCalibration: rows.filter((r) => r.summary.frequency > 0).length,
    customersPurchasingInHoldout: actual.filter((a) => a > 0).length,
    fitSeconds: { value: round(fitMs / 1000, 2), what: 'one BG/NBD fit (3 starts) and one Gamma-Gamma fit' },
    strictFitOutcome: Object.fromEntries([0, ...PENALIZER_COEFS].map((c) => [c, strictOutcome(c)])),
    bgNbd: { penalizerCoef: 0, ...describeFit(bgNbd) },
    gammaGamma: {
      p: round(gammaGamma.params.p, 4),
      q: round(gammaGamma.params.q, 4),
      v: round(gammaGamma.params.v, 2),
      customers: gammaGamma.customers,
      excludedNonPositiveMonetary: gammaGamma.excludedNonPositiveMonetary,
      frequencyMonetaryCorrelation: round(gammaGamma.frequencyMonetaryCorrelation ?? Number.NaN),
    },
    purchasesInHoldout: {
      bgNbd: errors(predictedBg, actual),
      bgNbdByPenalizerCoef: byPenalizer,
      baselineRepeatRate: { formula: 'x / T × holdout days (0 when T = 0)', ...errors(repeatRate, actual) },
      baselineCalibrationWindowRate: { formula: `(x + 1) / ${calibrationWindowDays} calibration days × holdout days`, ...errors(windowRate, actual) },
    },
    netValueInHoldout: {
      customers: valued.length,
      bgNbdGammaGamma: { formula: 'E[Y(holdout)] × E[Z]', ...errors(valued.map((v) => predictedBg[v.i] * (v.ez as number)), actualValue) },
      baselineRepeatRate: { formula: 'x / T × holdout days × mean net value of a calibration purchase day', ...errors(valued.map((v) => repeatRate[v.i] * v.r.meanDayValue), actualValue) },
    },
    bgNbdBeatsBaselinesOnPurchaseMae: errors(predictedBg, actual).meanAbsoluteError < Math.min(errors(repeatRate, actual).meanAbsoluteError, errors(windowRate, actual).meanAbsoluteError),
    totalSeconds: round((Date.now() - started) / 1000, 1),
  });
}

if (require.main === module) {
  run().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
