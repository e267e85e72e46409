import { Workbook } from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  normalizeCustomerId,
  OnlineRetailAccumulator,
  parseInvoiceDate,
  parseOnlineRetailFile,
  RawOnlineRetailLine,
  readOnlineRetailLines,
} from './online-retail.parser';

const raw = (over: Partial<RawOnlineRetailLine>): RawOnlineRetailLine => ({
  InvoiceNo: '536365',
  StockCode: '85123A',
  Description: 'WHITE HANGING HEART T-LIGHT HOLDER',
  Quantity: '6',
  InvoiceDate: '2010-12-01 08:26:00',
  UnitPrice: '2.55',
  CustomerID: '17850.0',
  Country: 'United Kingdom',
  ...over,
});

describe('parseInvoiceDate', () => {
  it.each([
    ['2010-12-01 08:26:00', '2010-12-01T08:26:00.000Z'],
    ['2010-12-01T08:26:00', '2010-12-01T08:26:00.000Z'],
    ['2010-12-01 08:26', '2010-12-01T08:26:00.000Z'],
    ['  2011-12-09 12:50:00 ', '2011-12-09T12:50:00.000Z'],
    ['12/1/2010 8:26', '2010-12-01T08:26:00.000Z'],
    ['1/12/2011 14:05', '2011-01-12T14:05:00.000Z'],
    ['12/09/2011 12:50:30', '2011-12-09T12:50:30.000Z'],
    ['2/29/2012 0:00', '2012-02-29T00:00:00.000Z'],
  ])('reads %s as %s (UTC)', (value, expected) => {
    expect(parseInvoiceDate(value)).toBe(expected);
  });

  it('reads an XLSX date cell', () => {
    expect(parseInvoiceDate(new Date(Date.UTC(2010, 11, 1, 8, 26)))).toBe('2010-12-01T08:26:00.000Z');
  });

  it.each([
    ['2011-02-30 10:00:00'],
    ['2/30/2011 10:00'],
    ['2/29/2011 10:00'],
    ['2011-13-01 10:00:00'],
    ['13/1/2011 10:00'],
    ['2010-12-01 24:00:00'],
    ['2010-12-01 08:60:00'],
    ['2010-12-01 08:26:61'],
    ['2010-12-01'],
    ['yesterday'],
    [''],
  ])('rejects %s', (value) => {
    expect(parseInvoiceDate(value)).toBeNull();
  });

  it('rejects non-string, non-date cells and an invalid Date', () => {
    expect(parseInvoiceDate(40513.35)).toBeNull();
    expect(parseInvoiceDate(null)).toBeNull();
    expect(parseInvoiceDate(undefined)).toBeNull();
    expect(parseInvoiceDate(new Date(NaN))).toBeNull();
  });
});

describe('normalizeCustomerId', () => {
  it('drops the float suffix of pandas exports and trims', () => {
    expect(normalizeCustomerId('17850.0')).toBe('17850');
    expect(normalizeCustomerId(' 12347 ')).toBe('12347');
    expect(normalizeCustomerId(17850)).toBe('17850');
    expect(normalizeCustomerId('12347')).toBe('12347');
  });

  it('treats blank, NaN, null and undefined as missing', () => {
    for (const value of ['', '   ', 'nan', 'NaN', null, undefined]) expect(normalizeCustomerId(value)).toBeUndefined();
  });
});

describe('OnlineRetailAccumulator', () => {
  it('applies the cleaning rules in order: missing customer, then quantity ≤ 0, then price ≤ 0, then malformed', () => {
    const acc = new OnlineRetailAccumulator();
    // Each line breaks several rules; it counts under the first rule it breaks.
    acc.add(raw({ CustomerID: '', Quantity: '-1', UnitPrice: '0', InvoiceDate: 'bad' }));
    acc.add(raw({ CustomerID: null, Quantity: '6' }));
    acc.add(raw({ InvoiceNo: 'C536379', Quantity: '-1', UnitPrice: '0', InvoiceDate: 'bad' }));
    acc.add(raw({ Quantity: '0' }));
    acc.add(raw({ UnitPrice: '0', InvoiceDate: 'bad' }));
    acc.add(raw({ UnitPrice: '-11062.06' }));
    acc.add(raw({ Quantity: 'six' }));
    acc.add(raw({ UnitPrice: '' }));
    acc.add(raw({ InvoiceDate: '2011-02-30 10:00:00' }));
    acc.add(raw({ InvoiceNo: '' }));
    acc.add(raw({ StockCode: '  ' }));
    acc.add(raw({}));
    const result = acc.result();
    expect(result.linesRead).toBe(12);
    expect(result.cleanLines).toBe(1);
    expect(result.rejected).toEqual({ missingCustomerId: 2, nonPositiveQuantity: 2, nonPositiveUnitPrice: 2, malformed: 5 });
  });

  it('groups clean lines into one order per invoice and one customer per id (country of the first clean line)', () => {
    const acc = new OnlineRetailAccumulator();
    acc.add(raw({ InvoiceNo: '1', StockCode: 'A', Quantity: '2', UnitPrice: '1.5', CustomerID: '17850.0' }));
    acc.add(raw({ InvoiceNo: '1', StockCode: 'B', Description: '', Quantity: '3', UnitPrice: '2', CustomerID: '17850' }));
    acc.add(raw({ InvoiceNo: '2', StockCode: 'A', Quantity: '1', UnitPrice: '1.5', CustomerID: '17850', InvoiceDate: '12/2/2010 9:00', Country: 'France' }));
    acc.add(raw({ InvoiceNo: '3', StockCode: 'C', Quantity: '1', UnitPrice: '10', CustomerID: '12347', Country: '', InvoiceDate: '2010-11-30 10:00:00' }));
    const result = acc.result();
    expect(result.cleanLines).toBe(4);
    expect([...result.customers]).toEqual([
      ['17850', { country: 'United Kingdom' }],
      ['12347', {}],
    ]);
    expect(result.orders).toEqual([
      {
        customerId: '17850',
        orderId: '1',
        purchasedAtUtc: '2010-12-01T08:26:00.000Z',
        lines: [
          { productId: 'A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 2, unitPrice: 1.5 },
          { productId: 'B', quantity: 3, unitPrice: 2 },
        ],
        total: 9,
      },
      {
        customerId: '17850',
        orderId: '2',
        purchasedAtUtc: '2010-12-02T09:00:00.000Z',
        lines: [{ productId: 'A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 1, unitPrice: 1.5 }],
        total: 1.5,
      },
      { customerId: '12347', orderId: '3', purchasedAtUtc: '2010-11-30T10:00:00.000Z', lines: [{ productId: 'C', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 1, unitPrice: 10 }], total: 10 },
    ]);
    expect(result.lastInvoiceAt).toBe('2010-12-02T09:00:00.000Z');
  });

  it('has no last invoice without clean lines', () => {
    const acc = new OnlineRetailAccumulator();
    acc.add(raw({ CustomerID: '' }));
    expect(acc.result()).toMatchObject({ linesRead: 1, cleanLines: 0, orders: [], lastInvoiceAt: null });
  });
});

describe('reading files', () => {
  const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
  const rows = [
    '536365,85123A,"WHITE HANGING HEART T-LIGHT HOLDER",6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
    '536365,71053,"WHITE METAL LANTERN, SMALL",6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
    '536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom',
    'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom',
    '536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom',
    '537000,22000,Zero price,1,2010-12-02 10:00:00,0,12347.0,Iceland',
    '537001,22001,Bad date,1,2011-02-30 10:00:00,1,12347.0,Iceland',
    '537002,22002,Iceland line,2,2010-12-03 10:00:00,5.25,12347.0,Iceland',
  ];
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'online-retail-parser-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const expectTinyFile = async (path: string) => {
    const parsed = await parseOnlineRetailFile(path);
    expect(parsed.linesRead).toBe(8);
    expect(parsed.cleanLines).toBe(4);
    expect(parsed.rejected).toEqual({ missingCustomerId: 1, nonPositiveQuantity: 1, nonPositiveUnitPrice: 1, malformed: 1 });
    expect([...parsed.customers]).toEqual([
      ['17850', { country: 'United Kingdom' }],
      ['12347', { country: 'Iceland' }],
    ]);
    expect(parsed.orders.map((o) => [o.orderId, o.customerId, o.purchasedAtUtc, o.lines.length])).toEqual([
      ['536365', '17850', '2010-12-01T08:26:00.000Z', 2],
      ['536366', '17850', '2010-12-01T08:28:00.000Z', 1],
      ['537002', '12347', '2010-12-03T10:00:00.000Z', 1],
    ]);
    expect(parsed.orders[0].lines[1]).toEqual({ productId: '71053', description: 'WHITE METAL LANTERN, SMALL', quantity: 6, unitPrice: 3.39 });
    expect(parsed.orders[0].total).toBeCloseTo(6 * 2.55 + 6 * 3.39, 10);
    expect(parsed.lastInvoiceAt).toBe('2010-12-03T10:00:00.000Z');
  };

  it('reads a CSV (with a BOM and a blank line)', async () => {
    const path = join(dir, 'tiny.csv');
    writeFileSync(path, `\ufeff${header}\n${rows.join('\n')}\n\n`);
    await expectTinyFile(path);
  });

  it('reads a gzipped CSV and reports progress in bytes of the file on disk', async () => {
    const path = join(dir, 'tiny.csv.gz');
    const gz = gzipSync(`${header}\r\n${rows.join('\r\n')}\r\n`);
    writeFileSync(path, gz);
    const progress: [number, number][] = [];
    await expectTinyFile(path);
    await parseOnlineRetailFile(path, (bytes, total) => progress.push([bytes, total]));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toEqual([gz.length, gz.length]);
  });

  it('finds the columns by name in any order', async () => {
    const path = join(dir, 'reordered.csv');
    writeFileSync(path, 'Country,CustomerID,InvoiceDate,UnitPrice,Quantity,Description,StockCode,InvoiceNo,Extra\nIceland,12347.0,2010-12-03 10:00:00,5.25,2,Thing,22002,537002,x\n');
    const parsed = await parseOnlineRetailFile(path);
    expect(parsed.orders).toEqual([
      {
        customerId: '12347',
        orderId: '537002',
        purchasedAtUtc: '2010-12-03T10:00:00.000Z',
        lines: [{ productId: '22002', description: 'Thing', quantity: 2, unitPrice: 5.25 }],
        total: 10.5,
      },
    ]);
  });

  it('reads an .xlsx workbook written with exceljs (typed date and number cells)', async () => {
    const path = join(dir, 'tiny.xlsx');
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Online Retail');
    sheet.addRow(header.split(','));
    sheet.addRow(['536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, new Date(Date.UTC(2010, 11, 1, 8, 26)), 2.55, 17850, 'United Kingdom']);
    sheet.addRow(['536365', '71053', 'WHITE METAL LANTERN', 6, new Date(Date.UTC(2010, 11, 1, 8, 26)), 3.39, 17850, 'United Kingdom']);
    sheet.addRow(['C536379', 'D', 'Discount', -1, new Date(Date.UTC(2010, 11, 1, 9, 41)), 27.5, 14527, 'United Kingdom']);
    sheet.addRow(['536414', '22139', null, 56, new Date(Date.UTC(2010, 11, 1, 11, 52)), 0, null, 'United Kingdom']);
    sheet.addRow([537002, '22002', 'Iceland line', 2, '12/3/2010 10:00', 5.25, '12347.0', 'Iceland']);
    await workbook.xlsx.writeFile(path);

    const parsed = await parseOnlineRetailFile(path);
    expect(parsed.linesRead).toBe(5);
    expect(parsed.cleanLines).toBe(3);
    expect(parsed.rejected).toEqual({ missingCustomerId: 1, nonPositiveQuantity: 1, nonPositiveUnitPrice: 0, malformed: 0 });
    expect([...parsed.customers]).toEqual([
      ['17850', { country: 'United Kingdom' }],
      ['12347', { country: 'Iceland' }],
    ]);
    expect(parsed.orders).toEqual([
      {
        customerId: '17850',
        orderId: '536365',
        purchasedAtUtc: '2010-12-01T08:26:00.000Z',
        lines: [
          { productId: '85123A', description: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, unitPrice: 2.55 },
          { productId: '71053', description: 'WHITE METAL LANTERN', quantity: 6, unitPrice: 3.39 },
        ],
        total: 6 * 2.55 + 6 * 3.39,
      },
      {
        customerId: '12347',
        orderId: '537002',
        purchasedAtUtc: '2010-12-03T10:00:00.000Z',
        lines: [{ productId: '22002', description: 'Iceland line', quantity: 2, unitPrice: 5.25 }],
        total: 10.5,
      },
    ]);
  });

  it('refuses another extension and a file without the expected columns', async () => {
    const txt = join(dir, 'data.txt');
    writeFileSync(txt, header);
    await expect(parseOnlineRetailFile(txt)).rejects.toThrow(`unsupported file type: ${txt} (expected .csv, .csv.gz or .xlsx)`);
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice\n1,2,3,2010-12-01 08:26:00,1\n');
    await expect(parseOnlineRetailFile(wrong)).rejects.toThrow('not an Online Retail file: missing column(s) Description, CustomerID, Country');
  });

  it('streams lines lazily as raw cells', async () => {
    const path = join(dir, 'stream.csv');
    writeFileSync(path, `${header}\n${rows[0]}\n`);
    const lines: RawOnlineRetailLine[] = [];
    for await (const line of readOnlineRetailLines(path)) lines.push(line);
    expect(lines).toEqual([
      {
        InvoiceNo: '536365',
        StockCode: '85123A',
        Description: 'WHITE HANGING HEART T-LIGHT HOLDER',
        Quantity: '6',
        InvoiceDate: '2010-12-01 08:26:00',
        UnitPrice: '2.55',
        CustomerID: '17850.0',
        Country: 'United Kingdom',
      },
    ]);
  });
});
