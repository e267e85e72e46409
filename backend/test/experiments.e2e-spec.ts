import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp, TEST_KEYS } from './support/test-app';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

function draft(key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    key,
    name: `Experiment ${key}`,
    analysisTypes: ['customer_profile'],
    variants: [
      { key: 'control', modelId: HAIKU },
      { key: 'treatment', modelId: SONNET },
    ],
    ...overrides,
  };
}

describe('experiments CRUD, lifecycle and validation (e2e)', () => {
  let app: INestApplication;
  const api = () => request(app.getHttpServer());
  const analyst = { 'x-api-key': TEST_KEYS.analyst };

  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('creates a draft with normalised weights and defaults, then gets it', async () => {
    const created = await api()
      .post('/v1/ab-tests')
      .set(analyst)
      .send(draft('weights-a', { variants: [{ key: 'control', modelId: HAIKU, weight: 3 }, { key: 'treatment', modelId: SONNET, weight: 1 }] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'weights-a',
      status: 'draft',
      coverage: 1,
      assignmentUnit: 'customerId',
      primaryMetric: 'validOutputRate',
      alpha: 0.05,
      sequential: true,
      version: 1,
    });
    expect(created.body.variants.map((v: { weight: number }) => v.weight)).toEqual([0.75, 0.25]);
    const got = await api().get('/v1/ab-tests/weights-a').set(analyst);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);
    const again = await api().post('/v1/ab-tests').set(analyst).send(draft('weights-a'));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EXPERIMENT.ALREADY_EXISTS');
  });

  it('answers 400 naming every bad field at once', async () => {
    const res = await api()
      .post('/v1/ab-tests')
      .set(analyst)
      .send({
        key: 'Bad Key',
        name: '',
        analysisTypes: ['nope'],
        variants: [{ key: 'only', modelId: HAIKU, weight: -1 }],
        alpha: 0.9,
        endsAt: 'tomorrow',
        guardrails: [{ metric: 'latencyMs', margin: { type: 'relative', value: -1 } }],
      });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field);
    expect(fields).toEqual(
      expect.arrayContaining(['key', 'name', 'analysisTypes', 'variants', 'variants[0].weight', 'alpha', 'endsAt', 'guardrails[0].margin.value']),
    );
  });

  it('answers 400 for cross-field problems: duplicate keys, unknown model and prompt, guardrail = primary, past end', async () => {
    const res = await api()
      .post('/v1/ab-tests')
      .set(analyst)
      .send(
        draft('cross-field', {
          variants: [
            { key: 'a', modelId: HAIKU },
            { key: 'a', modelId: 'vendor.unknown-model-v1:0', promptVersion: '99' },
          ],
          guardrails: [{ metric: 'validOutputRate', margin: { type: 'absolute', value: 0.01 } }],
          endsAt: '2011-01-01T00:00:00Z',
          namespace: { id: 'ns', start: 0.6, end: 0.4 },
        }),
      );
    expect(res.status).toBe(400);
    const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field).sort();
    expect(fields).toEqual(
      ['endsAt', 'guardrails[0].metric', 'namespace.end', 'variants[1].key', 'variants[1].modelId', 'variants[1].promptVersion'].sort(),
    );
  });

  it('runs the lifecycle with 409s: start, start again, claim conflict, disjoint namespaces, stop, deactivate', async () => {
    await api().post('/v1/ab-tests').set(analyst).send(draft('life-1')).expect(201);
    await api().post('/v1/ab-tests').set(analyst).send(draft('life-2')).expect(201);
    const started = await api().post('/v1/ab-tests/life-1/start').set(analyst);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'running', startedAt: '2012-01-01T00:00:00.000Z', version: 2 });
    const twice = await api().post('/v1/ab-tests/life-1/start').set(analyst);
    expect([twice.status, twice.body.code]).toEqual([409, 'EXPERIMENT.ALREADY_RUNNING']);
    const claimed = await api().post('/v1/ab-tests/life-2/start').set(analyst);
    expect([claimed.status, claimed.body.code]).toEqual([409, 'EXPERIMENT.ANALYSIS_TYPE_CLAIMED']);
    expect(claimed.body.details).toEqual({ analysisType: 'customer_profile', claimedBy: 'life-1' });

    await api().post('/v1/ab-tests/life-1/stop').set(analyst).expect(200);
    const notRunning = await api().post('/v1/ab-tests/life-1/stop').set(analyst);
    expect([notRunning.status, notRunning.body.code]).toEqual([409, 'EXPERIMENT.NOT_RUNNING']);
    const restart = await api().post('/v1/ab-tests/life-1/start').set(analyst);
    expect([restart.status, restart.body.code]).toEqual([409, 'EXPERIMENT.NOT_STARTABLE']);

    const half = (key: string, start: number, end: number) =>
      draft(key, { analysisTypes: ['recommendations'], namespace: { id: 'reco', start, end } });
    await api().post('/v1/ab-tests').set(analyst).send(half('ns-low', 0, 0.5)).expect(201);
    await api().post('/v1/ab-tests').set(analyst).send(half('ns-high', 0.5, 1)).expect(201);
    await api().post('/v1/ab-tests').set(analyst).send(half('ns-overlap', 0.4, 0.6)).expect(201);
    await api().post('/v1/ab-tests/ns-low/start').set(analyst).expect(200);
    await api().post('/v1/ab-tests/ns-high/start').set(analyst).expect(200);
    const overlap = await api().post('/v1/ab-tests/ns-overlap/start').set(analyst);
    expect([overlap.status, overlap.body.code]).toEqual([409, 'EXPERIMENT.ANALYSIS_TYPE_CLAIMED']);
    const deactivated = await api().put('/v1/ab-tests/ns-low/deactivate').set(analyst);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.status).toBe('stopped');
    await api().post('/v1/ab-tests/ns-overlap/start').set(analyst).expect(409);
    await api().put('/v1/ab-tests/ns-high/deactivate').set(analyst).expect(200);
    await api().post('/v1/ab-tests/ns-overlap/start').set(analyst).expect(200);
    await api().post('/v1/ab-tests/ns-overlap/stop').set(analyst).expect(200);
  });

  it('lists newest first with status filter and cursor pagination', async () => {
    const first = await api().get('/v1/ab-tests?limit=2').set(analyst);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await api().get(`/v1/ab-tests?limit=3${cursor ? `&cursor=${cursor}` : ''}`).set(analyst).expect(200);
      for (const item of page.body.items as Array<{ key: string }>) seen.add(item.key);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(6);
    const stopped = await api().get('/v1/ab-tests?status=stopped&limit=100').set(analyst).expect(200);
    expect((stopped.body.items as Array<{ status: string }>).every((e) => e.status === 'stopped')).toBe(true);
    expect(stopped.body.items.length).toBeGreaterThanOrEqual(3);
  });

  it('edits drafts only (PATCH), with the create checks naming every bad field', async () => {
    await api().post('/v1/ab-tests').set(analyst).send(draft('edit-me', { hypothesis: 'h', durationDays: 7 })).expect(201);
    const edited = await api()
      .patch('/v1/ab-tests/edit-me')
      .set(analyst)
      .send({
        name: 'Edited',
        hypothesis: null,
        variants: [{ key: 'control', modelId: HAIKU, weight: 1 }, { key: 'sonnet', modelId: SONNET, weight: 3 }],
        winsorization: { enabled: true },
        durationDays: null,
        endsAt: '2012-02-01T00:00:00Z',
      });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      key: 'edit-me',
      name: 'Edited',
      status: 'draft',
      winsorization: { enabled: true, percentile: 0.999 },
      endsAt: '2012-02-01T00:00:00.000Z',
      version: 2,
      createdAt: '2012-01-01T00:00:00.000Z',
    });
    expect(edited.body.hypothesis).toBeUndefined();
    expect(edited.body.durationDays).toBeUndefined();
    expect(edited.body.variants.map((v: { key: string; weight: number }) => [v.key, v.weight])).toEqual([['control', 0.25], ['sonnet', 0.75]]);
    expect((await api().get('/v1/ab-tests/edit-me').set(analyst)).body).toEqual(edited.body);

    const bad = await api()
      .patch('/v1/ab-tests/edit-me')
      .set(analyst)
      .send({
        name: null,
        alpha: 0.9,
        variants: [{ key: 'a', modelId: HAIKU }, { key: 'a', modelId: 'vendor.unknown-model-v1:0' }],
        guardrails: [{ metric: 'validOutputRate', margin: { type: 'absolute', value: 0.01 } }],
        durationDays: 3,
      });
    expect(bad.status).toBe(400);
    expect((bad.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['alpha']);
    const cross = await api()
      .patch('/v1/ab-tests/edit-me')
      .set(analyst)
      .send({
        name: null,
        variants: [{ key: 'a', modelId: HAIKU }, { key: 'a', modelId: 'vendor.unknown-model-v1:0' }],
        guardrails: [{ metric: 'validOutputRate', margin: { type: 'absolute', value: 0.01 } }],
        durationDays: 3,
      });
    expect(cross.status).toBe(400);
    expect((cross.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(
      ['durationDays', 'guardrails[0].metric', 'name', 'variants[1].key', 'variants[1].modelId'].sort(),
    );
    const renameKey = await api().patch('/v1/ab-tests/edit-me').set(analyst).send({ key: 'other-key' });
    expect([renameKey.status, renameKey.body.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect((await api().get('/v1/ab-tests/edit-me').set(analyst)).body.version).toBe(2);

    await api().post('/v1/ab-tests/edit-me/start').set(analyst).expect(200);
    const running = await api().patch('/v1/ab-tests/edit-me').set(analyst).send({ name: 'Too late' });
    expect([running.status, running.body.code, running.body.details]).toEqual([409, 'EXPERIMENT.NOT_DRAFT', { status: 'running' }]);
    const missing = await api().patch('/v1/ab-tests/nope-nope').set(analyst).send({ name: 'x' });
    expect([missing.status, missing.body.code]).toEqual([404, 'EXPERIMENT.NOT_FOUND']);
    await api().post('/v1/ab-tests/edit-me/stop').set(analyst).expect(200);
    const stopped = await api().patch('/v1/ab-tests/edit-me').set(analyst).send({ name: 'Too late' });
    expect([stopped.status, stopped.body.code]).toEqual([409, 'EXPERIMENT.NOT_DRAFT']);
  });

  it('archives stopped experiments only; archived ones leave the default list', async () => {
    await api().post('/v1/ab-tests').set(analyst).send(draft('archive-me', { analysisTypes: ['consumption_prediction'] })).expect(201);
    const notStopped = await api().post('/v1/ab-tests/archive-me/archive').set(analyst);
    expect([notStopped.status, notStopped.body.code, notStopped.body.details]).toEqual([409, 'EXPERIMENT.NOT_STOPPED', { status: 'draft' }]);
    await api().post('/v1/ab-tests/archive-me/start').set(analyst).expect(200);
    await api().post('/v1/ab-tests/archive-me/archive').set(analyst).expect(409);
    await api().post('/v1/ab-tests/archive-me/stop').set(analyst).expect(200);
    const archived = await api().post('/v1/ab-tests/archive-me/archive').set(analyst);
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ status: 'archived', archivedAt: '2012-01-01T00:00:00.000Z', version: 4 });
    const again = await api().post('/v1/ab-tests/archive-me/archive').set(analyst);
    expect([again.status, again.body.code]).toEqual([409, 'EXPERIMENT.NOT_STOPPED']);

    const keysOf = async (query: string) => {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await api().get(`/v1/ab-tests?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`).set(analyst).expect(200);
        keys.push(...(page.body.items as Array<{ key: string }>).map((i) => i.key));
        cursor = page.body.nextCursor;
      } while (cursor);
      return keys;
    };
    const all = await keysOf('');
    expect(all).toContain('edit-me');
    expect(all).not.toContain('archive-me');
    expect(await keysOf('&status=archived')).toEqual(['archive-me']);
    expect(await keysOf('&status=stopped')).not.toContain('archive-me');
    const results = await api().get('/v1/ab-tests/archive-me/results').set(analyst);
    expect([results.status, results.body.status]).toEqual([200, 'archived']);
  });

  it('starts a quick test with Haiku vs Sonnet defaults', async () => {
    const res = await api().post('/v1/ab-tests/quick-test').set(analyst).send({ analysisType: 'consumption_prediction' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'running',
      analysisTypes: ['consumption_prediction'],
      variants: [
        { key: 'control', modelId: HAIKU, weight: 0.5 },
        { key: 'treatment', modelId: SONNET, weight: 0.5 },
      ],
      endsAt: '2012-01-15T00:00:00.000Z',
      sequential: true,
    });
    const again = await api().post('/v1/ab-tests/quick-test').set(analyst).send({ analysisType: 'consumption_prediction', trafficSplit: 0.2 });
    expect([again.status, again.body.code]).toEqual([409, 'EXPERIMENT.ANALYSIS_TYPE_CLAIMED']);
    const status = await api().get(`/v1/ab-tests/${res.body.key as string}/status`).set(analyst);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ status: 'running', serving: true, sampleRatioMismatch: { status: 'not_computable' } });
    await api().post(`/v1/ab-tests/${res.body.key as string}/stop`).set(analyst).expect(200);
  });

  it('lists the models with prices and computes sample sizes', async () => {
    const models = await api().get('/v1/ab-tests/models/available').set(analyst);
    expect(models.status).toBe(200);
    expect(models.body.defaultModelId).toBe(HAIKU);
    expect(models.body.models).toEqual(
      expect.arrayContaining([expect.objectContaining({ modelId: HAIKU, inputPricePerMillionTokensUsd: 0.25, isDefault: true })]),
    );
    const power = await api()
      .get('/v1/ab-tests/power?metricKind=proportion&baseline=0.1&minimumDetectableEffect=0.02&mdeType=absolute&dailyUnits=100')
      .set(analyst);
    expect(power.status).toBe(200);
    // Fleiss eq. 4.14: p1 = 0.10, p2 = 0.12, alpha 0.05, power 0.8 → 3841 per variant.
    expect(power.body).toMatchObject({ perVariant: 3841, total: 7682, estimatedDays: 77 });
    const bad = await api().get('/v1/ab-tests/power?metricKind=mean&baseline=10&minimumDetectableEffect=0.1').set(analyst);
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'standardDeviation']);
  });

  it('describes the 200 responses of results, status, models, power, feedback, recompute, edit and archive in the OpenAPI document', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      components: { schemas: Record<string, { properties?: Record<string, { $ref?: string; items?: { $ref?: string }; oneOf?: unknown[] }> }> };
    };
    const schemaOf = (path: string, method: string) => {
      const ref = doc.paths[path]?.[method]?.responses['200']?.content?.['application/json']?.schema.$ref ?? '';
      const name = ref.replace('#/components/schemas/', '');
      return { name, schema: doc.components.schemas[name] };
    };
    const expectations: Array<[string, string, string, string[]]> = [
      ['/v1/ab-tests/{key}/results', 'get', 'ExperimentResultsDto', ['experimentKey', 'settings', 'sampleRatioMismatch', 'decision', 'variants', 'metrics']],
      ['/v1/ab-tests/{key}/status', 'get', 'ExperimentStatusDto', ['variants', 'sampleRatioMismatch', 'decision', 'serving']],
      ['/v1/ab-tests/models/available', 'get', 'ModelsResponseDto', ['models', 'defaultModelId']],
      ['/v1/ab-tests/power', 'get', 'PowerResultDto', ['perVariant', 'total', 'exactPerVariant', 'absoluteEffect', 'estimatedDays', 'formula']],
      ['/v1/ab-tests/{key}/feedback', 'post', 'FeedbackResultDto', ['rating', 'thumbs', 'variantKey']],
      ['/v1/ab-tests/{key}/recompute', 'post', 'RecomputeResultDto', ['generation', 'previousGeneration', 'recordsRead', 'variants']],
      ['/v1/ab-tests/{key}', 'patch', 'ExperimentResponseDto', ['key', 'variants', 'winsorization']],
      ['/v1/ab-tests/{key}/archive', 'post', 'ExperimentResponseDto', ['status', 'archivedAt']],
    ];
    for (const [path, method, name, properties] of expectations) {
      const found = schemaOf(path, method);
      expect({ path, name: found.name }).toEqual({ path, name });
      expect(Object.keys(found.schema?.properties ?? {})).toEqual(expect.arrayContaining(properties));
    }
    const schemas = doc.components.schemas;
    expect(schemas.ExperimentResultsDto?.properties?.metrics?.items?.$ref).toBe('#/components/schemas/MetricResultsDto');
    expect(schemas.MetricResultsDto?.properties?.comparisons?.items?.$ref).toBe('#/components/schemas/MetricComparisonDto');
    expect(Object.keys(schemas.MetricComparisonDto?.properties ?? {})).toEqual(
      expect.arrayContaining(['basis', 'raw', 'absoluteEffect', 'relativeEffect', 'pValue', 'adjustedPValue', 'chanceToWin', 'nonInferiority']),
    );
    expect(schemas.MetricComparisonDto?.properties?.nonInferiority?.oneOf).toHaveLength(2);
    expect(Object.keys(schemas.MetricArmDto?.properties ?? {})).toEqual(expect.arrayContaining(['n', 'mean', 'p50', 'p95', 'winsorizedMean']));
    expect(Object.keys(schemas.ResultsSettingsDto?.properties ?? {})).toEqual(expect.arrayContaining(['alpha', 'sequentialTuningN', 'winsorization', 'weights']));
    expect(schemas.RelativeEffectDto?.properties?.fiellerInterval?.oneOf).toHaveLength(2);
  });

  it('answers 404 for unknown experiments and analyses, 403 without the analyst scope', async () => {
    const missing = await api().get('/v1/ab-tests/nope-nope').set(analyst);
    expect([missing.status, missing.body.code]).toEqual([404, 'EXPERIMENT.NOT_FOUND']);
    const feedback = await api().post('/v1/ab-tests/weights-a/feedback').set(analyst).send({ analysisId: 'unknown-1', rating: 5 });
    expect([feedback.status, feedback.body.code]).toEqual([404, 'EXPERIMENT.ANALYSIS_NOT_EXPOSED']);
    for (const key of [TEST_KEYS.read, TEST_KEYS.write]) {
      for (const [method, path] of [
        ['get', '/v1/ab-tests'],
        ['post', '/v1/ab-tests'],
        ['get', '/v1/ab-tests/weights-a/results'],
        ['post', '/v1/ab-tests/quick-test'],
        ['get', '/v1/ab-tests/models/available'],
        ['put', '/v1/ab-tests/weights-a/deactivate'],
        ['patch', '/v1/ab-tests/weights-a'],
        ['post', '/v1/ab-tests/weights-a/archive'],
        ['post', '/v1/ab-tests/weights-a/recompute'],
      ] as const) {
        const res = await api()[method](path).set({ 'x-api-key': key }).send({});
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
    }
  });
});
