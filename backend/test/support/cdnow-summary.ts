import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The CDNOW summary (weeks): x, t_x, T, mean repeat value, per customer (test fixture). */
export function readCdnowSummary(): { frequency: number; recency: number; T: number; monetaryValue: number }[] {
  const text = readFileSync(join(__dirname, '../fixtures/reference/cdnow_customers_summary_with_transactions.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [, x, tx, T, zbar] = line.split(',').map(Number);
      return { frequency: x, recency: tx, T, monetaryValue: zbar };
    });
}

/** |actual − published| within half a unit of the published value's third significant digit. */
export function toThreeSignificantDigits(actual: number, published: number): boolean {
  const halfUnit = 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(published))) - 2);
  return Math.abs(actual - published) <= halfUnit;
}
