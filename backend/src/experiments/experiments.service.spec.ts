import { FixedClock } from '../common/clock';
import { DEFAULT_MODEL_CATALOG, ModelCatalog } from '../llm/model-catalog';
import { ExperimentDefinition } from './domain/experiment-definition';
import { ExperimentRecorder } from './experiment-recorder.service';
import { InMemoryExperimentsRepository } from './experiments.repository.fake';
import { ExperimentsService } from './experiments.service';
import { RunningExperiments } from './running-experiments';

const NOW = new Date('2026-03-01T12:00:00Z');
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

function definition(key: string, overrides: Partial<ExperimentDefinition> = {}): ExperimentDefinition {
  return {
    key,
    name: `Test ${key}`,
    analysisTypes: ['customer_profile'],
    variants: [
      { key: 'control', modelId: HAIKU, weight: 3 },
      { key: 'treatment', modelId: SONNET, weight: 1 },
    ],
    durationDays: 7,
    ...overrides,
  };
}

describe('ExperimentsService', () => {
  let repository: InMemoryExperimentsRepository;
  let service: ExperimentsService;

  beforeEach(() => {
    repository = new InMemoryExperimentsRepository();
    const clock = new FixedClock(NOW);
    service = new ExperimentsService(repository, new RunningExperiments(repository, clock), new ExperimentRecorder(repository, clock), new ModelCatalog(DEFAULT_MODEL_CATALOG), clock);
  });

  it('creates a draft with normalised weights, defaults and version 1; a taken key is EXPERIMENT.ALREADY_EXISTS', async () => {
    const created = await service.create(definition('e1'));
    expect(created).toMatchObject({ key: 'e1', status: 'draft', version: 1, coverage: 1, alpha: 0.05, createdAt: NOW.toISOString() });
    expect(created.variants.map((v) => v.weight)).toEqual([0.75, 0.25]);
    expect(repository.experiments.get('e1')).toEqual(created);
    await expect(service.create(definition('e1'))).rejects.toMatchObject({ code: 'EXPERIMENT.ALREADY_EXISTS' });
  });

  it('refuses an invalid definition naming every bad field', async () => {
    const bad = definition('e2', { variants: [{ key: 'a', modelId: 'no-such-model' }] });
    const attempt = service.create(bad);
    await expect(attempt).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
    const fields = ((await attempt.catch((e: unknown) => e)) as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['variants', 'variants[0].modelId']));
    expect(repository.experiments.size).toBe(0);
  });

  it('walks draft → running → stopped → archived, claiming and releasing the analysis type', async () => {
    await service.create(definition('e1'));
    const started = await service.start('e1');
    expect(started).toMatchObject({ status: 'running', startedAt: NOW.toISOString(), endsAt: '2026-03-08T12:00:00.000Z', version: 2 });
    expect((await repository.getClaims('customer_profile')).claims.map((c) => c.experimentKey)).toEqual(['e1']);
    await expect(service.start('e1')).rejects.toMatchObject({ code: 'EXPERIMENT.ALREADY_RUNNING' });
    await expect(service.update('e1', { name: 'x' })).rejects.toMatchObject({ code: 'EXPERIMENT.NOT_DRAFT' });
    await expect(service.archive('e1')).rejects.toMatchObject({ code: 'EXPERIMENT.NOT_STOPPED' });

    const stopped = await service.stop('e1');
    expect(stopped).toMatchObject({ status: 'stopped', stoppedAt: NOW.toISOString(), version: 3 });
    expect((await repository.getClaims('customer_profile')).claims).toEqual([]);
    await expect(service.stop('e1')).rejects.toMatchObject({ code: 'EXPERIMENT.NOT_RUNNING' });
    await expect(service.start('e1')).rejects.toMatchObject({ code: 'EXPERIMENT.NOT_STARTABLE' });

    await expect(service.archive('e1')).resolves.toMatchObject({ status: 'archived', archivedAt: NOW.toISOString(), version: 4 });
    expect((await service.list(10)).items).toEqual([]);
    expect((await service.list(10, undefined, 'archived')).items.map((e) => e.key)).toEqual(['e1']);
  });

  it('refuses a second experiment on the same analysis type with overlapping traffic, and releases nothing of the first', async () => {
    await service.create(definition('e1'));
    await service.start('e1');
    await service.create(definition('e2', { analysisTypes: ['recommendations', 'customer_profile'] }));
    await expect(service.start('e2')).rejects.toMatchObject({ code: 'EXPERIMENT.ANALYSIS_TYPE_CLAIMED' });
    expect((await repository.getClaims('customer_profile')).claims.map((c) => c.experimentKey)).toEqual(['e1']);
    expect((await repository.getClaims('recommendations')).claims).toEqual([]);
    expect(repository.experiments.get('e2')?.status).toBe('draft');
  });

  it('lets disjoint namespace ranges of one namespace run side by side', async () => {
    await service.create(definition('e1', { namespace: { id: 'ns', start: 0, end: 500 } }));
    await service.create(definition('e2', { namespace: { id: 'ns', start: 500, end: 1000 } }));
    await service.start('e1');
    await service.start('e2');
    expect((await repository.getClaims('customer_profile')).claims.map((c) => c.experimentKey)).toEqual(['e1', 'e2']);
  });

  it('retries a lost claim race and gives up with EXPERIMENT.CONCURRENT_UPDATE after five', async () => {
    await service.create(definition('e1'));
    repository.claimConflicts = 4;
    await expect(service.start('e1')).resolves.toMatchObject({ status: 'running' });
    await service.create(definition('e2', { analysisTypes: ['insights'] }));
    repository.claimConflicts = 5;
    await expect(service.start('e2')).rejects.toMatchObject({ code: 'EXPERIMENT.CONCURRENT_UPDATE' });
    expect(repository.experiments.get('e2')?.status).toBe('draft');
  });

  it('edits a draft, keeping key and createdAt, and answers EXPERIMENT.NOT_FOUND for unknown keys', async () => {
    await service.create(definition('e1'));
    await expect(service.update('e1', { name: 'Renamed', durationDays: null })).resolves.toMatchObject({ key: 'e1', name: 'Renamed', version: 2 });
    expect(repository.experiments.get('e1')?.durationDays).toBeUndefined();
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'EXPERIMENT.NOT_FOUND', kind: 'not_found' });
    await expect(service.start('nope')).rejects.toMatchObject({ code: 'EXPERIMENT.NOT_FOUND' });
  });

  it('status of a fresh experiment: zero counts, control first, serving while running', async () => {
    await service.create(definition('e1'));
    await service.start('e1');
    const status = await service.status('e1');
    expect(status).toMatchObject({ experimentKey: 'e1', status: 'running', serving: true, endsAt: '2026-03-08T12:00:00.000Z', computedAt: NOW.toISOString() });
    expect(status.variants).toEqual([
      { key: 'control', modelId: HAIKU, weight: 0.75, units: 0, requests: 0, decision: 'control' },
      expect.objectContaining({ key: 'treatment', units: 0, requests: 0 }),
    ]);
  });

  it('quick test creates and starts Haiku vs Sonnet 50/50 with the published guardrails', async () => {
    const started = await service.quickTest({ analysisType: 'recommendations', trafficSplit: 0.5, durationDays: 14 });
    expect(started.key).toMatch(/^quick-recommendations-20260301120000-[0-9a-f]{4}$/);
    expect(started).toMatchObject({ status: 'running', primaryMetric: 'validOutputRate', sequential: true, endsAt: '2026-03-15T12:00:00.000Z' });
    expect(started.variants.map((v) => [v.key, v.modelId, v.weight])).toEqual([
      ['control', HAIKU, 0.5],
      ['treatment', SONNET, 0.5],
    ]);
    expect(started.guardrails).toEqual([
      { metric: 'successRate', margin: { type: 'absolute', value: 0.02 } },
      { metric: 'latencyMs', margin: { type: 'relative', value: 0.5 } },
    ]);
  });

  it('power: two-proportion sample size for 10 % → 12 % (α 0.05, power 0.8) is 3841 per variant', () => {
    const result = service.power({ metricKind: 'proportion', baseline: 0.1, minimumDetectableEffect: 0.02, mdeType: 'absolute', dailyUnits: 1000 });
    expect(result.perVariant).toBe(3841);
    expect(result.total).toBe(7682);
    expect(result.estimatedDays).toBe(8);
    expect(() => service.power({ metricKind: 'mean', baseline: 10, minimumDetectableEffect: 0.1 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION.FAILED', fields: [expect.objectContaining({ field: 'standardDeviation' })] }),
    );
  });
});
