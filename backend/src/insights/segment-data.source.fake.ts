import { CustomerRunRow, SegmentationRunRef, SegmentDataSource } from './segment-data.source';

export const AS_OF = Date.parse('2011-12-10T00:00:00Z');
export const DAY = 86_400_000;

/** Fake segment data: a fixed run and its rows; counts the row loads the service asks for. */
export class FakeSegmentData extends SegmentDataSource {
  run: SegmentationRunRef | undefined = { runId: 'r1', asOfMs: AS_OF, customers: 3 };
  loads: string[] = [];
  async latestRun(): Promise<SegmentationRunRef | undefined> {
    return this.run;
  }
  async rows(run: SegmentationRunRef, asOfMs: number): Promise<CustomerRunRow[]> {
    this.loads.push(`${run.runId}@${asOfMs}`);
    return [
      { customerId: 'c1', recencyDays: 3, frequency: 4, monetary: 400, firstPurchaseMs: AS_OF - 300 * DAY, segments: { rfm: 'Champions', lifecycle: 'active' } },
      { customerId: 'c2', recencyDays: 10, frequency: 1, monetary: 100, firstPurchaseMs: AS_OF - 10 * DAY, segments: { rfm: 'Champions', lifecycle: 'new' } },
      { customerId: 'c3', recencyDays: 200, frequency: 1, monetary: 50, firstPurchaseMs: AS_OF - 200 * DAY, segments: { rfm: 'Hibernating', lifecycle: 'lapsed' } },
    ];
  }
}
