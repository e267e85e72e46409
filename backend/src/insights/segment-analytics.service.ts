import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InsightsSegmentNotFoundError, NoSegmentationRunError } from './domain/insights.errors';
import { compareSegments, computeSegmentAnalytics, MetricComparison, SegmentAnalyticsReport, SegmentFigures } from './domain/segment-analytics';
import type { InsightScheme } from './domain/segment-vocabulary';
import { insightsConfig } from './insights.config';
import { CustomerRunRow, SegmentDataSource, SegmentationRunRef } from './segment-data.source';

/** A report with the run it was computed from. */
export interface RunReport {
  readonly run: SegmentationRunRef;
  readonly scheme: InsightScheme;
  readonly report: SegmentAnalyticsReport;
}

/**
 * Segment analytics of the latest segmentation run (see `computeSegmentAnalytics`). A report needs
 * every customer of the run (one parallel scan serves both schemes), so the customer rows are cached
 * in memory per (run, reference date), the oldest evicted first; a new run changes the key.
 */
@Injectable()
export class SegmentAnalyticsService {
  private readonly cache = new Map<string, Promise<CustomerRunRow[]>>();

  constructor(
    private readonly source: SegmentDataSource,
    @Inject(insightsConfig.KEY) private readonly config: ConfigType<typeof insightsConfig>,
  ) {}

  /**
   * The analytics of `scheme` as of `asOfMs` (default: the run's reference date).
   *
   * @throws NoSegmentationRunError when no segmentation run exists yet.
   */
  async report(scheme: InsightScheme, asOfMs?: number): Promise<RunReport> {
    const run = await this.source.latestRun();
    if (!run) throw new NoSegmentationRunError();
    const at = asOfMs ?? run.asOfMs;
    const key = `${run.runId}|${at}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.source.rows(run, at);
      this.cache.set(key, pending);
      pending.catch(() => this.cache.delete(key));
      while (this.cache.size > this.config.reportCacheSize) this.cache.delete(this.cache.keys().next().value as string);
    }
    const rows = (await pending).map(({ segments, ...row }) => ({ ...row, segment: segments[scheme] }));
    const report = computeSegmentAnalytics(rows, at, { expectedLifetimeYears: this.config.clvLifetimeYears, topCustomers: this.config.topCustomers });
    return { run, scheme, report };
  }

  /**
   * Metric-by-metric comparison of two segments of `scheme`.
   *
   * @throws NoSegmentationRunError; InsightsSegmentNotFoundError when a segment has no customers in the run.
   */
  async compare(scheme: InsightScheme, a: string, b: string, asOfMs?: number): Promise<RunReport & { a: SegmentFigures; b: SegmentFigures; metrics: MetricComparison[] }> {
    const result = await this.report(scheme, asOfMs);
    const find = (id: string) => {
      const figures = result.report.segments.find((s) => s.segment === id);
      if (!figures) throw new InsightsSegmentNotFoundError(scheme, id);
      return figures;
    };
    const fa = find(a);
    const fb = find(b);
    return { ...result, a: fa, b: fb, metrics: compareSegments(fa, fb) };
  }

}
