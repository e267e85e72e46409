import { Injectable } from '@nestjs/common';
import { CustomerPopulationScanner } from '../segmentation/customer-population.scanner';
import { SegmentRunsRepository } from '../segmentation/segmentation.repository';
import { CustomerRunRow, SegmentDataSource, SegmentationRunRef } from './segment-data.source';

/**
 * {@link SegmentDataSource} over the segmentation module's ports: the latest run and its
 * customer → segment chunks from `SegmentRunsRepository`, per-customer RFM features from the
 * `CustomerPopulationScanner` (the batch job's DynamoDB parallel scan) at the requested reference
 * date. Customers created after the run are not in it and are left out.
 */
@Injectable()
export class SegmentationSegmentDataSource extends SegmentDataSource {
  constructor(
    private readonly runs: SegmentRunsRepository,
    private readonly scanner: CustomerPopulationScanner,
  ) {
    super();
  }

  async latestRun(): Promise<SegmentationRunRef | undefined> {
    const run = await this.runs.latestRun();
    return run ? { runId: run.runId, asOfMs: Date.parse(run.asOf), customers: run.customers } : undefined;
  }

  async rows(run: SegmentationRunRef, asOfMs: number): Promise<CustomerRunRow[]> {
    const [chunks, scan] = await Promise.all([this.runs.chunks(run.runId), this.scanner.scan({ resolveAsOf: () => asOfMs })]);
    const segmentsOf = new Map<string, CustomerRunRow['segments']>();
    for (const chunk of chunks) {
      chunk.customerIds.forEach((id, i) => segmentsOf.set(id, { rfm: chunk.segments.rfm[i], lifecycle: chunk.segments.lifecycle[i] }));
    }
    const rows: CustomerRunRow[] = [];
    for (const f of scan.features) {
      const segments = segmentsOf.get(f.customerId);
      if (segments === undefined) continue;
      rows.push({
        customerId: f.customerId,
        segments,
        recencyDays: f.rfm?.recencyDays ?? null,
        frequency: f.rfm?.frequency ?? 0,
        monetary: f.rfm?.monetary ?? 0,
        firstPurchaseMs: f.rfm?.firstPurchaseMs ?? null,
      });
    }
    return rows;
  }
}
