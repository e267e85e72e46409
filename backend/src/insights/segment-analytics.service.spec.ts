import { ConfigType } from '@nestjs/config';
import { AS_OF, DAY, FakeSegmentData } from './segment-data.source.fake';
import { insightsConfig } from './insights.config';
import { SegmentAnalyticsService } from './segment-analytics.service';

const config = { clvLifetimeYears: 3, topCustomers: 5, reportCacheSize: 1 } as ConfigType<typeof insightsConfig>;

describe('SegmentAnalyticsService', () => {
  let data: FakeSegmentData;
  let service: SegmentAnalyticsService;

  beforeEach(() => {
    data = new FakeSegmentData();
    service = new SegmentAnalyticsService(data, config);
  });

  it('answers per-segment figures of the latest run from the fake rows', async () => {
    const { run, scheme, report } = await service.report('rfm');
    expect(run.runId).toBe('r1');
    expect(scheme).toBe('rfm');
    const champions = report.segments.find((s) => s.segment === 'Champions');
    expect(champions).toMatchObject({ customers: 2, buyers: 2, revenue: 500, orders: 5, averageOrderValue: 100 });
    expect(champions?.revenueSharePct).toBeCloseTo((500 / 550) * 100, 6);
    expect(report.segments.find((s) => s.segment === 'Hibernating')).toMatchObject({ customers: 1, revenue: 50 });
  });

  it('loads the rows once per (run, reference date) for both schemes, evicting beyond the cache size', async () => {
    await service.report('rfm');
    await service.report('lifecycle');
    expect(data.loads).toEqual([`r1@${AS_OF}`]);
    await service.report('rfm', AS_OF - DAY);
    await service.report('rfm');
    expect(data.loads).toEqual([`r1@${AS_OF}`, `r1@${AS_OF - DAY}`, `r1@${AS_OF}`]);
  });

  it('compares two segments metric by metric and names a segment without customers', async () => {
    const result = await service.compare('rfm', 'Champions', 'Hibernating');
    expect(result.metrics.find((m) => m.metric === 'revenue')).toEqual({ metric: 'revenue', a: 500, b: 50, difference: 450, ratio: 10 });
    await expect(service.compare('rfm', 'Champions', 'Nobody')).rejects.toMatchObject({ code: 'INSIGHTS.SEGMENT_NOT_FOUND' });
  });

  it('says INSIGHTS.NO_SEGMENTATION_RUN before any run exists', async () => {
    data.run = undefined;
    await expect(service.report('rfm')).rejects.toMatchObject({ code: 'INSIGHTS.NO_SEGMENTATION_RUN' });
  });
});
