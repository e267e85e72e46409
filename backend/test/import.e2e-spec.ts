import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ImportProgressListener, OnlineRetailImporter, OnlineRetailImportReport } from '../src/purchases/import/online-retail.importer';
import { createTestApp, TEST_KEYS, TEST_NOW } from './support/test-app';

/**
 * 16 lines: three multi-line invoices, customer 12347 with two invoices (`.0` ids), customer 17850
 * with two invoices in both date forms, and every rejection reason (missing customer ×2,
 * quantity ≤ 0 ×2 incl. a cancellation, price ≤ 0, malformed date, malformed quantity).
 */
const FIXTURE = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
  '536365,71053,"WHITE METAL LANTERN, SMALL",6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
  '536365,84406B,CREAM CUPID HEARTS COAT HANGER,8,2010-12-01 08:26:00,2.75,17850.0,United Kingdom',
  '536370,22728,ALARM CLOCK BAKELIKE PINK,24,2010-12-01 08:45:00,3.75,12583.0,France',
  '536370,POST,POSTAGE,3,2010-12-01 08:45:00,18,12583.0,France',
  '537626,85116,BLACK CANDELABRA T-LIGHT HOLDER,12,2010-12-07 14:57:00,2.1,12347.0,Iceland',
  '537626,22375,AIRLINE BAG VINTAGE JET SET BROWN,4,2010-12-07 14:57:00,4.25,12347.0,Iceland',
  '542237,84625A,PINK NEW BAROQUECANDLESTICK CANDLE,6,2011-01-26 14:30:00,2.95,12347.0,Iceland',
  'C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom',
  '536381,82567,AIRLINE LOUNGE METAL SIGN,-4,2010-12-01 09:41:00,2.1,15311.0,United Kingdom',
  '536414,22139,,56,2010-12-01 11:52:00,0,,United Kingdom',
  '536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,2010-12-01 14:32:00,2.51,,United Kingdom',
  '537000,22000,ZERO PRICE,1,2010-12-02 10:00:00,0,12347.0,Iceland',
  '537001,22001,IMPOSSIBLE DATE,1,2011-02-30 10:00:00,1,12347.0,Iceland',
  '537003,22003,BAD QUANTITY,abc,2010-12-03 10:00:00,1,12583.0,France',
  '536366,22633,HAND WARMER UNION JACK,6,12/1/2010 8:28,1.85,17850,United Kingdom',
].join('\n');

/** Records the phases and last progress value of an import. */
class RecordingProgress implements ImportProgressListener {
  readonly phases: { name: string; total: number; last: number }[] = [];
  ended = 0;
  phase(name: 'read' | 'write', total: number): void {
    this.phases.push({ name, total, last: 0 });
  }
  update(done: number): void {
    this.phases[this.phases.length - 1].last = done;
  }
  end(): void {
    this.ended++;
  }
}

describe('Online Retail import (e2e)', () => {
  let app: INestApplication;
  let dir: string;
  let file: string;
  const http = () => request(app.getHttpServer());
  const now = TEST_NOW.toISOString();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'online-retail-import-'));
    file = join(dir, 'online_retail_tiny.csv');
    writeFileSync(file, `${FIXTURE}\n`);
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the file, reports what it did, serves the data over HTTP, and re-imports nothing', async () => {
    const importer = app.get(OnlineRetailImporter);
    expect(importer.sourceOf(file)).toBe(`online-retail:online_retail_tiny.csv:${statSync(file).size}`);
    await expect(importer.previousRun(file)).resolves.toBeUndefined();

    // A customer created through the API before the import is kept as it is.
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id: '12583', name: 'Pre-existing', country: 'Spain' }).expect(201);

    const progress = new RecordingProgress();
    const first = await importer.import(file, progress);
    const expectedFirst: Omit<OnlineRetailImportReport, 'seconds'> = {
      file: 'online_retail_tiny.csv',
      linesRead: 16,
      cleanLines: 9,
      rejected: { missingCustomerId: 2, nonPositiveQuantity: 2, nonPositiveUnitPrice: 1, malformed: 2 },
      customers: { created: 2, alreadyPresent: 1 },
      orders: { created: 5, alreadyPresent: 0 },
      lastInvoiceAt: '2011-01-26T14:30:00.000Z',
    };
    expect(first).toEqual({ ...expectedFirst, seconds: expect.any(Number) });
    expect(first.seconds).toBeGreaterThanOrEqual(0);
    expect(progress.phases).toEqual([
      { name: 'read', total: statSync(file).size, last: statSync(file).size },
      { name: 'write', total: 8, last: 8 },
    ]);
    expect(progress.ended).toBe(2);
    await expect(importer.previousRun(file)).resolves.toEqual(first);

    const customer = await http().get('/v1/customers/12347').set('x-api-key', TEST_KEYS.read);
    expect(customer.status).toBe(200);
    expect(customer.body).toEqual({ id: '12347', country: 'Iceland', version: 1, createdAt: now, updatedAt: now });
    const dotZero = await http().get('/v1/customers/12347.0').set('x-api-key', TEST_KEYS.read);
    expect(dotZero.status).toBe(404);
    const kept = await http().get('/v1/customers/12583').set('x-api-key', TEST_KEYS.read);
    expect(kept.body).toMatchObject({ id: '12583', name: 'Pre-existing', country: 'Spain', version: 1 });
    for (const rejectedOnly of ['14527', '15311']) {
      const res = await http().get(`/v1/customers/${rejectedOnly}`).set('x-api-key', TEST_KEYS.read);
      expect({ rejectedOnly, status: res.status }).toEqual({ rejectedOnly, status: 404 });
    }
    const iceland = await http().get('/v1/customers').query({ country: 'Iceland' }).set('x-api-key', TEST_KEYS.read);
    expect(iceland.body.items.map((c: { id: string }) => c.id)).toEqual(['12347']);

    const orders = await http().get('/v1/customers/12347/purchases').set('x-api-key', TEST_KEYS.read);
    expect(orders.status).toBe(200);
    expect(orders.body).toEqual({
      items: [
        {
          customerId: '12347',
          orderId: '542237',
          purchasedAt: '2011-01-26T14:30:00.000Z',
          purchasedAtUtc: '2011-01-26T14:30:00.000Z',
          currency: 'GBP',
          lines: [{ productId: '84625A', description: 'PINK NEW BAROQUECANDLESTICK CANDLE', quantity: 6, unitPrice: 2.95 }],
          total: 17.7,
          source: 'import',
          createdAt: now,
        },
        {
          customerId: '12347',
          orderId: '537626',
          purchasedAt: '2010-12-07T14:57:00.000Z',
          purchasedAtUtc: '2010-12-07T14:57:00.000Z',
          currency: 'GBP',
          lines: [
            { productId: '85116', description: 'BLACK CANDELABRA T-LIGHT HOLDER', quantity: 12, unitPrice: 2.1 },
            { productId: '22375', description: 'AIRLINE BAG VINTAGE JET SET BROWN', quantity: 4, unitPrice: 4.25 },
          ],
          total: 42.2,
          source: 'import',
          createdAt: now,
        },
      ],
    });

    const summary = await http().get('/v1/customers/12347/purchases/summary').query({ asOf: '2011-02-01T00:00:00Z' }).set('x-api-key', TEST_KEYS.read);
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({
      customerId: '12347',
      asOf: '2011-02-01T00:00:00.000Z',
      orders: 2,
      totalSpent: 59.9,
      averageOrderValue: 29.95,
      firstPurchaseAt: '2010-12-07T14:57:00.000Z',
      lastPurchaseAt: '2011-01-26T14:30:00.000Z',
      rfm: { recencyDays: 5, frequency: 2, monetary: 59.9 },
      // 2 orders over a span of 55.38 days
      ordersPer30Days: 1.0835,
      interPurchaseIntervals: { count: 1, meanDays: 49.98, medianDays: 49.98, coefficientOfVariation: null },
      products: [
        { productId: '85116', description: 'BLACK CANDELABRA T-LIGHT HOLDER', timesBought: 1, totalQuantity: 12, totalSpent: 25.2, meanDaysBetween: null, lastBoughtAt: '2010-12-07T14:57:00.000Z', daysSinceLastBought: 55 },
        { productId: '84625A', description: 'PINK NEW BAROQUECANDLESTICK CANDLE', timesBought: 1, totalQuantity: 6, totalSpent: 17.7, meanDaysBetween: null, lastBoughtAt: '2011-01-26T14:30:00.000Z', daysSinceLastBought: 5 },
        { productId: '22375', description: 'AIRLINE BAG VINTAGE JET SET BROWN', timesBought: 1, totalQuantity: 4, totalSpent: 17, meanDaysBetween: null, lastBoughtAt: '2010-12-07T14:57:00.000Z', daysSinceLastBought: 55 },
      ],
      distinctProducts: 3,
    });

    const uk = await http().get('/v1/customers/17850/purchases/summary').set('x-api-key', TEST_KEYS.read);
    expect(uk.body).toMatchObject({ orders: 2, totalSpent: 68.74, firstPurchaseAt: '2010-12-01T08:26:00.000Z', lastPurchaseAt: '2010-12-01T08:28:00.000Z' });
    const france = await http().get('/v1/customers/12583/purchases').set('x-api-key', TEST_KEYS.read);
    expect(france.body.items.map((o: { orderId: string; total: number }) => [o.orderId, o.total])).toEqual([['536370', 144]]);

    // Changes made after the import survive a re-import, which creates nothing.
    await http().patch('/v1/customers/12347').set('x-api-key', TEST_KEYS.write).send({ name: 'Renamed' }).expect(200);
    const second = await importer.import(file);
    expect(second).toEqual({
      ...expectedFirst,
      customers: { created: 0, alreadyPresent: 3 },
      orders: { created: 0, alreadyPresent: 5 },
      seconds: expect.any(Number),
    });
    await expect(importer.previousRun(file)).resolves.toEqual(second);
    const renamed = await http().get('/v1/customers/12347').set('x-api-key', TEST_KEYS.read);
    expect(renamed.body).toMatchObject({ id: '12347', name: 'Renamed', country: 'Iceland', version: 2 });
    const after = await http().get('/v1/customers/12347/purchases/summary').query({ asOf: '2011-02-01T00:00:00Z' }).set('x-api-key', TEST_KEYS.read);
    expect(after.body.orders).toBe(2);
    expect(after.body.totalSpent).toBe(59.9);
  });

  it('refuses a file that is not an Online Retail file and records no run', async () => {
    const importer = app.get(OnlineRetailImporter);
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'a,b,c\n1,2,3\n');
    await expect(importer.import(wrong)).rejects.toThrow(
      'not an Online Retail file: missing column(s) InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country',
    );
    await expect(importer.previousRun(wrong)).resolves.toBeUndefined();
  });
});
