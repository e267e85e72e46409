import { fnv1a32 } from '../../common/domain/hashing';
import fc from 'fast-check';

import cases from './__fixtures__/growthbook-cases.json';
import { assignVariant, bucketRanges, chooseVariation, equalWeights, growthbookHash, inNamespace } from './index';
import type { BucketRange, Namespace } from './index';

type HashCase = [seed: string, value: string, version: number, expected: number | null];
type RangeCase = [name: string, args: [number, number, number[] | null], expected: [number, number][]];
type ChooseCase = [name: string, bucket: number, ranges: [number, number][], expected: number];
type NamespaceCase = [name: string, unitId: string, namespace: [string, number, number], expected: boolean];

const hashCases = cases.hash as HashCase[];
const rangeCases = cases.getBucketRange as RangeCase[];
const chooseCases = cases.chooseVariation as ChooseCase[];
const namespaceCases = cases.inNamespace as NamespaceCase[];
const equalWeightCases = cases.getEqualWeights as [number, number[]][];

describe('GrowthBook-compatible assignment (cases.json of growthbook/growthbook sdk-js)', () => {
  it('FNV-1a 32-bit matches the published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it.each(hashCases)('hash(%j, %j, v%s) = %s', (seed, value, version, expected) => {
    expect(growthbookHash(seed, value, version)).toBe(expected);
  });

  it.each(rangeCases)('getBucketRanges: %s', (_name, [numVariations, coverage, weights], expected) => {
    const ranges = bucketRanges(numVariations, coverage, weights ?? undefined);
    expect(ranges).toHaveLength(expected.length);
    ranges.forEach((range, i) => {
      expect(range[0]).toBeCloseTo(expected[i]?.[0] ?? NaN, 10);
      expect(range[1]).toBeCloseTo(expected[i]?.[1] ?? NaN, 10);
    });
  });

  it.each(chooseCases)('chooseVariation: %s', (_name, bucket, ranges, expected) => {
    expect(chooseVariation(bucket, ranges as BucketRange[])).toBe(expected);
  });

  it.each(namespaceCases)('inNamespace: %s', (_name, unitId, namespace, expected) => {
    expect(inNamespace(unitId, namespace as Namespace)).toBe(expected);
  });

  it.each(equalWeightCases)('getEqualWeights(%s)', (n, expected) => {
    const weights = equalWeights(n);
    expect(weights).toHaveLength(expected.length);
    weights.forEach((w, i) => expect(w).toBeCloseTo(expected[i] ?? NaN, 8));
  });

  it('is deterministic, returns −1 outside coverage, and never moves a unit when coverage grows', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: 0, max: 1, noNaN: true }), (unitId, coverage) => {
        const config = { experimentKey: 'prompt-v2-vs-v1', weights: [0.5, 0.5], coverage };
        const first = assignVariant(unitId, config);
        expect(assignVariant(unitId, config)).toEqual(first);
        const full = assignVariant(unitId, { ...config, coverage: 1 });
        expect(full.variantIndex).toBeGreaterThanOrEqual(0);
        if (first.variantIndex !== -1) expect(first.variantIndex).toBe(full.variantIndex);
      }),
    );
  });

  it('splits traffic in proportion to the weights', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      const { variantIndex } = assignVariant(`customer-${i}`, {
        experimentKey: 'haiku-vs-sonnet',
        weights: [0.5, 0.3, 0.2],
        coverage: 0.8,
      });
      counts[variantIndex === -1 ? 3 : variantIndex] = (counts[variantIndex === -1 ? 3 : variantIndex] ?? 0) + 1;
    }
    expect((counts[0] ?? 0) / 20_000).toBeCloseTo(0.4, 1);
    expect((counts[1] ?? 0) / 20_000).toBeCloseTo(0.24, 1);
    expect((counts[2] ?? 0) / 20_000).toBeCloseTo(0.16, 1);
    expect((counts[3] ?? 0) / 20_000).toBeCloseTo(0.2, 1);
  });

  it('keeps experiments with disjoint namespace slices apart', () => {
    for (let i = 0; i < 2_000; i++) {
      const unit = `u${i}`;
      const a = assignVariant(unit, { experimentKey: 'a', weights: [0.5, 0.5], coverage: 1, namespace: ['consumption', 0, 0.5] });
      const b = assignVariant(unit, { experimentKey: 'b', weights: [0.5, 0.5], coverage: 1, namespace: ['consumption', 0.5, 1] });
      expect(a.variantIndex === -1 || b.variantIndex === -1).toBe(true);
      expect(a.variantIndex !== -1 || b.variantIndex !== -1).toBe(true);
    }
  });
});
