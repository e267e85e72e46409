import { join } from 'node:path';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { daviesBouldinScore, silhouetteScore } from './cluster-quality';
import { fitStandardScaler, rfmLogMatrix, standardize } from './feature-scaling';
import { elbowOf, kSelectionReport } from './k-selection';
import { assignToCentroids, fitKMeans, inertiaOf, isSameClustering, kmeansPlusPlus } from './kmeans';
import { kmeansPlusPlusTrials } from './kmeans-seeding';
import { assignmentConfidence, nearestCentroid } from './kmeans-predict';
import { fitMiniBatchKMeans } from './minibatch-kmeans';
import { SeededRandom } from './prng';

/*
 * Reference values: scikit-learn 1.2.1 KMeans(algorithm="lloyd"), silhouette_score and
 * davies_bouldin_score, produced by scripts/segmentation-reference.py (numbers copied here).
 */
const SMALL_POINTS = new Float64Array([
  0.001, 0.179, -0.164, -0.534, -0.273, -0.595, 0.036, 0.804, -0.295, -0.372, 0.294, 0.214,
  0.063, -0.558, -0.018, 0.417, -0.807, -0.275, -1.141, -0.774, -1.105, -0.141, -0.76, 0.163,
  0.094, -0.112, -1.51, -0.323, -0.029, 0.068, -0.918, -0.287, -0.587, -0.485, 0.637, -0.485,
  -0.02, 0.531, -0.35, -0.067, 0.066, 0.038, -0.735, 0.046, 0.815, -0.928, 0.516, 0.072,
  -0.385, 1.2, 0.457, -0.72, 0.045, 0.346, -0.113, 0.41, -0.04, 0.4, 0.863, -0.405,
  0.122, -0.278, 0.076, -0.712, -0.348, -0.118, 0.539, 0.687, -0.794, -0.477, 0.388, -1.195,
  -0.278, -0.058, 0.754, 0.414, -0.196, -0.221, -0.15, 0.914, 3.743, 0.818, 4.212, 0.928,
  3.882, 0.332, 3.993, 0.734, 4.7, 1.392, 3.986, 1.401, 3.796, 1.631, 3.997, 1.35,
  3.225, 1.208, 2.987, -0.221, 3.817, 0.46, 4.098, 2.347, 3.501, 0.626, 4.123, 1.296,
  3.894, 0.876, 4.421, 1.312, 3.38, 0.952, 4.021, 0.367, 4.156, 0.485, 4.583, 1.116,
  4.054, 0.645, 3.929, -0.199, 3.321, 1.218, 2.723, 1.508, 2.952, 1.454, 3.493, 1.467,
  4.079, 0.078, 4.749, 1.865, 3.961, 0.836, 3.904, 0.415, 4.659, 0.674, 3.969, 0.524,
  3.624, 0.233, 4.754, 0.908, 4.58, 1.008, 3.583, 0.804, 3.664, 1.005, 3.775, 0.82,
  3.173, 0.516, 4.992, 0.597, 0.368, 5.202, 1.844, 4.128, 0.875, 4.621, -0.057, 5.441,
  0.986, 5.043, 0.549, 5.273, 0.676, 4.914, 0.335, 4.27, 1.801, 4.696, 1.175, 4.98,
  0.735, 4.695, 1.378, 4.819, 0.909, 5.013, 1.706, 5.408, 1.23, 4.662, 0.171, 5.57,
  1.58, 4.916, 1.325, 5.469, 1.499, 5.553, 0.727, 5.909, 0.252, 5.517, 1.296, 5.524,
  2.127, 5.891, 0.313, 3.987, 1.49, 4.391, 0.993, 5.504, 0.014, 3.734, 1.156, 5.027,
  0.853, 5.023, 0.484, 4.092, 0.9, 4.417, 0.014, 5.303, 0.963, 5.244, 0.406, 4.605,
  0.401, 4.468, 1.117, 4.53, 1.214, 5.204, 2.215, 4.164, 1.533, 4.946, 0.992, 4.13,
]);
const SMALL_LABELS = [1,2,2,1,2,1,1,1,2,2,2,2,1,2,1,2,2,1,1,2,1,2,1,1,1,1,1,1,1,1,1,1,2,1,2,1,2,1,2,1,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0] ;

function blobs(seed: number, centres: number[][], perBlob: number, spread: number): Float64Array {
  const rng = new SeededRandom(seed);
  const d = centres[0].length;
  const out = new Float64Array(centres.length * perBlob * d);
  let o = 0;
  for (const c of centres) {
    for (let i = 0; i < perBlob; i++) for (let t = 0; t < d; t++) out[o++] = c[t] + spread * (rng.nextFloat() * 2 - 1);
  }
  return out;
}

function rows(data: Float64Array, d: number, indices: number[]): Float64Array {
  const out = new Float64Array(indices.length * d);
  indices.forEach((r, j) => out.set(data.subarray(r * d, r * d + d), j * d));
  return out;
}

function loadChainreachScaled(): Float64Array {
  const lines = readFileSync(join(__dirname, '../../../test/fixtures/reference/chainreach_rfm_table.csv'), 'utf8').trim().split('\n').slice(1);
  const points = lines.map((l) => {
    const [, r, f, m] = l.split(',').map(Number);
    return { recencyDays: r, frequency: f, monetary: m };
  });
  const logs = rfmLogMatrix(points);
  return standardize(logs, fitStandardScaler(logs, 3));
}

describe('SeededRandom (xoshiro128**)', () => {
  it('reproduces the reference C output from state (1, 2, 3, 4)', () => {
    // scripts/xoshiro128-reference.py
    const rng = SeededRandom.fromState(1, 2, 3, 4);
    expect(Array.from({ length: 6 }, () => rng.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is deterministic per seed and uniform-looking in [0, 1)', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    const xs = Array.from({ length: 10_000 }, () => a.nextFloat());
    expect(Array.from({ length: 10_000 }, () => b.nextFloat())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.01);
    expect(new SeededRandom(43).nextFloat()).not.toBe(xs[0]);
  });
});

describe('fitKMeans against scikit-learn', () => {
  it('matches KMeans(init=rows 0,1,2, n_init=1) on a small 2-D set: centroids, labels, iterations, inertia', () => {
    const fit = fitKMeans(SMALL_POINTS, 2, { k: 3, init: rows(SMALL_POINTS, 2, [0, 1, 2]) });
    expect(fit.iterations).toBe(6);
    expect(Array.from(fit.labels)).toEqual(SMALL_LABELS);
    const expected = [2.430518987341771, 2.940379746835443, 0.3199200000000002, 0.04319999999999946, -0.6413125000000002, -0.28237500000000004];
    Array.from(fit.centroids).forEach((c, i) => expect(c).toBeCloseTo(expected[i], 12));
    expect(fit.inertia).toBeCloseTo(554.4792933566139, 9);
    expect(silhouetteScore(SMALL_POINTS, 2, fit.labels, 3)).toBeCloseTo(0.29561321266368845, 12);
    expect(daviesBouldinScore(SMALL_POINTS, 2, fit.labels, 3)).toBeCloseTo(1.0377406327365133, 12);
  });

  it('matches KMeans(init=rows 0,1000,2000,3000,4000) on the 4,338 Online Retail customers', () => {
    const data = loadChainreachScaled();
    const fit = fitKMeans(data, 3, { k: 5, init: rows(data, 3, [0, 1000, 2000, 3000, 4000]) });
    expect(fit.iterations).toBe(41);
    expect(fit.clusterSizes).toEqual([1021, 433, 1107, 909, 868]);
    expect(Math.abs(fit.inertia / 3311.4974343471513 - 1)).toBeLessThan(1e-10);
    const expected = [
      [0.4375487176808619, 0.11253713752789332, 0.3942906483745545],
      [-1.18015534331297, 2.098528238248113, 1.7402485818163087],
      [1.126140548212023, -0.8195984285101884, -0.8995230240545419],
      [-0.32304149187765846, -0.6849342548654879, -0.7105167365625261],
      [-1.0252982019017318, 0.5841294399985604, 0.5609669689076298],
    ].flat();
    Array.from(fit.centroids).forEach((c, i) => expect(c).toBeCloseTo(expected[i], 9));
    expect(silhouetteScore(data, 3, fit.labels, 5)).toBeCloseTo(0.3144433947280714, 9);
    expect(daviesBouldinScore(data, 3, fit.labels, 5)).toBeCloseTo(1.0095229745455727, 9);
  });
});

describe('fitKMeans properties', () => {
  const dataset = fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      n: fc.integer({ min: 12, max: 120 }),
      d: fc.integer({ min: 1, max: 4 }),
      k: fc.integer({ min: 1, max: 6 }),
    })
    .map(({ seed, n, d, k }) => {
      const rng = new SeededRandom(seed);
      const data = Float64Array.from({ length: n * d }, () => Math.round((rng.nextFloat() * 10 - 5) * 100) / 100);
      return { seed, data, d, k };
    });

  it('inertia never increases across Lloyd iterations', () => {
    fc.assert(
      fc.property(dataset, ({ seed, data, d, k }) => {
        const { inertiaTrace, inertia } = fitKMeans(data, d, { k, nInit: 1, seed });
        for (let i = 1; i < inertiaTrace.length; i++) {
          expect(inertiaTrace[i]).toBeLessThanOrEqual(inertiaTrace[i - 1] * (1 + 1e-12) + 1e-12);
        }
        expect(inertia).toBeLessThanOrEqual(inertiaTrace[inertiaTrace.length - 1] * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  it('the same seed gives an identical model', () => {
    fc.assert(
      fc.property(dataset, ({ seed, data, d, k }) => {
        const a = fitKMeans(data, d, { k, nInit: 3, seed });
        const b = fitKMeans(data, d, { k, nInit: 3, seed });
        expect(b.centroids).toEqual(a.centroids);
        expect(b.labels).toEqual(a.labels);
        expect(b.inertia).toBe(a.inertia);
        expect(b.runs).toEqual(a.runs);
      }),
      { numRuns: 30 },
    );
  });

  it('every point is labelled with its nearest centroid, and inertia is Σ of those squared distances', () => {
    fc.assert(
      fc.property(dataset, ({ seed, data, d, k }) => {
        const fit = fitKMeans(data, d, { k, nInit: 2, seed });
        const n = data.length / d;
        for (let i = 0; i < n; i++) {
          const match = nearestCentroid(fit.centroids, data.subarray(i * d, i * d + d));
          const own = nearestCentroidDistance(fit.centroids, data, i, d, fit.labels[i]);
          expect(own).toBeLessThanOrEqual(match.distance + 1e-9);
        }
        expect(fit.inertia).toBeCloseTo(inertiaOf(data, d, fit.centroids, fit.labels), 9);
        expect(fit.clusterSizes.reduce((s, x) => s + x, 0)).toBe(n);
      }),
      { numRuns: 40 },
    );
  });

  it('the bounded (Hamerly) assignment labels every point as a full scan would, at every iteration', () => {
    fc.assert(
      fc.property(dataset, fc.constantFrom(0, 1000), ({ seed, data, d, k }, offset) => {
        const shifted = data.map((x) => x + offset);
        const full = fitKMeans(shifted, d, { k, nInit: 1, seed, tol: 0 });
        for (let maxIter = 1; maxIter <= full.iterations; maxIter++) {
          const fit = fitKMeans(shifted, d, { k, nInit: 1, seed, tol: 0, maxIter });
          const scan = assignToCentroids(shifted, d, fit.centroids);
          expect(fit.labels).toEqual(scan.labels);
          expect(fit.inertiaTrace).toEqual(full.inertiaTrace.slice(0, maxIter));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the d = 3 WebAssembly kernels give bit for bit the model of the scalar TypeScript path', () => {
    // A zero fourth coordinate adds exact zeros everywhere, but takes the scalar (any-d) code path.
    fc.assert(
      fc.property(dataset, fc.constantFrom(0, 1000), fc.integer({ min: 1, max: 12 }), ({ seed, data }, offset, k) => {
        const three = data.subarray(0, Math.floor(data.length / 3) * 3).map((x) => x + offset);
        const n = three.length / 3;
        fc.pre(k <= n);
        const four = new Float64Array(n * 4);
        for (let i = 0; i < n; i++) four.set(three.subarray(3 * i, 3 * i + 3), 4 * i);
        const simd = fitKMeans(three, 3, { k, nInit: 2, seed, tol: 0 });
        const scalar = fitKMeans(four, 4, { k, nInit: 2, seed, tol: 0 });
        expect(simd.labels).toEqual(scalar.labels);
        expect(simd.inertiaTrace).toEqual(scalar.inertiaTrace);
        expect(simd.runs).toEqual(scalar.runs);
        expect(Array.from(simd.centroids)).toEqual(Array.from(scalar.centroids).filter((_, i) => i % 4 !== 3));
      }),
      { numRuns: 60 },
    );
  });

  it('best of n_init is no worse than any single run', () => {
    const data = blobs(3, [[0, 0], [3, 0], [0, 3], [3, 3], [6, 6]], 50, 1.4);
    const fit = fitKMeans(data, 2, { k: 5, nInit: 8, seed: 11 });
    expect(fit.runs).toHaveLength(8);
    expect(fit.inertia).toBe(Math.min(...fit.runs.map((r) => r.inertia)));
  });

  it('re-seeds an empty cluster with the point farthest from its centroid', () => {
    const data = new Float64Array([0, 0.1, 0.2, 10, 10.1, 30]);
    const init = new Float64Array([0, 10, 1000]);
    const fit = fitKMeans(data, 1, { k: 3, init });
    [0.1, 10.05, 30].forEach((c, i) => expect(fit.centroids[i]).toBeCloseTo(c, 12));
    expect(fit.clusterSizes).toEqual([3, 2, 1]);
  });

  it('rejects bad shapes and k', () => {
    expect(() => fitKMeans(new Float64Array(5), 2, { k: 1 })).toThrow(RangeError);
    expect(() => fitKMeans(new Float64Array(4), 2, { k: 3 })).toThrow(RangeError);
    expect(() => fitKMeans(new Float64Array([0, Number.NaN]), 1, { k: 1 })).toThrow(RangeError);
    expect(() => fitKMeans(new Float64Array(4), 1, { k: 2, init: new Float64Array(3) })).toThrow(RangeError);
  });
});

function nearestCentroidDistance(centroids: Float64Array, data: Float64Array, i: number, d: number, c: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += (data[i * d + t] - centroids[c * d + t]) ** 2;
  return Math.sqrt(s);
}

describe('k-means++', () => {
  it('tries 2 + ⌊ln k⌋ candidates', () => {
    expect([1, 2, 3, 8, 10, 21].map(kmeansPlusPlusTrials)).toEqual([2, 2, 3, 4, 4, 5]);
  });

  it('picks data points, one per well-separated blob', () => {
    const data = blobs(5, [[0, 0], [100, 0], [0, 100], [100, 100]], 30, 1);
    for (let seed = 0; seed < 20; seed++) {
      const centres = kmeansPlusPlus(data, 2, 4, new SeededRandom(seed));
      const quadrants = new Set<string>();
      for (let c = 0; c < 4; c++) quadrants.add(`${centres[2 * c] > 50}-${centres[2 * c + 1] > 50}`);
      expect(quadrants.size).toBe(4);
    }
  });
});

describe('quality measures', () => {
  it('silhouette on a seeded sample approximates the exact value and is deterministic', () => {
    const data = blobs(9, [[0, 0], [2, 0], [1, 2]], 400, 1.2);
    const { labels } = fitKMeans(data, 2, { k: 3, nInit: 3, seed: 1 });
    const exact = silhouetteScore(data, 2, labels, 3);
    const sampled = silhouetteScore(data, 2, labels, 3, { sampleSize: 600, seed: 4 });
    expect(Math.abs(sampled - exact)).toBeLessThan(0.03);
    expect(silhouetteScore(data, 2, labels, 3, { sampleSize: 600, seed: 4 })).toBe(sampled);
  });

  it('silhouette needs 2..n-1 clusters; Davies–Bouldin needs 2', () => {
    const data = new Float64Array([0, 1, 2]);
    expect(() => silhouetteScore(data, 1, new Int32Array([0, 0, 0]), 2)).toThrow(RangeError);
    expect(() => daviesBouldinScore(data, 1, new Int32Array([1, 1, 1]), 2)).toThrow(RangeError);
    expect(silhouetteScore(new Float64Array([0, 0.1, 5]), 1, new Int32Array([0, 0, 1]), 2)).toBeCloseTo((1 - 0.1 / 5 + (1 - 0.1 / 4.9) + 0) / 3, 12);
  });

  it('k-selection reports every k and finds 4 well-separated blobs', () => {
    const data = blobs(2, [[0, 0], [10, 0], [0, 10], [10, 10]], 40, 1);
    const report = kSelectionReport(data, 2, { kMin: 2, kMax: 7, nInit: 3 });
    expect(report.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(report.bestBySilhouette).toBe(4);
    expect(report.bestByDaviesBouldin).toBe(4);
    expect(report.elbow).toBe(4);
  });

  it('elbowOf picks the knee of a decreasing curve', () => {
    expect(elbowOf([1, 2, 3, 4, 5], [100, 40, 20, 15, 12])).toBe(2);
  });
});

describe('prediction', () => {
  it('assigns the nearest centroid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 2 }),
        (centroids, point) => {
          const match = nearestCentroid(centroids, point);
          for (let j = 0; j < 3; j++) {
            const dist = Math.hypot(point[0] - centroids[2 * j], point[1] - centroids[2 * j + 1]);
            expect(match.distance).toBeLessThanOrEqual(dist + 1e-12);
          }
          expect(match.confidence).toBeGreaterThanOrEqual(0);
          expect(match.confidence).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('confidence is 1 at a centroid, 0 on a boundary', () => {
    const centroids = [0, 0, 4, 0];
    expect(nearestCentroid(centroids, [0, 0]).confidence).toBe(1);
    expect(nearestCentroid(centroids, [2, 5]).confidence).toBe(0);
    expect(nearestCentroid(centroids, [1, 0])).toMatchObject({ cluster: 0, distance: 1, secondDistance: 3 });
    expect(nearestCentroid(centroids, [1, 0]).confidence).toBeCloseTo(2 / 3, 15);
    expect(assignmentConfidence(1, Infinity)).toBe(1);
  });

  it('assignToCentroids agrees with nearestCentroid', () => {
    const data = blobs(8, [[0, 0, 0], [5, 5, 5]], 50, 3);
    const centroids = new Float64Array([0, 0, 0, 5, 5, 5, 2, 2, 2]);
    const { labels } = assignToCentroids(data, 3, centroids);
    for (let i = 0; i < 100; i++) expect(labels[i]).toBe(nearestCentroid(centroids, data.subarray(3 * i, 3 * i + 3)).cluster);
  });
});

describe('fitMiniBatchKMeans', () => {
  it('lands close to Lloyd on separable blobs and is deterministic', () => {
    const data = blobs(4, [[0, 0, 0], [6, 0, 0], [0, 6, 0], [0, 0, 6]], 5000, 1.5);
    const lloyd = fitKMeans(data, 3, { k: 4, nInit: 3, seed: 2 });
    const mini = fitMiniBatchKMeans(data, 3, { k: 4, seed: 2 });
    expect(mini.inertia / lloyd.inertia).toBeLessThan(1.02);
    expect(isSameClustering(mini.labels, lloyd.labels, 4)).toBe(true);
    expect(fitMiniBatchKMeans(data, 3, { k: 4, seed: 2 }).centroids).toEqual(mini.centroids);
  });
});
