import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A request as it arrived: method, path without query, raw body and headers. */
export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  readonly rawBody: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * Base of the fake model servers used in tests: an HTTP server on 127.0.0.1 whose replies are
 * scripted per model (a queue consumed one per call, then a fallback set with `always`, else the
 * subclass's "no script" reply), optionally delayed, with every parsed request recorded.
 * Subclasses parse the wire format and write replies.
 */
export abstract class ScriptedFakeServer<Reply extends { readonly latencyMs?: number }, Recorded> {
  private server?: Server;
  private readonly queues = new Map<string, Reply[]>();
  private readonly fallbacks = new Map<string, (request: Recorded, callNumber: number) => Reply>();
  private readonly calls = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly recorded: Recorded[] = [];

  /** The model a recorded request is for (the script key). */
  protected abstract modelOf(request: Recorded): string;

  /** Parses a call into a recorded request, or answers it directly (unknown route, bad JSON). */
  protected abstract parse(call: IncomingCall): { readonly request: Recorded } | { readonly reply: Reply };

  /** The reply when nothing is scripted for the request's model. */
  protected abstract unscripted(request: Recorded): Reply;

  protected abstract write(res: ServerResponse, reply: Reply, request?: Recorded): void;

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

  /** `http://127.0.0.1:<port>`. @throws Error when not started. */
  protected get origin(): string {
    if (!this.server) throw new Error(`${this.constructor.name} is not started`);
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Queues replies for `model`, consumed one per call in order. */
  enqueue(model: string, ...replies: Reply[]): this {
    this.queues.set(model, [...(this.queues.get(model) ?? []), ...replies]);
    return this;
  }

  /** Reply used for `model` once its queue is empty: a fixed reply or a function of the request and 1-based call number. */
  always(model: string, reply: Reply | ((request: Recorded, callNumber: number) => Reply)): this {
    this.fallbacks.set(model, typeof reply === 'function' ? (reply as (request: Recorded, callNumber: number) => Reply) : () => reply);
    return this;
  }

  /** Every request received, oldest first. */
  get requests(): readonly Recorded[] {
    return this.recorded;
  }

  /** Requests received for one model. */
  requestsFor(model: string): Recorded[] {
    return this.recorded.filter((r) => this.modelOf(r) === model);
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
      const parsed = this.parse({
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0],
        rawBody: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
      });
      if ('reply' in parsed) {
        this.write(res, parsed.reply);
        return;
      }
      const { request } = parsed;
      this.recorded.push(request);
      const model = this.modelOf(request);
      const callNumber = (this.calls.get(model) ?? 0) + 1;
      this.calls.set(model, callNumber);
      const reply = this.nextReply(request, model, callNumber);
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

  private nextReply(request: Recorded, model: string, callNumber: number): Reply {
    const queued = this.queues.get(model)?.shift();
    if (queued) return queued;
    const fallback = this.fallbacks.get(model);
    return fallback ? fallback(request, callNumber) : this.unscripted(request);
  }
}
