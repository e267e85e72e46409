import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { percentileScore, fitRfmKMeans, predictRfmCluster, type RfmKMeansModel } from './rfm-kmeans';
import type { RfmPoint } from './feature-scaling';

const CREATED = Date.UTC(2026, 0, 1);

function chainreachRows(): RfmPoint[] {
  return readFileSync(join(__dirname, '../../../test/fixtures/reference/chainreach_rfm_table.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [, r, f, m] = l.split(',').map(Number);
      return { recencyDays: r, frequency: f, monetary: m };
    });
}

describe('fitRfmKMeans on the 4,338 Online Retail customers', () => {
  const points = chainreachRows();
  let model: RfmKMeansModel;
  let labels: Int32Array;

  beforeAll(() => {
    ({ model, labels } = fitRfmKMeans(points, { k: 5, nInit: 10, seed: 0, createdAtMs: CREATED }));
  });

  it('stores scaler, centroids, quality and profiles', () => {
    expect(model).toMatchObject({ algorithm: 'lloyd', k: 5, seed: 0, nInit: 10, trainedOn: 4338, createdAtMs: CREATED });
    // scikit-learn StandardScaler on log1p(RFM) (scripts/segmentation-reference.py)
    [3.8307338678832874, 1.3455823418447785, 6.593627140775707].forEach((m, i) => expect(model.scaler.mean[i]).toBeCloseTo(m, 10));
    [1.34010666387144, 0.6830249359732609, 1.2574326702312202].forEach((s, i) => expect(model.scaler.scale[i]).toBeCloseTo(s, 10));
    expect(Math.abs(model.inertia / 3296.3 - 1)).toBeLessThan(0.005);
    expect(model.silhouette).toBeCloseTo(0.316, 2);
    expect(model.daviesBouldin).toBeGreaterThan(0.9);
    expect(model.daviesBouldin).toBeLessThan(1.1);
    expect(model.profiles.map((p) => p.size)).toEqual(model.clusterSizes);
    expect(model.clusterSizes.reduce((s, x) => s + x, 0)).toBe(4338);
    for (const p of model.profiles) {
      expect(p.recencyDays.min).toBeLessThanOrEqual(p.recencyDays.median);
      expect(p.recencyDays.median).toBeLessThanOrEqual(p.recencyDays.max);
      expect(p.share).toBeCloseTo(p.size / 4338, 12);
    }
  });

  it('names the clusters through the RFM map of their centroids', () => {
    const best = model.profiles.reduce((a, b) => (b.centroid.monetary > a.centroid.monetary ? b : a));
    const worst = model.profiles.reduce((a, b) => (b.centroid.recencyDays > a.centroid.recencyDays ? b : a));
    expect(best.name).toBe('champions');
    expect(best.scores).toEqual({ r: 5, f: 5, m: 5 });
    expect(worst.name).toBe('hibernating');
  });

  it('predicts the training label of every customer, and is JSON-serialisable', () => {
    const restored = JSON.parse(JSON.stringify(model)) as RfmKMeansModel;
    for (let i = 0; i < points.length; i++) expect(predictRfmCluster(restored, points[i]).cluster).toBe(labels[i]);
  });

  it('a centroid predicts its own cluster with confidence 1', () => {
    for (const p of model.profiles) {
      const prediction = predictRfmCluster(model, p.centroid);
      expect(prediction.cluster).toBe(p.cluster);
      expect(prediction.name).toBe(p.name);
      expect(prediction.distance).toBeLessThan(1e-9);
      expect(prediction.confidence).toBeCloseTo(1, 9);
      expect(prediction.profile).toBe(p);
    }
  });

  it('is deterministic for a seed', () => {
    const again = fitRfmKMeans(points, { k: 5, nInit: 10, seed: 0, createdAtMs: CREATED });
    expect(again.model).toEqual(model);
  });

  it('rejects negative features and k outside 2..n', () => {
    expect(() => predictRfmCluster(model, { recencyDays: -1, frequency: 1, monetary: 1 })).toThrow(RangeError);
    expect(() => fitRfmKMeans(points.slice(0, 3), { k: 4, createdAtMs: CREATED })).toThrow(RangeError);
  });
});

describe('percentileScore', () => {
  const sorted = Float64Array.from([1, 1, 1, 1, 2, 2, 3, 5, 8, 13]);
  it('places ties at the middle of their run', () => {
    expect(percentileScore(sorted, 1)).toBe(2);
    expect(percentileScore(sorted, 2)).toBe(3);
    expect(percentileScore(sorted, 13)).toBe(5);
    expect(percentileScore(sorted, 0)).toBe(1);
    expect(percentileScore(sorted, 100)).toBe(5);
  });
});
