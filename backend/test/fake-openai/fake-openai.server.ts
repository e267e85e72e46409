import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { IncomingCall, ScriptedFakeServer } from '../support/scripted-fake-server';

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
export class FakeOpenAiServer extends ScriptedFakeServer<FakeOpenAiReply, RecordedOpenAiRequest> {
  /** Base URL with the API prefix (`http://127.0.0.1:<port>/v1`), i.e. `OPENAI_BASE_URL`. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  protected modelOf(request: RecordedOpenAiRequest): string {
    return request.model;
  }

  protected parse(call: IncomingCall): { request: RecordedOpenAiRequest } | { reply: FakeOpenAiReply } {
    if (call.method !== 'POST' || call.path !== '/v1/chat/completions') {
      return { reply: { kind: 'error', status: 404, message: `No route for ${call.method} ${call.path}` } };
    }
    let body: ChatCompletionWireRequest;
    try {
      body = JSON.parse(call.rawBody || '{}') as ChatCompletionWireRequest;
    } catch {
      return { reply: { kind: 'error', status: 400, message: 'Request body is not JSON' } };
    }
    return { request: { model: body.model, path: call.path, body, authorized: typeof call.headers.authorization === 'string' } };
  }

  protected unscripted(request: RecordedOpenAiRequest): FakeOpenAiReply {
    return { kind: 'error', status: 500, message: `FakeOpenAiServer: no reply scripted for ${request.model}` };
  }

  protected write(res: ServerResponse, reply: FakeOpenAiReply, request?: RecordedOpenAiRequest): void {
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
