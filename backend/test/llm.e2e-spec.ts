import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { Logger, LoggerService } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { BedrockLlmClient, createBedrockRuntimeClient } from '../src/llm/infrastructure/bedrock-llm.client';
import { LlmConfig, parseLlmConfig } from '../src/llm/llm.config';
import {
  LlmCircuitOpenError,
  LlmInvalidOutputError,
  LlmRequestRejectedError,
  LlmThrottledError,
  LlmTimeoutError,
  LlmUnavailableError,
} from '../src/llm/llm.errors';
import { LlmClient, StructuredCompletionRequest } from '../src/llm/llm-client.port';
import { LlmModule } from '../src/llm/llm.module';
import { ModelCatalog } from '../src/llm/model-catalog';
import { FakeBedrockServer, FakeReplies } from './fake-bedrock/fake-bedrock.server';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU_35_PROFILE = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

const SYSTEM = 'You analyse purchase histories. Answer only through the tool.';
const CUSTOMER = { customerId: 'C-17850', country: 'United Kingdom', orders: [{ orderId: '536365', totalAmount: 139.12 }] };
const PROFILE = { segment: 'loyal', confidence: 0.82 };

/** Keeps every log line so the suite can check that no customer data or prompt text is logged. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(String(message));
  }
  error(message: unknown): void {
    this.lines.push(String(message));
  }
  warn(message: unknown): void {
    this.lines.push(String(message));
  }
}

function request(overrides: Partial<StructuredCompletionRequest> = {}): StructuredCompletionRequest {
  return {
    modelId: HAIKU,
    system: SYSTEM,
    input: CUSTOMER,
    tool: {
      name: 'record_profile',
      description: 'Records the customer profile analysis.',
      inputSchema: {
        type: 'object',
        properties: { segment: { type: 'string' }, confidence: { type: 'number' } },
        required: ['segment', 'confidence'],
      },
    },
    ...overrides,
  };
}

describe('BedrockLlmClient against the fake Bedrock server (real SDK client)', () => {
  const server = new FakeBedrockServer();
  const logs = new CapturingLogger();
  let runtime: BedrockRuntimeClient;
  let config: LlmConfig;
  let now: number;
  let client: BedrockLlmClient;

  beforeAll(async () => {
    Logger.overrideLogger(logs);
    await server.start();
    config = {
      ...parseLlmConfig({ BEDROCK_ENDPOINT: server.url, BEDROCK_REGION: 'us-east-1' }),
      timeoutMs: 300,
      maxAttempts: 3,
      retryBaseMs: 10,
      retryMaxDelayMs: 50,
      circuitFailureThreshold: 3,
      circuitCooldownMs: 30_000,
    };
    runtime = createBedrockRuntimeClient(config, { accessKeyId: 'test', secretAccessKey: 'test' });
  });

  afterAll(async () => {
    runtime.destroy();
    await server.close();
    Logger.overrideLogger(true);
  });

  beforeEach(() => {
    server.reset();
    now = 1_000_000;
    client = new BedrockLlmClient(runtime, config, new ModelCatalog(config.catalog, config.defaultModelId), {
      random: () => 0.5,
      clock: () => now,
      ownsRuntimeClient: false,
    });
  });

  it('returns the tool input with tokens from usage and cost from the catalog', async () => {
    server.enqueue(HAIKU, FakeReplies.tool(PROFILE, { usage: { inputTokens: 1200, outputTokens: 300 } }));

    const result = await client.complete(request());

    expect(result).toMatchObject({
      output: PROFILE,
      usage: { inputTokens: 1200, outputTokens: 300 },
      modelId: HAIKU,
      attempts: 1,
      stopReason: 'tool_use',
    });
    expect(result.costUsd).toBeCloseTo((1200 * 0.25 + 300 * 1.25) / 1e6, 15);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the system prompt apart from the data, the data as one JSON block, and forces the tool', async () => {
    server.enqueue(HAIKU, FakeReplies.tool(PROFILE));

    await client.complete(request({ temperature: 0.4, maxTokens: 512 }));

    const [received] = server.requests;
    expect(received.signed).toBe(true);
    expect(received.body.system).toEqual([{ text: SYSTEM }]);
    expect(JSON.stringify(received.body.system)).not.toContain('C-17850');
    const content = received.body.messages?.[0].content ?? [];
    expect(content).toHaveLength(2);
    expect(content[0].text).not.toContain('C-17850');
    expect(JSON.parse(content[1].text ?? '')).toEqual(CUSTOMER);
    expect(received.body.toolConfig?.toolChoice).toEqual({ tool: { name: 'record_profile' } });
    expect(received.body.toolConfig?.tools?.[0].toolSpec?.inputSchema?.json).toEqual(request().tool.inputSchema);
    expect(received.body.inferenceConfig).toEqual({ temperature: 0.4, maxTokens: 512 });
  });

  it('calls models that need a cross-region inference profile through the profile id', async () => {
    server.enqueue(HAIKU_35_PROFILE, FakeReplies.tool(PROFILE, { usage: { inputTokens: 1000, outputTokens: 1000 } }));

    const result = await client.complete(request({ modelId: HAIKU_35 }));

    expect(server.requests.map((r) => r.modelId)).toEqual([HAIKU_35_PROFILE]);
    expect(result.modelId).toBe(HAIKU_35);
    expect(result.costUsd).toBeCloseTo((1000 * 0.8 + 1000 * 4) / 1e6, 15);
  });

  it('retries a throttled call and succeeds on the second attempt', async () => {
    server.enqueue(HAIKU, FakeReplies.throttle(), FakeReplies.tool(PROFILE));

    const result = await client.complete(request());

    expect(result.attempts).toBe(2);
    expect(server.requestsFor(HAIKU)).toHaveLength(2);
  });

  it('gives up with LLM.THROTTLED when throttling persists', async () => {
    server.always(HAIKU, FakeReplies.throttle());

    const error = await client.complete(request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmThrottledError);
    expect(error).toMatchObject({ code: 'LLM.THROTTLED', errorClass: 'throttled', attempts: 3, upstreamError: 'ThrottlingException' });
  });

  it('fails with LLM.UNAVAILABLE after max attempts of persistent 5xx', async () => {
    server.always(HAIKU, FakeReplies.serviceUnavailable());

    const error = await client.complete(request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect(error).toMatchObject({ code: 'LLM.UNAVAILABLE', errorClass: 'server_error', attempts: 3 });
    expect(server.requestsFor(HAIKU)).toHaveLength(3);
  });

  it('does not retry a validation error', async () => {
    server.always(HAIKU, FakeReplies.validation());

    const error = await client.complete(request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmRequestRejectedError);
    expect(error).toMatchObject({ code: 'LLM.REQUEST_REJECTED', attempts: 1, upstreamError: 'ValidationException' });
    expect(server.requestsFor(HAIKU)).toHaveLength(1);
  });

  it('fails with LLM.TIMEOUT when every attempt is slower than the timeout', async () => {
    server.always(HAIKU, FakeReplies.tool(PROFILE, { latencyMs: 1_000 }));

    const error = await client.complete(request({ timeoutMs: 100 })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmTimeoutError);
    expect(error).toMatchObject({ code: 'LLM.TIMEOUT', errorClass: 'timeout', attempts: 3, timeoutMs: 100 });
  });

  it('retries a timed-out attempt and accepts a fast second answer', async () => {
    server.enqueue(HAIKU, FakeReplies.tool(PROFILE, { latencyMs: 1_000 }), FakeReplies.tool(PROFILE));

    const result = await client.complete(request({ timeoutMs: 100 }));

    expect(result.attempts).toBe(2);
  });

  it.each([
    ['a text-only reply', FakeReplies.text('I think this customer is loyal.'), 'no_tool_use'],
    ['a call of another tool', FakeReplies.tool(PROFILE, { toolName: 'other_tool' }), 'wrong_tool'],
    ['a tool input that is not an object', FakeReplies.tool('{"segment": "loyal"'), 'not_an_object'],
    ['an answer cut at max tokens', FakeReplies.tool({ segment: 'lo' }, { stopReason: 'max_tokens' }), 'truncated'],
  ])('reports %s as LLM.INVALID_OUTPUT with the tokens spent', async (_label, reply, reason) => {
    server.enqueue(HAIKU, reply);

    const error = await client.complete(request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LlmInvalidOutputError);
    expect(error).toMatchObject({ code: 'LLM.INVALID_OUTPUT', reason, attempts: 1, usage: { inputTokens: 100, outputTokens: 50 } });
    expect((error as LlmInvalidOutputError).costUsd).toBeCloseTo((100 * 0.25 + 50 * 1.25) / 1e6, 15);
  });

  it('reports output rejected by the caller validation as LLM.INVALID_OUTPUT', async () => {
    server.enqueue(HAIKU, FakeReplies.tool({ segment: 42 }));
    const validate = (output: unknown): { segment: string } => {
      const segment = (output as { segment?: unknown }).segment;
      if (typeof segment !== 'string') throw new Error('segment must be a string');
      return { segment };
    };

    const error = await client.complete({ ...request(), validate }).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'LLM.INVALID_OUTPUT', reason: 'schema_mismatch' });
  });

  it('does not retry a malformed response body', async () => {
    server.enqueue(HAIKU, FakeReplies.malformedBody());

    const error = await client.complete(request()).catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'LLM.UNAVAILABLE', attempts: 1 });
    expect(server.requestsFor(HAIKU)).toHaveLength(1);
  });

  it('opens the circuit after repeated failures, fails fast, then probes after the cool-down', async () => {
    server.always(HAIKU, FakeReplies.internalError());
    const single = request();
    for (let i = 0; i < config.circuitFailureThreshold; i += 1) {
      await expect(client.complete(single)).rejects.toBeInstanceOf(LlmUnavailableError);
    }
    const callsWhenOpened = server.requestsFor(HAIKU).length;
    expect(client.circuitState(HAIKU)).toBe('open');

    const fast = await client.complete(single).catch((e: unknown) => e);
    expect(fast).toBeInstanceOf(LlmCircuitOpenError);
    expect(fast).toMatchObject({ code: 'LLM.CIRCUIT_OPEN', retryAfterMs: 30_000, attempts: 0 });
    expect(server.requestsFor(HAIKU)).toHaveLength(callsWhenOpened);

    now += 30_000;
    expect(client.circuitState(HAIKU)).toBe('half_open');
    server.reset();
    server.enqueue(HAIKU, FakeReplies.tool(PROFILE));
    await expect(client.complete(single)).resolves.toMatchObject({ output: PROFILE });
    expect(client.circuitState(HAIKU)).toBe('closed');
  });

  it('re-opens the circuit when the half-open probe fails', async () => {
    server.always(HAIKU, FakeReplies.internalError());
    for (let i = 0; i < config.circuitFailureThreshold; i += 1) {
      await expect(client.complete(request())).rejects.toBeInstanceOf(LlmUnavailableError);
    }
    now += 30_000;

    await expect(client.complete(request())).rejects.toBeInstanceOf(LlmUnavailableError);

    expect(client.circuitState(HAIKU)).toBe('open');
    await expect(client.complete(request())).rejects.toBeInstanceOf(LlmCircuitOpenError);
  });

  it('keeps one circuit per model', async () => {
    server.always(HAIKU, FakeReplies.internalError());
    for (let i = 0; i < config.circuitFailureThreshold; i += 1) {
      await expect(client.complete(request())).rejects.toBeInstanceOf(LlmUnavailableError);
    }
    server.enqueue('anthropic.claude-3-sonnet-20240229-v1:0', FakeReplies.tool(PROFILE));

    await expect(client.complete(request({ modelId: 'anthropic.claude-3-sonnet-20240229-v1:0' }))).resolves.toMatchObject({
      attempts: 1,
    });
  });

  it('refuses a model that is not in the catalog without calling Bedrock', async () => {
    await expect(client.complete(request({ modelId: 'meta.llama3-8b-instruct-v1:0' }))).rejects.toMatchObject({
      code: 'LLM.MODEL_NOT_IN_CATALOG',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('waits with exponential backoff and the injected jitter between attempts', async () => {
    const delays: number[] = [];
    const recording = new BedrockLlmClient(runtime, config, new ModelCatalog(config.catalog), {
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
      ownsRuntimeClient: false,
    });
    server.always(HAIKU, FakeReplies.throttle());

    await expect(recording.complete(request({ maxTokens: 100 }))).rejects.toBeInstanceOf(LlmThrottledError);

    expect(delays).toEqual([5, 10]);
  });

  it('never logs customer data, prompts or credentials', () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    const text = logs.lines.join('\n');
    for (const secret of ['C-17850', 'United Kingdom', '536365', SYSTEM, 'record_profile', 'AWS4-HMAC', 'Credential=']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('LlmModule wiring', () => {
  const server = new FakeBedrockServer();
  const saved = { ...process.env };

  beforeAll(async () => {
    await server.start();
  });

  afterAll(async () => {
    await server.close();
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  async function resolveClient(env: Record<string, string>): Promise<{ client: LlmClient; close: () => Promise<void> }> {
    for (const name of Object.keys(process.env)) if (name.startsWith('AWS_') || name.startsWith('LLM_') || name.startsWith('BEDROCK_')) delete process.env[name];
    Object.assign(process.env, env);
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), LlmModule] }).compile();
    return { client: moduleRef.get(LlmClient), close: () => moduleRef.close() };
  }

  it('provides the Bedrock adapter, signing with dummy credentials, when only an endpoint is configured', async () => {
    server.enqueue(HAIKU, FakeReplies.tool(PROFILE, { usage: { inputTokens: 10, outputTokens: 20 } }));
    const { client, close } = await resolveClient({ BEDROCK_ENDPOINT: server.url });
    try {
      expect(client.isAvailable()).toBe(true);
      expect(client.describe()).toContain('bedrock');
      await expect(client.complete(request())).resolves.toMatchObject({ output: PROFILE, usage: { inputTokens: 10, outputTokens: 20 } });
      expect(server.requests[0].signed).toBe(true);
    } finally {
      await close();
    }
  });

  it('provides the disabled client without credentials', async () => {
    const { client, close } = await resolveClient({});
    try {
      expect(client.isAvailable()).toBe(false);
      await expect(client.complete(request())).rejects.toMatchObject({ code: 'LLM.NOT_CONFIGURED', errorClass: 'not_configured' });
    } finally {
      await close();
    }
  });
});
