import { registerAs } from '@nestjs/config';
import { availableParallelism } from 'node:os';
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

/** Thrown when a segmentation variable is invalid; the message names every bad variable. */
export class InvalidSegmentationConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid segmentation configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidSegmentationConfigError';
  }
}

function intVar(env: Readonly<Record<string, string | undefined>>, name: string, min: number, max: number, problems: string[]): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    problems.push(`${name}: must be an integer between ${min} and ${max}`);
    return undefined;
  }
  return value;
}

/**
 * Builds the segmentation configuration from `SEGMENT_CHURN_AFTER_DAYS` (1..3650),
 * `SEGMENT_SCAN_WORKERS` (1..32), `SEGMENT_SCAN_SEGMENTS` (1..256), `SEGMENT_BATCH_CHUNK_SIZE`
 * (1..5000) and `SEGMENT_STRATEGIES` (see `parseSegmentStrategies`).
 *
 * @param cores available CPU cores (the worker default).
 * @throws InvalidSegmentationConfigError naming each bad variable.
 */
export function parseSegmentationConfig(env: Readonly<Record<string, string | undefined>>, cores = 4): SegmentationConfig {
  const problems: string[] = [];
  const churnAfterDays = intVar(env, 'SEGMENT_CHURN_AFTER_DAYS', 1, 3650, problems) ?? 90;
  const scanWorkers = intVar(env, 'SEGMENT_SCAN_WORKERS', 1, 32, problems) ?? Math.max(1, Math.min(4, cores));
  const scanSegments = intVar(env, 'SEGMENT_SCAN_SEGMENTS', 1, 256, problems) ?? scanWorkers * 2;
  const chunkSize = intVar(env, 'SEGMENT_BATCH_CHUNK_SIZE', 1, 5000, problems) ?? 500;
  const { strategies, problems: strategyProblems } = parseSegmentStrategies(env.SEGMENT_STRATEGIES);
  problems.push(...strategyProblems);
  if (problems.length > 0) throw new InvalidSegmentationConfigError(problems);
  return { churnAfterDays, scanWorkers, scanSegments, chunkSize, strategies };
}

/** The `segmentation` config namespace. */
export const segmentationConfig = registerAs('segmentation', (): SegmentationConfig => parseSegmentationConfig(process.env, availableParallelism()));
