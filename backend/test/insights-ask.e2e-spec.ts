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

type Figures = Record<string, Record<string, number | string>>;
interface ModelInput {
  readonly question: string;
  readonly segments: { id: string }[];
  readonly ranking: { segments: string[] } | null;
  readonly figures: Figures;
}

/** 40 customers with spread recency, frequency and spend, so that several RFM segments exist. */
async function seed(app: INestApplication): Promise<void> {
  const http = () => request(app.getHttpServer());
  for (let c = 1; c <= 40; c++) {
    const id = `c${String(c).padStart(2, '0')}`;
    await http().post('/v1/customers').set('x-api-key', TEST_KEYS.write).send({ id }).expect(201);
    const orders = 1 + (c % 7);
    const lastDaysAgo = (c * 37) % 400;
    for (let o = 0; o < orders; o++) {
      const at = new Date(NOW.getTime() - (lastDaysAgo + o * 20) * DAY).toISOString();
      await http()
        .post(`/v1/customers/${id}/purchases`)
        .set('x-api-key', TEST_KEYS.write)
        .send({ orderId: `${id}-o${o}`, purchasedAt: at, lines: [{ productId: 'p1', quantity: 1 + (c % 5), unitPrice: 10 + c }] })
        .expect(201);
    }
  }
}

function inputOf(text: string | undefined): ModelInput {
  return JSON.parse(text ?? '{}') as ModelInput;
}

/** A grounded answer: the first figures of the focus segment (or of the top ranked one), copied. */
function groundedAnswer(input: ModelInput): { data: string; insight: string; recommendation: string } {
  const focus = input.segments[0]?.id ?? input.ranking?.segments[0] ?? 'all';
  const f = input.figures[focus] ?? input.figures.all;
  return {
    data: `Focus ${focus}: ${f.customers} customers, revenue share ${f.revenueSharePct ?? '-'}%.`,
    insight: `The segment ${focus} matters.`,
    recommendation: `Contact the top 3 customers of ${focus} first.`,
  };
}

describe('POST /v1/insights/ask (e2e)', () => {
  const bedrock = new FakeBedrockServer();
  const openai = new FakeOpenAiServer();
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const ask = (body: Record<string, unknown>, key: string = TEST_KEYS.read) => http().post('/v1/insights/ask').set('x-api-key', key).send(body);

  beforeAll(async () => {
    await Promise.all([bedrock.start(), openai.start()]);
    app = await createTestApp({
      now: NOW,
      env: {
        LLM_PROVIDER: 'bedrock',
        BEDROCK_ENDPOINT: bedrock.url,
        OPENAI_BASE_URL: openai.baseUrl,
        OPENAI_MODELS: LOCAL,
        LLM_MAX_ATTEMPTS: '1',
        SEGMENT_SCAN_WORKERS: '1',
        SEGMENT_SCAN_SEGMENTS: '2',
      },
    });
  }, 30_000);
  afterAll(async () => {
    await app.close();
    await Promise.all([bedrock.close(), openai.close()]);
    for (const name of ['LLM_PROVIDER', 'BEDROCK_ENDPOINT', 'OPENAI_BASE_URL', 'OPENAI_MODELS', 'LLM_MAX_ATTEMPTS', 'SEGMENT_SCAN_WORKERS', 'SEGMENT_SCAN_SEGMENTS']) {
      delete process.env[name];
    }
  });
  beforeEach(() => {
    bedrock.reset();
    openai.reset();
  });

  it('answers 409 INSIGHTS.NO_SEGMENTATION_RUN before any run, and 400 for a bad body', async () => {
    const res = await ask({ question: 'Tell me about champions' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'INSIGHTS.NO_SEGMENTATION_RUN' });
    expect((await ask({ question: '' })).status).toBe(400);
    expect((await ask({ question: 'x'.repeat(501) })).status).toBe(400);
    expect((await ask({ question: 'ok', sessionId: 'bad id!' })).status).toBe(400);
    expect((await http().post('/v1/insights/ask').send({ question: 'q' })).status).toBe(401);
    await seed(app);
    await app.get(SegmentationBatchService).run();
  }, 40_000);

  it('returns a grounded Bedrock answer with the figures, tokens and cost', async () => {
    bedrock.always(HAIKU, (req: RecordedRequest) => FakeReplies.tool(groundedAnswer(inputOf(req.body.messages?.[0].content[1].text)), { usage: { inputTokens: 900, outputTokens: 80 } }));
    const res = await ask({ question: 'Which segment should I prioritise for ROI?' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      intent: 'marketing_strategy',
      grounded: true,
      ungroundedNumbers: [],
      source: { type: 'bedrock', modelId: HAIKU },
      usage: { inputTokens: 900, outputTokens: 80 },
      fallbackReason: null,
    });
    expect(res.body.costUsd).toBeCloseTo((900 * 0.25 + 80 * 1.25) / 1e6, 12);
    expect(res.body.figures.length).toBeGreaterThan(0);
    expect(res.body.ranking.segments.length).toBeGreaterThan(1);
    expect(res.body.answer.data).toContain(res.body.ranking.segments[0]);
    const sent = bedrock.requests[0].body;
    expect(sent.system?.[0].text).not.toContain('ROI');
    expect(sent.toolConfig?.toolChoice?.tool?.name).toBe('answer_insight');
  });

  it('replaces an answer with an invented number by the template and flags it', async () => {
    bedrock.always(HAIKU, FakeReplies.tool({ data: 'Champions spend 12345.67 on average.', insight: 'They grew 87.3% last year.', recommendation: 'Do more.' }));
    const res = await ask({ question: 'Tell me about the champions' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ grounded: false, source: { type: 'template', modelId: null }, fallbackReason: 'ungrounded' });
    expect(res.body.ungroundedNumbers).toEqual(['12345.67', '87.3%']);
    expect(res.body.usage.inputTokens).toBeGreaterThan(0);
    expect(res.body.answer.data).not.toContain('12345.67');
    expect(res.body.answer.recommendation.length).toBeGreaterThan(0);
  });

  it('falls back to the template when the model fails', async () => {
    bedrock.always(HAIKU, FakeReplies.serviceUnavailable());
    const res = await ask({ question: 'champions vs at risk' });
    expect(res.body).toMatchObject({ source: { type: 'template' }, fallbackReason: 'llm_error:server_error', grounded: true, intent: 'comparison' });
  });

  it('resolves "and the second one?" within a session only, and per API key', async () => {
    bedrock.always(HAIKU, (req: RecordedRequest) => FakeReplies.tool(groundedAnswer(inputOf(req.body.messages?.[0].content[1].text))));
    const first = await ask({ question: 'Which segment should I prioritise for ROI?', sessionId: 'session-a' });
    const ranked = first.body.ranking.segments as string[];
    const second = await ask({ question: 'and the second one?', sessionId: 'session-a' });
    expect(second.body).toMatchObject({ sessionId: 'session-a', intent: 'marketing_strategy', segments: [ranked[1]], followUp: { reference: '#2', segment: ranked[1] } });
    expect(second.body.answer.data).toContain(ranked[1]);
    expect(second.body.context.historyTurns).toBe(1);
    const third = await ask({ question: 'and the third one?', sessionId: 'session-a' });
    expect(third.body.segments).toEqual([ranked[2]]);

    const otherSession = await ask({ question: 'and the second one?', sessionId: 'session-b' });
    expect(otherSession.body).toMatchObject({ followUp: null, segments: [], context: { historyTurns: 0 } });
    const otherKey = await ask({ question: 'and the second one?', sessionId: 'session-a' }, TEST_KEYS.analyst);
    expect(otherKey.body).toMatchObject({ followUp: null, segments: [], context: { historyTurns: 0 } });

    const fresh = await ask({ question: 'Tell me about champions' });
    expect(fresh.body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves a catalog model of the openai-compatible provider through the local endpoint', async () => {
    openai.always(LOCAL, (req: RecordedOpenAiRequest) => FakeOpenAiReplies.tool(groundedAnswer(inputOf(req.body.messages[2].content ?? '{}')), { usage: { promptTokens: 700, completionTokens: 90 } }));
    process.env.INSIGHTS_MODEL_ID = LOCAL;
    const local = await createTestApp({ now: NOW, override: (b) => b });
    try {
      await seed(local);
      await local.get(SegmentationBatchService).run();
      const res = await request(local.getHttpServer()).post('/v1/insights/ask').set('x-api-key', TEST_KEYS.read).send({ question: 'How often do champions buy?' });
      expect(res.body).toMatchObject({ grounded: true, source: { type: 'openai-compatible', modelId: LOCAL }, usage: { inputTokens: 700, outputTokens: 90 }, costUsd: 0 });
      expect(openai.requests[0].body.tool_choice).toEqual({ type: 'function', function: { name: 'answer_insight' } });
      openai.always(LOCAL, FakeOpenAiReplies.tool({ data: 'Champions buy 42.42 times.', insight: 'x', recommendation: 'y' }));
      const bad = await request(local.getHttpServer()).post('/v1/insights/ask').set('x-api-key', TEST_KEYS.read).send({ question: 'How often do champions buy?' });
      expect(bad.body).toMatchObject({ grounded: false, ungroundedNumbers: ['42.42'], source: { type: 'template' } });
    } finally {
      await local.close();
      delete process.env.INSIGHTS_MODEL_ID;
    }
  }, 40_000);
});
