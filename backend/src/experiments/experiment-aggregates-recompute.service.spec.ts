import { FixedClock } from '../common/clock';
import { Experiment } from './domain/experiment';
import { ExperimentAggregatesRecompute } from './experiment-aggregates-recompute.service';
import { ExperimentRecorder, shardOf } from './experiment-recorder.service';
import { exposure, RUNNING } from './experiments.fixtures.fake';
import { InMemoryExperimentsRepository } from './experiments.repository.fake';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('ExperimentAggregatesRecompute', () => {
  let repository: InMemoryExperimentsRepository;
  let recompute: ExperimentAggregatesRecompute;

  beforeEach(async () => {
    repository = new InMemoryExperimentsRepository();
    await repository.create(RUNNING);
    const recorder = new ExperimentRecorder(repository, new FixedClock(NOW));
    for (let i = 0; i < 30; i++) {
      const variantKey = i % 3 === 0 ? 'control' : 'treatment';
      await recorder.recordExposure(RUNNING, exposure(`a${i}`, `c${i % 11}`, { variantKey, cached: i % 7 === 0, latencyMs: 100 + 37 * i, source: i % 5 === 0 ? 'rules' : 'bedrock' }));
      if (i % 7 === 0) continue;
      if (i % 4 === 0) await recorder.recordFeedback(RUNNING, `a${i}`, { rating: 1 + (i % 5), thumbsUp: i % 8 === 0 });
      if (i % 6 === 0) await recorder.recordOutcomeError(`a${i}`, i / 4, `o${i}`);
    }
    await repository.save({ ...RUNNING, status: 'stopped', version: 3 }, 2);
    recompute = new ExperimentAggregatesRecompute(repository, new FixedClock(new Date('2026-03-02T00:00:00Z')));
  });

  it('rebuilds generation 1 equal to the incrementally recorded generation 0, then drops generation 0', async () => {
    const incremental = await repository.readAggregates('e1', 0);
    const result = await recompute.recompute('e1');
    expect(result).toMatchObject({ experimentKey: 'e1', generation: 1, previousGeneration: 0, recordsSkipped: 0 });
    expect(await repository.readAggregates('e1', 1)).toEqual(incremental);
    expect(await repository.readAggregates('e1', 0)).toEqual(new Map());
    expect(repository.experiments.get('e1')).toMatchObject({ aggregateGeneration: 1, version: 4 });
    const treatment = result.variants.find((v) => v.key === 'treatment');
    expect(treatment).toEqual({ key: 'treatment', ...pick(incremental.get('treatment')), previous: pick(incremental.get('treatment')) });
    // 20 treatment calls, two of them cached repeats of a unit already counted (no event, no request).
    expect(treatment?.requests).toBe(18);
  });

  it('repairs an aggregate that missed an event (process died between the two writes)', async () => {
    const incremental = await repository.readAggregates('e1', 0);
    const exposed = (await repository.getEvent('a3', 'exposure'))!;
    await repository.putEventIfAbsent({ ...exposed, kind: 'outcome', payload: { errorDays: 3, orderId: 'late' } }, shardOf('a3#outcome'));
    const result = await recompute.recompute('e1');
    expect(result.variants.find((v) => v.key === 'control')?.units).toBe(incremental.get('control')?.units);
    expect(result.variants.find((v) => v.key === 'control')?.outcomes).toBe((incremental.get('control')?.outcomeErrorDays_n ?? 0) + 1);
  });

  it('skips records of unknown variants and past their TTL; reruns converge', async () => {
    const stopped = repository.experiments.get('e1') as Experiment;
    await repository.putEventIfAbsent({ ...(await repository.getEvent('a1', 'exposure'))!, analysisId: 'ghost', variantKey: 'gone' }, 0);
    await repository.putEventIfAbsent({ ...(await repository.getEvent('a1', 'exposure'))!, analysisId: 'old', expiresAt: 1 }, 1);
    const first = await recompute.recompute(stopped.key);
    expect(first.recordsSkipped).toBe(2);
    const rebuilt = await repository.readAggregates('e1', first.generation);
    const second = await recompute.recompute('e1');
    expect(second.generation).toBe(2);
    expect(await repository.readAggregates('e1', 2)).toEqual(rebuilt);
  });

  it('refuses a running experiment with EXPERIMENT.RECOMPUTE_WHILE_RUNNING and an unknown one with EXPERIMENT.NOT_FOUND', async () => {
    await repository.create({ ...RUNNING, key: 'live' });
    await expect(recompute.recompute('live')).rejects.toMatchObject({ code: 'EXPERIMENT.RECOMPUTE_WHILE_RUNNING' });
    await expect(recompute.recompute('nope')).rejects.toMatchObject({ code: 'EXPERIMENT.NOT_FOUND' });
  });
});

function pick(c: Readonly<Record<string, number>> | undefined) {
  return {
    units: c?.units ?? 0,
    requests: c?.requests ?? 0,
    modelCalls: c?.validOutputRate_n ?? 0,
    ratings: c?.rating_n ?? 0,
    thumbs: c?.thumbsUpRate_n ?? 0,
    outcomes: c?.outcomeErrorDays_n ?? 0,
  };
}
