import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** Token usage the fake reports in `usage`. */
export interface FakeOpenAiUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

interface Timing {
  /** Delay before the response is written, in ms. */
  readonly latencyMs?: number;
}

/** What the fake answers to one chat completion. */
export type FakeOpenAiReply =
  | (Timing & {
      readonly kind: 'tool';
      /** Tool arguments: an object (serialised to JSON) or raw text, to script invalid shapes. */
      readonly args: unknown;
      /** Function name; defaults to the one forced by `tool_choice`. */
      readonly toolName?: string;
      readonly usage?: FakeOpenAiUsage;
      readonly finishReason?: string;
    })
  | (Timing & { readonly kind: 'content'; readonly content: string; readonly usage?: FakeOpenAiUsage; readonly finishReason?: string })
  | (Timing & { readonly kind: 'error'; readonly status: number; readonly message?: string; readonly type?: string });

/** Builders of common replies. */
export const FakeOpenAiReplies = {
  tool: (args: unknown, options: Omit<Extract<FakeOpenAiReply, { kind: 'tool' }>, 'kind' | 'args'> = {}): FakeOpenAiReply => ({ kind: 'tool', args, ...options }),
  content: (content: string, options: Omit<Extract<FakeOpenAiReply, { kind: 'content' }>, 'kind' | 'content'> = {}): FakeOpenAiReply => ({
    kind: 'content',
    content,
    ...options,
  }),
  rateLimited: (): FakeOpenAiReply => ({ kind: 'error', status: 429, message: 'Rate limit reached', type: 'rate_limit_error' }),
  serverError: (): FakeOpenAiReply => ({ kind: 'error', status: 500, message: 'Internal error', type: 'server_error' }),
  /** What llama.cpp-style servers answer when they do not support tools. */
  toolsUnsupported: (): FakeOpenAiReply => ({ kind: 'error', status: 400, message: 'tools param requires --jinja flag', type: 'invalid_request_error' }),
  badRequest: (message = 'Invalid request'): FakeOpenAiReply => ({ kind: 'error', status: 400, message, type: 'invalid_request_error' }),
} as const;

/** The chat completion request body as received. */
export interface ChatCompletionWireRequest {
  readonly model: string;
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content?: string | null }>;
  readonly tools?: ReadonlyArray<{ readonly type: string; readonly function: { readonly name: string; readonly parameters?: unknown } }>;
  readonly tool_choice?: { readonly type: string; readonly function?: { readonly name: string } } | string;
  readonly response_format?: { readonly type: string };
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly [key: string]: unknown;
}

/** One request the fake received. */
export interface RecordedOpenAiRequest {
  readonly model: string;
  readonly path: string;
  readonly body: ChatCompletionWireRequest;
  /** Whether an `authorization` header was present (its value is not kept). */
  readonly authorized: boolean;
}

/** Decides the reply of a call: receives the request and the 1-based call number for that model. */
export type FakeOpenAiScript = (request: RecordedOpenAiRequest, callNumber: number) => FakeOpenAiReply;

const DEFAULT_USAGE: FakeOpenAiUsage = { promptTokens: 120, completionTokens: 60 };

/**
 * A fake OpenAI-compatible server on 127.0.0.1 (`POST /v1/chat/completions`, the wire format of
 * OpenAI, Ollama, llama.cpp server and vLLM), so the real `openai` client can be pointed at it with
 * `baseURL`. Replies are scripted per model: a queue consumed one per call, then a fallback
 * (`always`), else a 500 naming the missing script. Every request is recorded.
 */
export class FakeOpenAiServer {
  private server?: Server;
  private readonly queues = new Map<string, FakeOpenAiReply[]>();
  private readonly fallbacks = new Map<string, FakeOpenAiScript>();
  private readonly calls = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly recorded: RecordedOpenAiRequest[] = [];

  /** Starts listening on 127.0.0.1 on a free port. */
  async start(): Promise<this> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    return this;
  }

  /** Base URL with the API prefix (`http://127.0.0.1:<port>/v1`), i.e. `OPENAI_BASE_URL`. */
  get baseUrl(): string {
    if (!this.server) throw new Error('FakeOpenAiServer is not started');
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  /** Queues replies for `model`, consumed one per call in order. */
  enqueue(model: string, ...replies: FakeOpenAiReply[]): this {
    this.queues.set(model, [...(this.queues.get(model) ?? []), ...replies]);
    return this;
  }

  /** Reply used for `model` once its queue is empty: a fixed reply or a function of the request. */
  always(model: string, reply: FakeOpenAiReply | FakeOpenAiScript): this {
    this.fallbacks.set(model, typeof reply === 'function' ? reply : () => reply);
    return this;
  }

  /** Every request received, oldest first. */
  get requests(): readonly RecordedOpenAiRequest[] {
    return this.recorded;
  }

  /** Requests received for one model. */
  requestsFor(model: string): RecordedOpenAiRequest[] {
    return this.recorded.filter((r) => r.model === model);
  }

  /** Forgets scripts, recorded requests and call counts. */
  reset(): void {
    this.queues.clear();
    this.fallbacks.clear();
    this.calls.clear();
    this.recorded.length = 0;
  }

  /** Stops listening, drops pending delayed replies and open connections. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'POST' || path !== '/v1/chat/completions') {
        this.write(res, { kind: 'error', status: 404, message: `No route for ${req.method} ${path}` });
        return;
      }
      let body: ChatCompletionWireRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ChatCompletionWireRequest;
      } catch {
        this.write(res, { kind: 'error', status: 400, message: 'Request body is not JSON' });
        return;
      }
      const request: RecordedOpenAiRequest = { model: body.model, path, body, authorized: typeof req.headers.authorization === 'string' };
      this.recorded.push(request);
      const callNumber = (this.calls.get(request.model) ?? 0) + 1;
      this.calls.set(request.model, callNumber);
      const reply = this.nextReply(request, callNumber);
      const delay = reply.latencyMs ?? 0;
      if (delay <= 0) {
        this.write(res, reply, request);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.write(res, reply, request);
      }, delay);
      this.timers.add(timer);
    });
  }

  private nextReply(request: RecordedOpenAiRequest, callNumber: number): FakeOpenAiReply {
    const queued = this.queues.get(request.model)?.shift();
    if (queued) return queued;
    const fallback = this.fallbacks.get(request.model);
    if (fallback) return fallback(request, callNumber);
    return { kind: 'error', status: 500, message: `FakeOpenAiServer: no reply scripted for ${request.model}` };
  }

  private write(res: ServerResponse, reply: FakeOpenAiReply, request?: RecordedOpenAiRequest): void {
    if (res.destroyed || res.writableEnded) return;
    if (reply.kind === 'error') {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: reply.message ?? 'error', type: reply.type ?? 'error', code: null } }));
      return;
    }
    const usage = reply.usage ?? DEFAULT_USAGE;
    const message =
      reply.kind === 'tool'
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
                type: 'function',
                function: {
                  name: reply.toolName ?? forcedToolName(request),
                  arguments: typeof reply.args === 'string' ? reply.args : JSON.stringify(reply.args),
                },
              },
            ],
          }
        : { role: 'assistant', content: reply.content };
    const body = {
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: request?.model ?? 'unknown',
      choices: [{ index: 0, message, finish_reason: reply.finishReason ?? (reply.kind === 'tool' ? 'tool_calls' : 'stop') }],
      usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

function forcedToolName(request: RecordedOpenAiRequest | undefined): string {
  const choice = request?.body.tool_choice;
  if (typeof choice === 'object' && choice.function) return choice.function.name;
  return request?.body.tools?.[0]?.function.name ?? 'tool';
}
