import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** Token usage the fake reports in `usage`. */
export interface FakeUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

interface ReplyTiming {
  /** Delay before the response is written, in ms. */
  readonly latencyMs?: number;
}

/** What the fake answers to one Converse call. */
export type FakeReply =
  | (ReplyTiming & {
      readonly kind: 'tool';
      /** The tool input the "model" produced; any JSON value, to script invalid shapes. */
      readonly input: unknown;
      /** Tool name; defaults to the tool forced by the request's `toolChoice`. */
      readonly toolName?: string;
      readonly usage?: FakeUsage;
      readonly stopReason?: string;
    })
  | (ReplyTiming & { readonly kind: 'text'; readonly text: string; readonly usage?: FakeUsage; readonly stopReason?: string })
  | (ReplyTiming & { readonly kind: 'error'; readonly status: number; readonly errorType: string; readonly message?: string })
  | (ReplyTiming & { readonly kind: 'raw'; readonly status: number; readonly body: string; readonly contentType?: string });

/** Builders of common replies. */
export const FakeReplies = {
  tool: (input: unknown, options: Omit<Extract<FakeReply, { kind: 'tool' }>, 'kind' | 'input'> = {}): FakeReply => ({
    kind: 'tool',
    input,
    ...options,
  }),
  text: (text: string, options: Omit<Extract<FakeReply, { kind: 'text' }>, 'kind' | 'text'> = {}): FakeReply => ({
    kind: 'text',
    text,
    ...options,
  }),
  throttle: (message = 'Too many requests, please wait before trying again.'): FakeReply => ({
    kind: 'error',
    status: 429,
    errorType: 'ThrottlingException',
    message,
  }),
  internalError: (): FakeReply => ({ kind: 'error', status: 500, errorType: 'InternalServerException', message: 'Internal error' }),
  serviceUnavailable: (): FakeReply => ({
    kind: 'error',
    status: 503,
    errorType: 'ServiceUnavailableException',
    message: 'Service unavailable',
  }),
  validation: (message = 'Malformed input request'): FakeReply => ({ kind: 'error', status: 400, errorType: 'ValidationException', message }),
  accessDenied: (): FakeReply => ({
    kind: 'error',
    status: 403,
    errorType: 'AccessDeniedException',
    message: "You don't have access to the model with the specified model ID.",
  }),
  /** A 200 whose body is not JSON. */
  malformedBody: (): FakeReply => ({ kind: 'raw', status: 200, body: '{"output": {"message": ', contentType: 'application/json' }),
} as const;

/** The Converse request body as received (wire JSON; `modelId` travels in the path). */
export interface ConverseWireRequest {
  readonly system?: ReadonlyArray<{ readonly text?: string }>;
  readonly messages?: ReadonlyArray<{
    readonly role: string;
    readonly content: ReadonlyArray<{ readonly text?: string; readonly [key: string]: unknown }>;
  }>;
  readonly inferenceConfig?: { readonly temperature?: number; readonly maxTokens?: number };
  readonly toolConfig?: {
    readonly tools?: ReadonlyArray<{
      readonly toolSpec?: { readonly name: string; readonly description?: string; readonly inputSchema?: { readonly json?: unknown } };
    }>;
    readonly toolChoice?: { readonly tool?: { readonly name: string }; readonly any?: object; readonly auto?: object };
  };
  readonly [key: string]: unknown;
}

/** One request the fake received. */
export interface RecordedRequest {
  /** URL-decoded model id from `/model/{modelId}/converse`. */
  readonly modelId: string;
  readonly method: string;
  readonly path: string;
  readonly body: ConverseWireRequest;
  /** Whether the request carried a SigV4 `authorization` header (its value is not kept). */
  readonly signed: boolean;
}

/** Decides the reply of a call: receives the request and the 1-based call number for that model. */
export type ReplyScript = (request: RecordedRequest, callNumber: number) => FakeReply;

const CONVERSE_PATH = /^\/model\/([^/]+)\/converse$/;
const DEFAULT_USAGE: FakeUsage = { inputTokens: 100, outputTokens: 50 };

/**
 * A fake Amazon Bedrock Runtime on 127.0.0.1 speaking the Converse wire format (restJson1:
 * `POST /model/{modelId}/converse`, errors typed by the `x-amzn-ErrorType` header and `{ message }`
 * body), so the real `BedrockRuntimeClient` can be pointed at it with an endpoint override and an
 * HTTP/1.1 handler. Replies are scripted per model id: a queue consumed one per call, then a fallback
 * (`always`), else a 500 naming the missing script. Every request is recorded.
 */
export class FakeBedrockServer {
  private server?: Server;
  private readonly queues = new Map<string, FakeReply[]>();
  private readonly fallbacks = new Map<string, ReplyScript>();
  private readonly calls = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly recorded: RecordedRequest[] = [];

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

  /** Base URL (`http://127.0.0.1:<port>`) to use as the SDK `endpoint`. */
  get url(): string {
    if (!this.server) throw new Error('FakeBedrockServer is not started');
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Queues replies for `modelId`, consumed one per call in order. */
  enqueue(modelId: string, ...replies: FakeReply[]): this {
    this.queues.set(modelId, [...(this.queues.get(modelId) ?? []), ...replies]);
    return this;
  }

  /** Reply used for `modelId` once its queue is empty: a fixed reply or a function of the request. */
  always(modelId: string, reply: FakeReply | ReplyScript): this {
    this.fallbacks.set(modelId, typeof reply === 'function' ? reply : () => reply);
    return this;
  }

  /** Every request received, oldest first. */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Requests received for one model id. */
  requestsFor(modelId: string): RecordedRequest[] {
    return this.recorded.filter((r) => r.modelId === modelId);
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
      const match = CONVERSE_PATH.exec(path);
      if (req.method !== 'POST' || !match) {
        this.write(res, { kind: 'error', status: 404, errorType: 'UnknownOperationException', message: `No route for ${req.method} ${path}` });
        return;
      }
      let body: ConverseWireRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ConverseWireRequest;
      } catch {
        this.write(res, { kind: 'error', status: 400, errorType: 'SerializationException', message: 'Request body is not JSON' });
        return;
      }
      const request: RecordedRequest = {
        modelId: decodeURIComponent(match[1]),
        method: req.method,
        path,
        body,
        signed: typeof req.headers.authorization === 'string' && req.headers.authorization.startsWith('AWS4-HMAC-SHA256'),
      };
      this.recorded.push(request);
      const callNumber = (this.calls.get(request.modelId) ?? 0) + 1;
      this.calls.set(request.modelId, callNumber);
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

  private nextReply(request: RecordedRequest, callNumber: number): FakeReply {
    const queued = this.queues.get(request.modelId)?.shift();
    if (queued) return queued;
    const fallback = this.fallbacks.get(request.modelId);
    if (fallback) return fallback(request, callNumber);
    return { kind: 'error', status: 500, errorType: 'InternalServerException', message: `FakeBedrockServer: no reply scripted for ${request.modelId}` };
  }

  private write(res: ServerResponse, reply: FakeReply, request?: RecordedRequest): void {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { 'x-amzn-requestid': randomUUID() };
    switch (reply.kind) {
      case 'raw':
        res.writeHead(reply.status, { ...headers, 'content-type': reply.contentType ?? 'application/json' });
        res.end(reply.body);
        return;
      case 'error':
        res.writeHead(reply.status, { ...headers, 'content-type': 'application/json', 'x-amzn-ErrorType': reply.errorType });
        res.end(JSON.stringify({ message: reply.message ?? reply.errorType }));
        return;
      case 'text':
      case 'tool': {
        const usage = reply.usage ?? DEFAULT_USAGE;
        const content =
          reply.kind === 'text'
            ? [{ text: reply.text }]
            : [
                {
                  toolUse: {
                    toolUseId: `tooluse_${randomUUID().replace(/-/g, '').slice(0, 22)}`,
                    name: reply.toolName ?? forcedToolName(request),
                    input: reply.input,
                  },
                },
              ];
        const body = {
          output: { message: { role: 'assistant', content } },
          stopReason: reply.stopReason ?? (reply.kind === 'tool' ? 'tool_use' : 'end_turn'),
          usage: { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, totalTokens: usage.inputTokens + usage.outputTokens },
          metrics: { latencyMs: reply.latencyMs ?? 0 },
        };
        res.writeHead(200, { ...headers, 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
        return;
      }
    }
  }
}

function forcedToolName(request: RecordedRequest | undefined): string {
  const config = request?.body.toolConfig;
  return config?.toolChoice?.tool?.name ?? config?.tools?.[0]?.toolSpec?.name ?? 'tool';
}
