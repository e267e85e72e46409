import { FixedClock } from '../common/clock';
import { Experiment } from './domain/experiment';
import { ExperimentRecorder, shardOf } from './experiment-recorder.service';
import { exposure, RUNNING } from './experiments.fixtures.fake';
import { InMemoryExperimentsRepository } from './experiments.repository.fake';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('ExperimentRecorder', () => {
  let repository: InMemoryExperimentsRepository;
  let recorder: ExperimentRecorder;

  beforeEach(async () => {
    repository = new InMemoryExperimentsRepository();
    await repository.create(RUNNING);
    recorder = new ExperimentRecorder(repository, new FixedClock(NOW));
  });

  it('records an exposure once: event with 400-day TTL, unit marker, and one unit / request / model call in the aggregate', async () => {
    await expect(recorder.recordExposure(RUNNING, exposure('a1', 'c1'))).resolves.toBe('recorded');
    await expect(recorder.recordExposure(RUNNING, exposure('a1', 'c1'))).resolves.toBe('duplicate');
    const event = await repository.getEvent('a1', 'exposure');
    expect(event).toMatchObject({ experimentKey: 'e1', variantKey: 'treatment', customerId: 'c1', occurredAt: NOW.toISOString() });
    expect(event?.expiresAt).toBe(Date.parse('2026-03-01T12:00:00Z') / 1000 + 400 * 86_400);
    expect(repository.events.get('a1#exposure')?.shard).toBe(shardOf('a1#exposure'));
    const counters = (await repository.readAggregates('e1', 0)).get('treatment');
    expect(counters).toMatchObject({ units: 1, requests: 1, validOutputRate_n: 1, validOutputRate_k: 1, latencyMs_n: 1, latencyMs_s: 800 });
  });

  it('counts a second call of the same unit as a request but not a unit; a cached call adds no model metrics', async () => {
    await recorder.recordExposure(RUNNING, exposure('a1', 'c1'));
    await recorder.recordExposure(RUNNING, exposure('a2', 'c1', { source: 'rules', reason: 'llm_error: timeout' }));
    await expect(recorder.recordExposure(RUNNING, exposure('a3', 'c2', { cached: true }))).resolves.toBe('recorded');
    const counters = (await repository.readAggregates('e1', 0)).get('treatment');
    expect(counters).toMatchObject({ units: 2, requests: 3, validOutputRate_n: 2, validOutputRate_k: 1, successRate_n: 2, successRate_k: 1 });
    expect(repository.events.has('a3#exposure')).toBe(false);
  });

  it('counts feedback once per kind and refuses an analysis the experiment did not serve', async () => {
    await recorder.recordExposure(RUNNING, exposure('a1', 'c1'));
    await expect(recorder.recordFeedback(RUNNING, 'a1', { rating: 4, thumbsUp: true })).resolves.toEqual({ rating: 'recorded', thumbs: 'recorded', variantKey: 'treatment' });
    await expect(recorder.recordFeedback(RUNNING, 'a1', { rating: 1 })).resolves.toEqual({ rating: 'duplicate', variantKey: 'treatment' });
    const counters = (await repository.readAggregates('e1', 0)).get('treatment');
    expect(counters).toMatchObject({ rating_n: 1, rating_s: 4, thumbsUpRate_n: 1, thumbsUpRate_k: 1 });
    await expect(recorder.recordFeedback(RUNNING, 'nope', { rating: 5 })).rejects.toMatchObject({ code: 'EXPERIMENT.ANALYSIS_NOT_EXPOSED' });
  });

  it('records the outcome error of the first order only, and says not_exposed for an unknown analysis', async () => {
    await recorder.recordExposure(RUNNING, exposure('a1', 'c1'));
    await expect(recorder.recordOutcomeError('a1', 2.5, 'o1')).resolves.toBe('recorded');
    await expect(recorder.recordOutcomeError('a1', 9, 'o2')).resolves.toBe('duplicate');
    await expect(recorder.recordOutcomeError('zzz', 1, 'o3')).resolves.toBe('not_exposed');
    expect((await repository.getEvent('a1', 'outcome'))?.payload).toEqual({ errorDays: 2.5, orderId: 'o1' });
    expect((await repository.readAggregates('e1', 0)).get('treatment')).toMatchObject({ outcomeErrorDays_n: 1, outcomeErrorDays_s: 2.5 });
  });

  it('adds to the generation the experiment reads', async () => {
    const regenerated: Experiment = { ...RUNNING, aggregateGeneration: 3 };
    await recorder.recordExposure(regenerated, exposure('a1', 'c1'));
    expect((await repository.readAggregates('e1', 0)).size).toBe(0);
    expect((await repository.readAggregates('e1', 3)).get('treatment')?.requests).toBe(1);
  });
});
