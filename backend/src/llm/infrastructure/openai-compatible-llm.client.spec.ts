import { FakeOpenAiReplies, FakeOpenAiServer } from '../../../test/fake-openai/fake-openai.server';
import { LlmConfig, parseLlmConfig } from '../llm.config';
import { LlmInvalidOutputError, LlmNotConfiguredError, LlmRequestRejectedError, LlmThrottledError, LlmTimeoutError } from '../llm.errors';
import { createLlmClient } from '../llm.module';
import { StructuredCompletionRequest } from '../llm-client.port';
import { ModelCatalog } from '../model-catalog';
import { createOpenAiClient, OpenAiCompatibleLlmClient, parseJsonObject } from './openai-compatible-llm.client';

const LOCAL = 'llama3.1:8b';
const PRICED = 'qwen2.5:7b';

const request: StructuredCompletionRequest<{ answer: string }> = {
  modelId: LOCAL,
  system: 'You answer questions.',
  input: { question: 'q', figures: { a: 1 } },
  tool: {
    name: 'answer_question',
    description: 'The answer',
    inputSchema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
  },
};

describe('OpenAiCompatibleLlmClient', () => {
  const server = new FakeOpenAiServer();
  let config: LlmConfig;

  beforeAll(async () => {
    await server.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  function client(env: Record<string, string> = {}): OpenAiCompatibleLlmClient {
    config = parseLlmConfig({
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_MODELS: LOCAL,
      LLM_DEFAULT_MODEL_ID: LOCAL,
      LLM_RETRY_BASE_MS: '0',
      LLM_MODEL_CATALOG: JSON.stringify([
        { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', displayName: 'Haiku', inputPricePerMillionTokensUsd: 0.25, outputPricePerMillionTokensUsd: 1.25, contextWindowTokens: 200000 },
        { modelId: PRICED, displayName: 'Qwen', provider: 'openai-compatible', inputPricePerMillionTokensUsd: 1, outputPricePerMillionTokensUsd: 2, contextWindowTokens: 32000 },
      ]),
      ...env,
    });
    const endpoint = config.openAiCompatible!;
    return new OpenAiCompatibleLlmClient(createOpenAiClient(endpoint), endpoint, config, new ModelCatalog(config.catalog, config.defaultModelId));
  }

  it('forces the tool and reads its arguments, usage and a zero cost for an unpriced local model', async () => {
    server.enqueue(LOCAL, FakeOpenAiReplies.tool({ answer: 'yes' }, { usage: { promptTokens: 300, completionTokens: 40 } }));
    const result = await client().complete(request);
    expect(result).toMatchObject({ output: { answer: 'yes' }, usage: { inputTokens: 300, outputTokens: 40 }, costUsd: 0, modelId: LOCAL, attempts: 1, stopReason: 'tool_calls' });
    const body = server.requests[0].body;
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'answer_question' } });
    expect(body.tools?.[0].function.parameters).toEqual(request.tool.inputSchema);
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    expect(body.messages[2].content).toBe(JSON.stringify(request.input));
    expect(body.messages[0].content).not.toContain('figures');
  });

  it('prices a catalog model with prices', async () => {
    server.enqueue(PRICED, FakeOpenAiReplies.tool({ answer: 'x' }, { usage: { promptTokens: 1_000_000, completionTokens: 500_000 } }));
    expect((await client().complete({ ...request, modelId: PRICED })).costUsd).toBeCloseTo(2);
  });

  it('retries throttling and server errors, then answers', async () => {
    server.enqueue(LOCAL, FakeOpenAiReplies.rateLimited(), FakeOpenAiReplies.serverError(), FakeOpenAiReplies.tool({ answer: 'ok' }));
    expect((await client().complete(request)).attempts).toBe(3);
  });

  it('gives up after the attempts with a typed error and opens the circuit', async () => {
    server.always(LOCAL, FakeOpenAiReplies.rateLimited());
    const c = client({ LLM_MAX_ATTEMPTS: '2', LLM_CIRCUIT_FAILURE_THRESHOLD: '1' });
    await expect(c.complete(request)).rejects.toBeInstanceOf(LlmThrottledError);
    expect(c.circuitState(LOCAL)).toBe('open');
    await expect(c.complete(request)).rejects.toMatchObject({ code: 'LLM.CIRCUIT_OPEN' });
    expect(server.requests).toHaveLength(2);
  });

  it('times out each attempt', async () => {
    server.always(LOCAL, FakeOpenAiReplies.tool({ answer: 'late' }, { latencyMs: 500 }));
    await expect(client({ LLM_MAX_ATTEMPTS: '1' }).complete({ ...request, timeoutMs: 100 })).rejects.toBeInstanceOf(LlmTimeoutError);
  });

  it('does not retry a rejection', async () => {
    server.always(LOCAL, FakeOpenAiReplies.badRequest('model not found'));
    await expect(client().complete(request)).rejects.toBeInstanceOf(LlmRequestRejectedError);
    expect(server.requests).toHaveLength(1);
  });

  it('falls back to JSON mode when the server rejects tools, and stays there for the model', async () => {
    server.enqueue(LOCAL, FakeOpenAiReplies.toolsUnsupported(), FakeOpenAiReplies.content('{"answer":"json"}'), FakeOpenAiReplies.content('```json\n{"answer":"again"}\n```'));
    const c = client();
    expect(await c.complete(request)).toMatchObject({ output: { answer: 'json' }, attempts: 2 });
    expect(server.requests[1].body.response_format).toEqual({ type: 'json_object' });
    expect(server.requests[1].body.tools).toBeUndefined();
    expect(server.requests[1].body.messages[0].content).toContain('"answer"');
    expect((await c.complete(request)).output).toEqual({ answer: 'again' });
    expect(server.requests[2].body.tools).toBeUndefined();
  });

  it('accepts a JSON object answered as content, and retries in JSON mode after prose', async () => {
    server.enqueue(LOCAL, FakeOpenAiReplies.content('{"answer":"inline"}'));
    expect((await client().complete(request)).output).toEqual({ answer: 'inline' });
    server.enqueue(LOCAL, FakeOpenAiReplies.content('Sure! Here is the answer.'), FakeOpenAiReplies.content('{"answer":"json"}'));
    expect(await client().complete(request)).toMatchObject({ output: { answer: 'json' }, attempts: 2 });
  });

  it('uses JSON mode only when configured so, and tools only in tools mode', async () => {
    server.enqueue(LOCAL, FakeOpenAiReplies.content('{"answer":"j"}'));
    await client({ OPENAI_STRUCTURED_OUTPUT: 'json' }).complete(request);
    expect(server.requests[0].body.tools).toBeUndefined();
    server.enqueue(LOCAL, FakeOpenAiReplies.toolsUnsupported());
    await expect(client({ OPENAI_STRUCTURED_OUTPUT: 'tools' }).complete(request)).rejects.toBeInstanceOf(LlmRequestRejectedError);
  });

  it('reports invalid output with usage: truncated, wrong tool, validation', async () => {
    server.enqueue(
      LOCAL,
      FakeOpenAiReplies.tool({ answer: 'cut' }, { finishReason: 'length' }),
      FakeOpenAiReplies.tool({ answer: 'x' }, { toolName: 'other' }),
      FakeOpenAiReplies.tool({ wrong: true }),
    );
    const c = client();
    await expect(c.complete(request)).rejects.toMatchObject({ reason: 'truncated' });
    await expect(c.complete(request)).rejects.toMatchObject({ reason: 'wrong_tool' });
    const validate = (o: unknown) => {
      if (typeof (o as { answer?: unknown }).answer !== 'string') throw new Error('answer missing');
      return o as { answer: string };
    };
    const err = await c.complete({ ...request, validate }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmInvalidOutputError);
    expect(err).toMatchObject({ reason: 'schema_mismatch', usage: { inputTokens: 120, outputTokens: 60 } });
  });

  it('parses JSON objects from text', () => {
    expect(parseJsonObject('{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonObject('text ```json\n{"a":2}\n``` text')).toEqual({ a: 2 });
    expect(parseJsonObject('Answer: {"a":3} done')).toEqual({ a: 3 });
    expect(parseJsonObject('[1]')).toBeUndefined();
    expect(parseJsonObject('no')).toBeUndefined();
  });
});

describe('createLlmClient (dispatch by catalog provider)', () => {
  const server = new FakeOpenAiServer();
  beforeAll(async () => {
    await server.start();
  });
  afterAll(() => server.close());

  it('sends openai-compatible catalog models to the OpenAI-compatible adapter, others to Bedrock or the disabled client', async () => {
    const config = parseLlmConfig({ OPENAI_BASE_URL: server.baseUrl, OPENAI_MODELS: LOCAL });
    expect(config.provider).toBe('openai-compatible');
    const catalog = new ModelCatalog(config.catalog, config.defaultModelId);
    expect(catalog.get(LOCAL).provider).toBe('openai-compatible');
    const llm = createLlmClient(config, catalog);
    expect(llm.isAvailable()).toBe(true);
    server.enqueue(LOCAL, FakeOpenAiReplies.tool({ answer: 'local' }));
    expect((await llm.complete(request)).output).toEqual({ answer: 'local' });
    await expect(llm.complete({ ...request, modelId: 'anthropic.claude-3-haiku-20240307-v1:0' })).rejects.toBeInstanceOf(LlmNotConfiguredError);
    await expect(llm.complete({ ...request, modelId: 'unknown-model' })).rejects.toMatchObject({ code: 'LLM.MODEL_NOT_IN_CATALOG' });
  });

  it('keeps the previous behaviour without OPENAI_BASE_URL', () => {
    const config = parseLlmConfig({});
    expect(config.openAiCompatible).toBeUndefined();
    expect(createLlmClient(config, new ModelCatalog(config.catalog, config.defaultModelId)).isAvailable()).toBe(false);
  });

  it('validates the OpenAI variables', () => {
    expect(() => parseLlmConfig({ LLM_PROVIDER: 'openai-compatible' })).toThrow(/OPENAI_BASE_URL: is required/);
    expect(() => parseLlmConfig({ OPENAI_BASE_URL: 'ftp://x' })).toThrow(/OPENAI_BASE_URL/);
    expect(() => parseLlmConfig({ OPENAI_BASE_URL: server.baseUrl, OPENAI_STRUCTURED_OUTPUT: 'xml' })).toThrow(/OPENAI_STRUCTURED_OUTPUT/);
    expect(parseLlmConfig({ OPENAI_BASE_URL: server.baseUrl, LLM_PROVIDER: 'none' }).openAiCompatible).toBeUndefined();
  });
});
