import { registerAs } from '@nestjs/config';
import { availableParallelism } from 'node:os';
import { numberVar, throwIfInvalid } from '../config/config-validation';
import { parseSegmentStrategies, type SegmentStrategy } from './segment-strategies';

/** Typed segmentation configuration (`segmentation` namespace). */
export interface SegmentationConfig {
  /** A buyer whose recency exceeds this many days counts as churned in segment KPIs. Default 90. */
  readonly churnAfterDays: number;
  /** Worker threads of the parallel scan. Default min(4, cores). */
  readonly scanWorkers: number;
  /** DynamoDB Scan `TotalSegments`. Default 2 × workers. */
  readonly scanSegments: number;
  /** Customers written per checkpointed chunk. Default 500. */
  readonly chunkSize: number;
  readonly strategies: Readonly<Record<string, SegmentStrategy>>;
}

/**
 * Builds the segmentation configuration from `SEGMENT_CHURN_AFTER_DAYS` (1..3650),
 * `SEGMENT_SCAN_WORKERS` (1..32), `SEGMENT_SCAN_SEGMENTS` (1..256), `SEGMENT_BATCH_CHUNK_SIZE`
 * (1..5000) and `SEGMENT_STRATEGIES` (see `parseSegmentStrategies`).
 *
 * @param cores available CPU cores (the worker default).
 * @throws InvalidConfigError naming each bad variable.
 */
export function parseSegmentationConfig(env: Readonly<Record<string, string | undefined>>, cores = 4): SegmentationConfig {
  const problems: string[] = [];
  const churnAfterDays = numberVar(env, 'SEGMENT_CHURN_AFTER_DAYS', 1, 3650, true, problems) ?? 90;
  const scanWorkers = numberVar(env, 'SEGMENT_SCAN_WORKERS', 1, 32, true, problems) ?? Math.max(1, Math.min(4, cores));
  const scanSegments = numberVar(env, 'SEGMENT_SCAN_SEGMENTS', 1, 256, true, problems) ?? scanWorkers * 2;
  const chunkSize = numberVar(env, 'SEGMENT_BATCH_CHUNK_SIZE', 1, 5000, true, problems) ?? 500;
  const { strategies, problems: strategyProblems } = parseSegmentStrategies(env.SEGMENT_STRATEGIES);
  problems.push(...strategyProblems);
  throwIfInvalid('segmentation', problems);
  return { churnAfterDays, scanWorkers, scanSegments, chunkSize, strategies };
}

/** The `segmentation` config namespace. */
export const segmentationConfig = registerAs('segmentation', (): SegmentationConfig => parseSegmentationConfig(process.env, availableParallelism()));
