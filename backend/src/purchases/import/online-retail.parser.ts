import { parse } from 'csv-parse';
import { createReadStream, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LineItem } from '../domain/order';

/** A raw line of the Online Retail file; cells are strings (CSV) or typed values (XLSX). */
export type RawCell = string | number | Date | null | undefined;
export interface RawOnlineRetailLine {
  readonly InvoiceNo: RawCell;
  readonly StockCode: RawCell;
  readonly Description: RawCell;
  readonly Quantity: RawCell;
  readonly InvoiceDate: RawCell;
  readonly UnitPrice: RawCell;
  readonly CustomerID: RawCell;
  readonly Country: RawCell;
}

export const ONLINE_RETAIL_COLUMNS = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
] as const;

/** Lines dropped by the cleaning rules (segmentation spec §B), in the order the rules apply. */
export interface RejectedLines {
  readonly missingCustomerId: number;
  readonly nonPositiveQuantity: number;
  readonly nonPositiveUnitPrice: number;
  /** Unparseable quantity, price or date, or an empty invoice/stock code. */
  readonly malformed: number;
}

/** An invoice of the file as an order draft (UTC instant; the file has no time zone). */
export interface OrderDraft {
  readonly customerId: string;
  readonly orderId: string;
  readonly purchasedAtUtc: string;
  readonly lines: LineItem[];
  total: number;
}

/** Result of reading a whole file. */
export interface ParsedOnlineRetail {
  readonly linesRead: number;
  readonly cleanLines: number;
  readonly rejected: RejectedLines;
  /** Customer id → country of the customer's first clean line. */
  readonly customers: Map<string, { country?: string }>;
  /** Orders in file order of their first line. */
  readonly orders: OrderDraft[];
  /** Latest invoice instant (ISO UTC), the basis of the RFM snapshot date. */
  readonly lastInvoiceAt: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Parses an InvoiceDate cell to an ISO UTC string: `2010-12-01 08:26:00` (the bundled CSV),
 * `12/1/2010 8:26` (UCI CSV exports, month first) or an XLSX date cell. The data has no time zone;
 * times are taken as UTC.
 *
 * @returns null when unparseable.
 */
export function parseInvoiceDate(value: RawCell): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value !== 'string') return null;
  const s = value.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) return isoOf(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) return isoOf(+m[3], +m[1], +m[2], +m[4], +m[5], m[6] ? +m[6] : 0);
  return null;
}

function isoOf(y: number, mo: number, d: number, h: number, mi: number, s: number): string | null {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(ms);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.000Z`;
}

/** `17850.0` → `17850`; blank → undefined. */
export function normalizeCustomerId(value: RawCell): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = (typeof value === 'number' ? String(value) : String(value)).trim();
  if (s === '' || s.toLowerCase() === 'nan') return undefined;
  return s.endsWith('.0') ? s.slice(0, -2) : s;
}

const toNumber = (value: RawCell): number => (typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN);
const toText = (value: RawCell): string => (value === null || value === undefined ? '' : String(value).trim());

/**
 * Applies the cleaning rules of segmentation spec §B line by line and groups clean lines into one
 * order per invoice and one customer per CustomerID.
 */
export class OnlineRetailAccumulator {
  private linesRead = 0;
  private cleanLines = 0;
  private rejected = { missingCustomerId: 0, nonPositiveQuantity: 0, nonPositiveUnitPrice: 0, malformed: 0 };
  private readonly customers = new Map<string, { country?: string }>();
  private readonly orders = new Map<string, OrderDraft>();
  private lastInvoiceAt: string | null = null;

  add(line: RawOnlineRetailLine): void {
    this.linesRead++;
    const customerId = normalizeCustomerId(line.CustomerID);
    if (!customerId) {
      this.rejected.missingCustomerId++;
      return;
    }
    const quantity = toNumber(line.Quantity);
    const unitPrice = toNumber(line.UnitPrice);
    if (Number.isFinite(quantity) && quantity <= 0) {
      this.rejected.nonPositiveQuantity++;
      return;
    }
    if (Number.isFinite(unitPrice) && unitPrice <= 0) {
      this.rejected.nonPositiveUnitPrice++;
      return;
    }
    const orderId = toText(line.InvoiceNo);
    const productId = toText(line.StockCode);
    const purchasedAtUtc = parseInvoiceDate(line.InvoiceDate);
    if (!Number.isFinite(quantity) || !Number.isFinite(unitPrice) || !orderId || !productId || !purchasedAtUtc) {
      this.rejected.malformed++;
      return;
    }
    this.cleanLines++;
    if (!this.customers.has(customerId)) {
      const country = toText(line.Country);
      this.customers.set(customerId, country ? { country } : {});
    }
    let order = this.orders.get(orderId);
    if (!order) {
      order = { customerId, orderId, purchasedAtUtc, lines: [], total: 0 };
      this.orders.set(orderId, order);
      if (this.lastInvoiceAt === null || purchasedAtUtc > this.lastInvoiceAt) this.lastInvoiceAt = purchasedAtUtc;
    }
    const description = toText(line.Description);
    order.lines.push(description ? { productId, description, quantity, unitPrice } : { productId, quantity, unitPrice });
    order.total += quantity * unitPrice;
  }

  result(): ParsedOnlineRetail {
    return {
      linesRead: this.linesRead,
      cleanLines: this.cleanLines,
      rejected: { ...this.rejected },
      customers: this.customers,
      orders: [...this.orders.values()],
      lastInvoiceAt: this.lastInvoiceAt,
    };
  }
}

/** Progress of reading a file, in bytes of the file on disk. */
export type ReadProgress = (bytesRead: number, totalBytes: number) => void;

/**
 * Streams the lines of an Online Retail file: `.csv`, `.csv.gz` (csv-parse) or `.xlsx` (exceljs
 * streaming reader, first worksheet, header row first).
 *
 * @throws Error for another extension or a header without the expected columns.
 */
export async function* readOnlineRetailLines(path: string, onProgress?: ReadProgress): AsyncGenerator<RawOnlineRetailLine> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    yield* readXlsx(path, onProgress);
    return;
  }
  if (!lower.endsWith('.csv') && !lower.endsWith('.csv.gz')) {
    throw new Error(`unsupported file type: ${path} (expected .csv, .csv.gz or .xlsx)`);
  }
  const total = statSync(path).size;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      onProgress?.(bytes, total);
      done(null, chunk);
    },
  });
  const source = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(counter);
  const text = lower.endsWith('.gz') ? source.pipe(createGunzip()) : source;
  const parser = text.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  let index: number[] | undefined;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!index) {
      index = headerIndex(record.map((c) => String(c)));
      continue;
    }
    yield lineFrom(record, index);
  }
}

function headerIndex(header: readonly string[]): number[] {
  const trimmed = header.map((h) => h.trim());
  const index = ONLINE_RETAIL_COLUMNS.map((column) => trimmed.indexOf(column));
  const missing = ONLINE_RETAIL_COLUMNS.filter((_, i) => index[i] < 0);
  if (missing.length > 0) throw new Error(`not an Online Retail file: missing column(s) ${missing.join(', ')}`);
  return index;
}

function lineFrom(cells: readonly RawCell[], index: readonly number[]): RawOnlineRetailLine {
  return {
    InvoiceNo: cells[index[0]],
    StockCode: cells[index[1]],
    Description: cells[index[2]],
    Quantity: cells[index[3]],
    InvoiceDate: cells[index[4]],
    UnitPrice: cells[index[5]],
    CustomerID: cells[index[6]],
    Country: cells[index[7]],
  };
}

async function* readXlsx(path: string, onProgress?: ReadProgress): AsyncGenerator<RawOnlineRetailLine> {
  const { stream } = await import('exceljs');
  const total = statSync(path).size;
  const input = createReadStream(path);
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    onProgress?.(bytes, total);
  });
  const reader = new stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache' });
  for await (const worksheet of reader) {
    let index: number[] | undefined;
    for await (const row of worksheet as AsyncIterable<{ values: RawCell[] }>) {
      const cells = (row.values as RawCell[]).slice(1).map(cellValue);
      if (!index) {
        index = headerIndex(cells.map((c) => toText(c)));
        continue;
      }
      yield lineFrom(cells, index);
    }
    return;
  }
}

/** Rich-text and formula cells carry their value in a property. */
function cellValue(cell: unknown): RawCell {
  if (cell && typeof cell === 'object' && !(cell instanceof Date)) {
    const c = cell as { result?: RawCell; text?: string; richText?: { text: string }[] };
    if (c.result !== undefined) return c.result;
    if (c.richText) return c.richText.map((r) => r.text).join('');
    if (c.text !== undefined) return c.text;
  }
  return cell as RawCell;
}

/** Reads and cleans a whole file. */
export async function parseOnlineRetailFile(path: string, onProgress?: ReadProgress): Promise<ParsedOnlineRetail> {
  const accumulator = new OnlineRetailAccumulator();
  for await (const line of readOnlineRetailLines(path, onProgress)) accumulator.add(line);
  return accumulator.result();
}
