import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { IncomingCall, ScriptedFakeServer } from '../support/scripted-fake-server';

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
export class FakeBedrockServer extends ScriptedFakeServer<FakeReply, RecordedRequest> {
  /** Base URL (`http://127.0.0.1:<port>`) to use as the SDK `endpoint`. */
  get url(): string {
    return this.origin;
  }

  protected modelOf(request: RecordedRequest): string {
    return request.modelId;
  }

  protected parse(call: IncomingCall): { request: RecordedRequest } | { reply: FakeReply } {
    const match = CONVERSE_PATH.exec(call.path);
    if (call.method !== 'POST' || !match) {
      return { reply: { kind: 'error', status: 404, errorType: 'UnknownOperationException', message: `No route for ${call.method} ${call.path}` } };
    }
    let body: ConverseWireRequest;
    try {
      body = JSON.parse(call.rawBody || '{}') as ConverseWireRequest;
    } catch {
      return { reply: { kind: 'error', status: 400, errorType: 'SerializationException', message: 'Request body is not JSON' } };
    }
    const authorization = call.headers.authorization;
    return {
      request: {
        modelId: decodeURIComponent(match[1]),
        method: call.method,
        path: call.path,
        body,
        signed: typeof authorization === 'string' && authorization.startsWith('AWS4-HMAC-SHA256'),
      },
    };
  }

  protected unscripted(request: RecordedRequest): FakeReply {
    return { kind: 'error', status: 500, errorType: 'InternalServerException', message: `FakeBedrockServer: no reply scripted for ${request.modelId}` };
  }

  protected write(res: ServerResponse, reply: FakeReply, request?: RecordedRequest): void {
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
