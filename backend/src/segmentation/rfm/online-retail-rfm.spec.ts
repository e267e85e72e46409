import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fitRfmKMeans } from '../kmeans/rfm-kmeans';
import { MS_PER_DAY, parseIsoUtc } from '../../common/domain/time';
import { computeRfmFeatures, type OrderFact } from './rfm-features';
import { scoreRfm, type RfmRow } from './rfm-scores';

/*
 * Acceptance test on the full UCI Online Retail file (segmentation spec §B). The loader is local to
 * this spec on purpose: it cleans the file exactly as spec §B says, independently of the import
 * module. Reference figures: test/fixtures/reference/chainreach_rfm_table.csv and pandas 1.5.3 /
 * scikit-learn 1.2.1 via scripts/segmentation-reference.py.
 */
const DATA_DIR = join(__dirname, '../../../test/fixtures/reference');
const RETAIL_FILE = [join(__dirname, '../../../data/online_retail.csv.gz'), join(DATA_DIR, 'online_retail.csv.gz')].find(
  (p) => existsSync(p),
) as string;

interface LoadedRetail {
  readonly cleanLines: number;
  readonly invoices: number;
  readonly snapshotMs: number;
  readonly rows: RfmRow[];
}

function loadOnlineRetail(): LoadedRetail {
  const records = parse(gunzipSync(readFileSync(RETAIL_FILE)), { from_line: 2 }) as string[][];
  const ordersByCustomer = new Map<string, Map<string, { orderId: string; purchasedAtMs: number; total: number }>>();
  let cleanLines = 0;
  let invoices = 0;
  let lastMs = -Infinity;
  for (const [invoiceNo, , , quantityText, invoiceDate, unitPriceText, customerText] of records) {
    const quantity = Number(quantityText);
    const unitPrice = Number(unitPriceText);
    if (customerText === '' || !(quantity > 0) || !(unitPrice > 0)) continue;
    const customerId = customerText.endsWith('.0') ? customerText.slice(0, -2) : customerText;
    const at = parseIsoUtc(invoiceDate);
    if (Number.isNaN(at)) throw new Error(`bad InvoiceDate ${invoiceDate}`);
    cleanLines++;
    if (at > lastMs) lastMs = at;
    let orders = ordersByCustomer.get(customerId);
    if (orders === undefined) ordersByCustomer.set(customerId, (orders = new Map()));
    let order = orders.get(invoiceNo);
    if (order === undefined) {
      orders.set(invoiceNo, (order = { orderId: invoiceNo, purchasedAtMs: at, total: 0 }));
      invoices++;
    }
    order.total += quantity * unitPrice;
  }
  const snapshotMs = lastMs + MS_PER_DAY;
  const rows: RfmRow[] = [];
  for (const [customerId, orders] of ordersByCustomer) {
    const features = computeRfmFeatures([...orders.values()] as OrderFact[], snapshotMs);
    if (features === null) throw new Error(`customer ${customerId} without orders`);
    rows.push({ customerId, recencyDays: features.recencyDays, frequency: features.frequency, monetary: features.monetary });
  }
  return { cleanLines, invoices, snapshotMs, rows };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

describe('RFM on the full Online Retail file', () => {
  let retail: LoadedRetail;

  beforeAll(() => {
    retail = loadOnlineRetail();
  });

  it('cleans to 397,884 lines, 18,532 invoices and 4,338 customers; snapshot = last invoice + 1 day', () => {
    expect(retail.cleanLines).toBe(397_884);
    expect(retail.invoices).toBe(18_532);
    expect(retail.rows).toHaveLength(4_338);
    expect(new Date(retail.snapshotMs).toISOString()).toBe('2011-12-10T12:50:00.000Z');
  });

  it('equals chainreach_rfm_table.csv for every customer', () => {
    const reference = readFileSync(join(DATA_DIR, 'chainreach_rfm_table.csv'), 'utf8').trim().split('\n').slice(1);
    expect(reference).toHaveLength(4_338);
    const ours = new Map(retail.rows.map((r) => [r.customerId, r]));
    const mismatches: string[] = [];
    for (const line of reference) {
      const [id, recency, frequency, monetary] = line.split(',');
      const row = ours.get(id.replace(/\.0$/, ''));
      const m = Number(monetary);
      if (
        row === undefined ||
        row.recencyDays !== Number(recency) ||
        row.frequency !== Number(frequency) ||
        Math.abs(row.monetary - m) > 1e-6 * Math.abs(m)
      ) {
        mismatches.push(line);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('has medians R 51, F 2, M 674.49 and customer 12347 at R 2, F 7, M 4310.00', () => {
    expect(median(retail.rows.map((r) => r.recencyDays))).toBe(51);
    expect(median(retail.rows.map((r) => r.frequency))).toBe(2);
    expect(median(retail.rows.map((r) => r.monetary))).toBeCloseTo(674.485, 6);
    expect(retail.rows.find((r) => r.customerId === '12347')).toMatchObject({ recencyDays: 2, frequency: 7 });
    expect(retail.rows.find((r) => r.customerId === '12347')?.monetary).toBeCloseTo(4310, 6);
  });

  it('scores every customer into the same RFM cell as pandas qcut', () => {
    const { scores, edges } = scoreRfm(retail.rows);
    expect(edges.recency).toEqual([1.0, 13.400000000000091, 33.0, 72.0, 179.0, 374.0]);
    expect(edges.frequencyRank).toEqual([1.0, 868.4000000000001, 1735.8000000000002, 2603.2000000000003, 3470.6000000000004, 4338.0]);
    expect(edges.monetary.map((e) => Number(e.toPrecision(12)))).toEqual([3.75, 250.194, 490.096, 942.276, 2058.426, 280206.02]);
    const cellCounts: Record<string, number> = {};
    for (const s of scores) cellCounts[s.rfmCell] = (cellCounts[s.rfmCell] ?? 0) + 1;
    expect(cellCounts).toEqual(PANDAS_CELL_COUNTS);
    const byId = Object.fromEntries(scores.map((s) => [s.customerId, s.rfmCell]));
    expect(['12346', '12347', '12348', '14646', '17841', '18287'].map((id) => byId[id])).toEqual([
      '115', '555', '244', '555', '555', '344',
    ]);
  });

  it('k = 5, n_init = 10 K-Means lands within 0.5 % of inertia 3296.3 (silhouette ≈ 0.316)', () => {
    const { model } = fitRfmKMeans(retail.rows, { k: 5, nInit: 10, seed: 0, createdAtMs: retail.snapshotMs });
    expect(Math.abs(model.inertia / 3296.3 - 1)).toBeLessThan(0.005);
    expect(Math.abs(model.silhouette - 0.316)).toBeLessThan(0.005);
    expect(model.clusterSizes.reduce((s, x) => s + x, 0)).toBe(4_338);
  });
});

/** pandas 1.5.3 counts of customers per R F M cell (scripts/segmentation-reference.py). */
const PANDAS_CELL_COUNTS: Record<string, number> = {
  '111': 183, '112': 128, '113': 32, '114': 17, '115': 4, '121': 153, '122': 92, '123': 41, '124': 10, '125': 4,
  '131': 21, '132': 56, '133': 39, '134': 21, '135': 5, '141': 3, '142': 9, '143': 18, '144': 14, '145': 3,
  '152': 1, '153': 3, '154': 3, '155': 5, '211': 81, '212': 61, '213': 40, '214': 14, '215': 3, '221': 65,
  '222': 61, '223': 50, '224': 22, '225': 4, '231': 25, '232': 52, '233': 85, '234': 51, '235': 13, '241': 6,
  '242': 15, '243': 47, '244': 68, '245': 29, '251': 1, '253': 6, '254': 16, '255': 28, '311': 67, '312': 56,
  '313': 30, '314': 9, '315': 2, '321': 67, '322': 58, '323': 35, '324': 22, '325': 5, '331': 19, '332': 50,
  '333': 66, '334': 38, '335': 13, '341': 5, '342': 12, '343': 64, '344': 83, '345': 39, '353': 5, '354': 33,
  '355': 80, '411': 55, '412': 29, '413': 13, '414': 1, '415': 1, '421': 39, '422': 45, '423': 20, '424': 13,
  '425': 4, '431': 19, '432': 49, '433': 63, '434': 39, '435': 8, '442': 15, '443': 77, '444': 122, '445': 44,
  '452': 1, '453': 8, '454': 61, '455': 178, '511': 20, '512': 16, '513': 5, '515': 1, '521': 16, '522': 14,
  '523': 16, '524': 10, '525': 1, '531': 20, '532': 32, '533': 47, '534': 31, '535': 6, '541': 2, '542': 14,
  '543': 50, '544': 88, '545': 40, '551': 1, '552': 1, '553': 8, '554': 81, '555': 348,
};
