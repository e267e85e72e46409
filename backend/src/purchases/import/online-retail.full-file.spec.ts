import { resolve } from 'node:path';
import { parseOnlineRetailFile, ParsedOnlineRetail } from './online-retail.parser';

/**
 * The bundled UCI Online Retail file, cleaned by segmentation spec §B. Reference figures: the
 * published analyses of this data set (4,338 customers; customer 12347: F 7, M 4310.00) and a
 * pandas run of the same rules.
 */
describe('parseOnlineRetailFile on the bundled Online Retail file', () => {
  const file = resolve(__dirname, '..', '..', '..', 'data', 'online_retail.csv.gz');
  let parsed: ParsedOnlineRetail;

  beforeAll(async () => {
    parsed = await parseOnlineRetailFile(file);
  }, 120_000);

  it('reads every line and keeps the clean ones', () => {
    expect(parsed.linesRead).toBe(541_909);
    expect(parsed.cleanLines).toBe(397_884);
    expect(parsed.rejected).toEqual({ missingCustomerId: 135_080, nonPositiveQuantity: 8_905, nonPositiveUnitPrice: 40, malformed: 0 });
    expect(parsed.linesRead).toBe(
      parsed.cleanLines + parsed.rejected.missingCustomerId + parsed.rejected.nonPositiveQuantity + parsed.rejected.nonPositiveUnitPrice + parsed.rejected.malformed,
    );
  });

  it('groups 18,532 invoices of 4,338 customers; the last invoice is 2011-12-09 12:50', () => {
    expect(parsed.orders).toHaveLength(18_532);
    expect(parsed.customers.size).toBe(4_338);
    expect(parsed.lastInvoiceAt).toBe('2011-12-09T12:50:00.000Z');
    expect(parsed.orders.reduce((n, o) => n + o.lines.length, 0)).toBe(397_884);
  });

  it('customer 12347 is from Iceland with 7 orders totalling 4310.00', () => {
    expect(parsed.customers.get('12347')).toEqual({ country: 'Iceland' });
    const orders = parsed.orders.filter((o) => o.customerId === '12347');
    expect(orders).toHaveLength(7);
    const total = orders.reduce((s, o) => s + o.total, 0);
    expect(Math.abs(total - 4310.0)).toBeLessThan(1e-6);
  });

  it('has no float-suffixed customer ids and no cancelled invoices', () => {
    expect([...parsed.customers.keys()].every((id) => /^\d+$/.test(id))).toBe(true);
    expect(parsed.orders.some((o) => o.orderId.startsWith('C'))).toBe(false);
  });
});
