import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { performance } from 'node:perf_hooks';
import { Clock } from '../src/common/clock';
import { CoreModule } from '../src/core.module';
import { AGGREGATE_SHARDS, exposureIncrement } from '../src/experiments/domain/experiment-aggregates';
import { buildExperimentResults } from '../src/experiments/domain/experiment-results';
import { shardOf } from '../src/experiments/experiment-recorder.service';
import { ExperimentsRepository } from '../src/experiments/experiments.repository';
import { ExperimentsService } from '../src/experiments/experiments.service';
import { writeBenchmark } from './bench-output';

const EXPOSURES = 1_000_000;
const REPEATS = 200;
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

/** mulberry32 (Tommy Ettinger, public domain): uniforms in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function summary(samplesMs: number[]): Record<string, number> {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { medianMs: round(percentile(sorted, 0.5)), p95Ms: round(percentile(sorted, 0.95)), maxMs: round(sorted[sorted.length - 1] ?? 0) };
}

/**
 * Results of an experiment holding 1,000,000 recorded exposures (2 variants × 8 aggregate shards,
 * counters accumulated in memory from simulated calls and written with the same ADD updates the
 * recorder uses) on embedded dynalite: the compute (statistics + view) and the whole results call
 * (GetItem config + one Query of the aggregates + compute). Target: compute under 50 ms.
 */
export async function run(): Promise<void> {
  Object.assign(process.env, { DATA_DIR: ':memory:', IMPORT_ON_START: 'false', STORAGE_MODE: 'embedded', LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(CoreModule, { logger: ['warn', 'error'] });
  try {
    const service = app.get(ExperimentsService);
    const repository = app.get(ExperimentsRepository);
    const key = 'bench-1m';
    await service.create({
      key,
      name: 'results bench',
      analysisTypes: ['customer_profile'],
      variants: [
        { key: 'control', modelId: HAIKU },
        { key: 'treatment', modelId: SONNET },
      ],
      guardrails: [
        { metric: 'latencyMs', margin: { type: 'relative', value: 0.2 } },
        { metric: 'costUsd', margin: { type: 'relative', value: 0.5 } },
      ],
    });
    const uniform = mulberry32(20240601);
    const shards = new Map<string, Record<string, number>>();
    const seedStarted = performance.now();
    for (let i = 0; i < EXPOSURES; i++) {
      const variantKey = uniform() < 0.5 ? 'control' : 'treatment';
      const treatment = variantKey === 'treatment';
      const latencyMs = (treatment ? 900 : 600) * Math.exp(0.5 * (uniform() + uniform() + uniform() - 1.5));
      const inputTokens = 1000 + Math.floor(uniform() * 400);
      const outputTokens = (treatment ? 350 : 250) + Math.floor(uniform() * 100);
      const valid = uniform() < (treatment ? 0.97 : 0.95);
      const increment = exposureIncrement(
        {
          cached: false,
          latencyMs,
          inputTokens,
          outputTokens,
          costUsd: treatment ? (inputTokens * 3 + outputTokens * 15) / 1e6 : (inputTokens * 0.25 + outputTokens * 1.25) / 1e6,
          success: uniform() < 0.995,
          fallback: !valid,
          validOutput: valid,
        },
        true,
        { winsorization: false },
      );
      const slot = `${variantKey}#${shardOf(`bench-${i}#exposure`)}`;
      const counters = shards.get(slot) ?? {};
      for (const name in increment) counters[name] = (counters[name] ?? 0) + (increment[name] ?? 0);
      shards.set(slot, counters);
    }
    for (const [slot, counters] of shards) {
      const [variantKey, shard] = slot.split('#');
      await repository.addToAggregate({ experimentKey: key, generation: 0, variantKey: variantKey as string, shard: Number(shard) }, counters);
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const experiment = await service.get(key);
    const now = app.get(Clock).now();
    const aggregates = await repository.readAggregates(key, 0);
    const exposures = [...aggregates.values()].reduce((sum, c) => sum + (c.units ?? 0), 0);
    if (exposures !== EXPOSURES) throw new Error(`seeded ${exposures} exposures, expected ${EXPOSURES}`);
    const compute: number[] = [];
    const total: number[] = [];
    const read: number[] = [];
    let decision = '';
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      const results = buildExperimentResults(experiment, aggregates, now);
      compute.push(performance.now() - t0);
      decision = results.decision.status;
      const t1 = performance.now();
      await repository.readAggregates(key, 0);
      read.push(performance.now() - t1);
      const t2 = performance.now();
      await service.results(key);
      total.push(performance.now() - t2);
    }
    const computeSummary = summary(compute);
    writeBenchmark('experiments-results', {
      description:
        'GET /v1/ab-tests/{key}/results for an experiment with 1,000,000 recorded exposures (2 variants × 8 shards, 10 metrics), embedded dynalite in memory',
      exposures: EXPOSURES,
      variants: 2,
      shardsPerVariant: AGGREGATE_SHARDS,
      aggregateItemsRead: [...shards.keys()].length,
      repeats: REPEATS,
      seedSeconds: Math.round(seedSeconds * 100) / 100,
      computeMs: computeSummary,
      aggregatesQueryMs: summary(read),
      totalResultsCallMs: summary(total),
      targetComputeMs: 50,
      meetsTarget: (computeSummary.p95Ms ?? Infinity) < 50,
      decision,
    });
  } finally {
    await app.close();
  }
}
