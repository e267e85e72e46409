import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SegmentationBatchService } from '../src/segmentation/batch/segmentation-batch.service';
import { FakeBedrockServer, FakeReplies, RecordedRequest } from './fake-bedrock/fake-bedrock.server';
import { FakeOpenAiReplies, FakeOpenAiServer, RecordedOpenAiRequest } from './fake-openai/fake-openai.server';
import { createTestApp, TEST_KEYS } from './support/test-app';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const LOCAL = 'llama3.1:8b';
const NOW = new Date('2011-12-10T00:00:00Z');
const DAY = 86_400_000;
const SESSIONS = 24;
const ENV = {
  LLM_PROVIDER: 'bedrock',
  OPENAI_MODELS: LOCAL,
  INSIGHTS_MODEL_ID: LOCAL,
  LLM_MAX_ATTEMPTS: '1',
  SEGMENT_SCAN_WORKERS: '1',
  SEGMENT_SCAN_SEGMENTS: '2',
};

interface ModelInput {
  readonly segments: { id: string }[];
  readonly ranking: { segments: string[] } | null;
  readonly figures: Record<string, Record<string, number | string>>;
}
interface Answer {
  answerId: string;
  sessionId: string;
  source: { type: string; modelId: string | null };
  experiment: { key: string; variant: string } | null;
  usage: { inputTokens: number; outputTokens: number };
  costUsd: number;
  grounded: boolean;
}
interface Arm {
  variantKey: string;
  n: number;
  mean?: number;
  proportion?: number;
}

/** A grounded answer: figures of the focus segment (or the top ranked one), copied from the input. */
function groundedAnswer(text: string | null | undefined): { data: string; insight: string; recommendation: string } {
  const input = JSON.parse(text ?? '{}') as ModelInput;
  const focus = input.segments[0]?.id ?? input.ranking?.segments[0] ?? 'all';
  const f = input.figures[focus] ?? input.figures.all;
  return { data: `Focus ${focus}: ${f.customers} customers.`, insight: `The segment ${focus} matters.`, recommendation: `Contact ${focus} first.` };
}

describe('insights answers routed by an A/B experiment: Bedrock vs a local OpenAI-compatible model (e2e)', () => {
  const bedrock = new FakeBedrockServer();
  const openai = new FakeOpenAiServer();
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const analyst = { 'x-api-key': TEST_KEYS.analyst };
  const ask = async (sessionId: string): Promise<Answer> => {
    const res = await http().post('/v1/insights/ask').set('x-api-key', TEST_KEYS.read).send({ question: 'Which segment should I prioritise for ROI?', sessionId }).expect(200);
    return res.body as Answer;
  };

  beforeAll(async () => {
    await Promise.all([bedrock.start(), openai.start()]);
    bedrock.always(HAIKU, (req: RecordedRequest) => FakeReplies.tool(groundedAnswer(req.body.messages?.[0].content[1].text), { usage: { inputTokens: 900, outputTokens: 80 } }));
    openai.always(LOCAL, (req: RecordedOpenAiRequest) => FakeOpenAiReplies.tool(groundedAnswer(req.body.messages[2].content), { usage: { promptTokens: 700, completionTokens: 90 } }));
    app = await createTestApp({ now: NOW, env: { ...ENV, BEDROCK_ENDPOINT: bedrock.url, OPENAI_BASE_URL: openai.baseUrl } });
    for (let c = 1; c <= 30; c++) {
      const id = `c${String(c).padStart(2, '0')}`;
      await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
      for (let o = 0; o <= c % 5; o++) {
        const at = new Date(NOW.getTime() - (((c * 37) % 400) + o * 20) * DAY).toISOString();
        await http()
          .post(`/v1/customers/${id}/purchases`)
          .set('x-api-key', TEST_KEYS.write)
          .send({ orderId: `${id}-o${o}`, purchasedAt: at, lines: [{ productId: 'p1', quantity: 1 + (c % 4), unitPrice: 10 + c }] })
          .expect(201);
      }
    }
    await app.get(SegmentationBatchService).run();
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await Promise.all([bedrock.close(), openai.close()]);
    for (const name of [...Object.keys(ENV), 'BEDROCK_ENDPOINT', 'OPENAI_BASE_URL']) delete process.env[name];
  });

  it('splits ask calls by session between the variants, each served by its provider, and records exposures for both', async () => {
    const before = await ask('before-experiment');
    expect(before).toMatchObject({ experiment: null, source: { type: 'openai-compatible', modelId: LOCAL } });

    await http()
      .post('/v1/ab-tests')
      .set(analyst)
      .send({
        key: 'insights-local',
        name: 'Haiku vs a local model on insights',
        analysisTypes: ['insights'],
        variants: [
          { key: 'bedrock', modelId: HAIKU },
          { key: 'local', modelId: LOCAL, parameters: { temperature: 0.5 } },
        ],
      })
      .expect(201);
    await http().post('/v1/ab-tests/insights-local/start').set(analyst).expect(200);
    const claimed = await http().post('/v1/ab-tests/quick-test').set(analyst).send({ analysisType: 'insights' });
    expect(claimed.status).toBe(409);
    expect(claimed.body.code).toBe('EXPERIMENT.ANALYSIS_TYPE_CLAIMED');

    const [bedrockBefore, localBefore] = [bedrock.requestsFor(HAIKU).length, openai.requestsFor(LOCAL).length];
    const answers: Answer[] = [];
    for (let s = 0; s < SESSIONS; s++) answers.push(await ask(`session-${s}`));
    for (const a of answers) {
      expect(a.experiment?.key).toBe('insights-local');
      expect(a.grounded).toBe(true);
      expect(a.source).toEqual(a.experiment?.variant === 'bedrock' ? { type: 'bedrock', modelId: HAIKU } : { type: 'openai-compatible', modelId: LOCAL });
    }
    const byVariant = (v: string) => answers.filter((a) => a.experiment?.variant === v);
    expect(byVariant('bedrock').length).toBeGreaterThan(0);
    expect(byVariant('local').length).toBeGreaterThan(0);
    expect(bedrock.requestsFor(HAIKU).length - bedrockBefore).toBe(byVariant('bedrock').length);
    expect(openai.requestsFor(LOCAL).length - localBefore).toBe(byVariant('local').length);
    expect(bedrock.requestsFor(HAIKU)[0]?.body.inferenceConfig?.maxTokens).toBe(800);
    expect(openai.requestsFor(LOCAL).at(-1)?.body).toMatchObject({ temperature: 0.5, max_tokens: 800 });

    const sticky = await ask('session-0');
    expect(sticky.experiment).toEqual(answers[0]?.experiment);

    const status = await http().get('/v1/ab-tests/insights-local/status').set(analyst).expect(200);
    const units = (status.body.variants as Array<{ key: string; units: number; requests: number }>).map((v) => [v.key, v.units]);
    expect(units).toEqual([
      ['bedrock', byVariant('bedrock').length],
      ['local', byVariant('local').length],
    ]);
    const results = await http().get('/v1/ab-tests/insights-local/results').set(analyst).expect(200);
    const arms = (key: string) => (results.body.metrics as Array<{ key: string; arms: Arm[] }>).find((m) => m.key === key)?.arms ?? [];
    expect(arms('validOutputRate').map((a) => [a.variantKey, a.n, a.proportion])).toEqual([
      ['bedrock', byVariant('bedrock').length + (sticky.experiment?.variant === 'bedrock' ? 1 : 0), 1],
      ['local', byVariant('local').length + (sticky.experiment?.variant === 'local' ? 1 : 0), 1],
    ]);
    expect(arms('inputTokens').map((a) => a.mean)).toEqual([900, 700]);
    expect(arms('costUsd')[0]?.mean).toBeCloseTo((900 * 0.25 + 80 * 1.25) / 1e6, 12);
    expect(arms('costUsd')[1]?.mean).toBe(0);

    const feedback = await http().post('/v1/ab-tests/insights-local/feedback').set(analyst).send({ analysisId: answers[0]?.answerId, thumbs: 'up' });
    expect(feedback.body).toEqual({ thumbs: 'recorded', variantKey: answers[0]?.experiment?.variant });

    await http().post('/v1/ab-tests/insights-local/stop').set(analyst).expect(200);
    expect(await ask('session-1')).toMatchObject({ experiment: null, source: { type: 'openai-compatible', modelId: LOCAL } });
    const quick = await http().post('/v1/ab-tests/quick-test').set(analyst).send({ analysisType: 'insights' }).expect(201);
    expect(quick.body).toMatchObject({ status: 'running', analysisTypes: ['insights'] });
    await http().post(`/v1/ab-tests/${quick.body.key as string}/stop`).set(analyst).expect(200);
  }, 20_000);
});
