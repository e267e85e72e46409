import { join } from 'node:path';
import { SegmentKmeansCommand } from './segment-kmeans.command';
import { cliModuleFor, CliModule, StorelessCliModule } from '../../cli/cli.module';

const CSV = join(__dirname, '../../../test/fixtures/reference/chainreach_rfm_table.csv');

describe('segment kmeans (CLI)', () => {
  it('fits the ChainReach RFM table: inertia within 0.5 % of 3296.3, sizes sum to 4,338, centroids in both spaces', async () => {
    const out: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await new SegmentKmeansCommand().run([], { input: CSV, k: 5, nInit: 10, seed: 42, json: true });
    } finally {
      write.mockRestore();
    }
    const report = JSON.parse(out.join('')) as {
      inertia: number;
      iterations: number;
      silhouette: number;
      daviesBouldin: number;
      clusterSizes: number[];
      clusters: { centroidScaled: number[]; centroid: { recencyDays: number } }[];
    };
    expect(Math.abs(report.inertia - 3296.3) / 3296.3).toBeLessThan(0.005);
    expect(report.clusterSizes.reduce((a, b) => a + b, 0)).toBe(4338);
    expect(report.silhouette).toBeCloseTo(0.316, 2);
    expect(report.daviesBouldin).toBeGreaterThan(0);
    expect(report.iterations).toBeGreaterThan(0);
    expect(report.clusters).toHaveLength(5);
    for (const c of report.clusters) {
      expect(c.centroidScaled).toHaveLength(3);
      expect(c.centroid.recencyDays).toBeGreaterThanOrEqual(0);
    }
  });

  it('`segment kmeans` runs under the store-less root module', () => {
    expect(cliModuleFor(['segment', 'kmeans', '--input', 'x.csv'])).toBe(StorelessCliModule);
    expect(cliModuleFor(['segment', 'batch'])).toBe(CliModule);
    expect(cliModuleFor(['import', 'online-retail', 'f'])).toBe(CliModule);
  });
});
