import { Injectable } from '@nestjs/common';
import { CustomerPopulationScanner } from '../segmentation/customer-population.scanner';
import { RunChunk, SegmentRunsRepository } from '../segmentation/segmentation.repository';
import { CustomerRunRow, SegmentDataSource, SegmentationRunRef } from './segment-data.source';

/**
 * {@link SegmentDataSource} over the segmentation module's ports: the latest run and its
 * customer → segment chunks from `SegmentRunsRepository`. At the run's own reference date the
 * per-customer RFM figures come from the chunks (no scan); for another date, or a run whose chunks
 * predate those figures, they are recomputed with the `CustomerPopulationScanner` (the batch job's
 * DynamoDB parallel scan). Customers created after the run are not in it and are left out.
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
    const chunks = await this.runs.chunks(run.runId);
    if (asOfMs === run.asOfMs && chunks.every((c) => c.features !== undefined)) return rowsFromChunks(chunks);
    const scan = await this.scanner.scan({ resolveAsOf: () => asOfMs });
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

/** Rows straight from the run's chunks (figures at the run's reference date). */
function rowsFromChunks(chunks: readonly RunChunk[]): CustomerRunRow[] {
  const rows: CustomerRunRow[] = [];
  for (const chunk of chunks) {
    const features = chunk.features as NonNullable<RunChunk['features']>;
    chunk.customerIds.forEach((customerId, i) =>
      rows.push({
        customerId,
        segments: { rfm: chunk.segments.rfm[i], lifecycle: chunk.segments.lifecycle[i] },
        recencyDays: features.recencyDays[i],
        frequency: features.frequency[i],
        monetary: features.monetary[i],
        firstPurchaseMs: features.firstPurchaseMs[i],
      }),
    );
  }
  return rows;
}
