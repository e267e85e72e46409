import { bucketRanges, chooseVariation, inNamespace } from './bucket-ranges';
import type { Namespace } from './bucket-ranges';
import { growthbookHash } from './hashing';

/** What deterministic assignment needs to know about an experiment. */
export interface AssignmentConfig {
  /** Experiment key; it is the hash seed, so re-using a key re-uses the buckets. */
  readonly experimentKey: string;
  /** Variant weights, control first; must sum to 1 (± 0.01) or equal weights are used. */
  readonly weights: readonly number[];
  /** Share of traffic in the experiment, [0, 1]. */
  readonly coverage: number;
  /** Optional namespace slice shared with other experiments on the same analysis type. */
  readonly namespace?: Namespace;
}

/** Result of {@link assignVariant}. */
export interface Assignment {
  /** Index into the variants (0 = control), or −1 when the unit is not in the experiment. */
  readonly variantIndex: number;
  /** Hash v2 bucket in [0, 1) (`null` when excluded by the namespace before hashing). */
  readonly bucket: number | null;
}

/**
 * Deterministic, sticky variant assignment compatible with GrowthBook: namespace check (hash v1),
 * then bucket = hash v2 of (seed = experiment key, unit id) and the variant whose range contains
 * it. Units outside coverage or the namespace get −1 (served by the default model, no exposure).
 */
export function assignVariant(unitId: string, config: AssignmentConfig): Assignment {
  if (config.namespace && !inNamespace(unitId, config.namespace)) return { variantIndex: -1, bucket: null };
  const bucket = growthbookHash(config.experimentKey, unitId, 2) ?? 0;
  const ranges = bucketRanges(config.weights.length, config.coverage, config.weights);
  return { variantIndex: chooseVariation(bucket, ranges), bucket };
}
