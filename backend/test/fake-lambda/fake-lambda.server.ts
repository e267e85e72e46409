import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One Invoke call as the fake received it. */
export interface RecordedInvocation {
  readonly functionName: string;
  readonly invocationType: string | undefined;
  /** The payload parsed as JSON. */
  readonly payload: unknown;
  /** Whether the request carried a SigV4 `Authorization` header. */
  readonly signed: boolean;
}

/** What the fake answers to the next Invoke calls: accepted (202) or a Lambda error. */
export type FakeLambdaReply = { readonly kind: 'accepted' } | { readonly kind: 'error'; readonly status: number; readonly errorType: string; readonly message: string };

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * A Lambda API on 127.0.0.1 speaking the Invoke wire format (REST-JSON): `POST
 * /2015-03-31/functions/<name>/invocations` with `X-Amz-Invocation-Type: Event` answers 202 with an
 * empty body; errors carry `x-amzn-ErrorType` and a JSON `message`, as the service sends them.
 */
export class FakeLambdaServer {
  readonly invocations: RecordedInvocation[] = [];
  private reply: FakeLambdaReply = { kind: 'accepted' };

  private readonly server: Server = createServer((req, res) => {
    void this.handle(req, res);
  });
  private url = '';

  private constructor() {}

  /** Base URL of the fake (`http://127.0.0.1:<port>`), the `LAMBDA_ENDPOINT` of tests. */
  get endpoint(): string {
    return this.url;
  }

  /** Starts the fake on a free port of 127.0.0.1. */
  static async start(): Promise<FakeLambdaServer> {
    const fake = new FakeLambdaServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Answers the next calls with `reply` until changed. */
  answer(reply: FakeLambdaReply): void {
    this.reply = reply;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = INVOKE_PATH.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' }).end('{"message":"unknown operation"}');
      return;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    let payload: unknown;
    try {
      payload = body === '' ? null : JSON.parse(body);
    } catch {
      payload = body;
    }
    this.invocations.push({
      functionName: decodeURIComponent(match[1]),
      invocationType: req.headers['x-amz-invocation-type'] as string | undefined,
      payload,
      signed: typeof req.headers.authorization === 'string' && req.headers.authorization.startsWith('AWS4-HMAC-SHA256'),
    });
    const reply = this.reply;
    if (reply.kind === 'error') {
      res
        .writeHead(reply.status, { 'content-type': 'application/json', 'x-amzn-errortype': reply.errorType, 'x-amzn-requestid': 'fake' })
        .end(JSON.stringify({ Type: 'User', message: reply.message }));
      return;
    }
    res.writeHead(202, { 'x-amzn-requestid': 'fake', 'content-length': '0' }).end();
  }
}
