import { INestApplication } from '@nestjs/common';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp } from './support/test-app';

/** The committed `/docs-json`; `npm run openapi:snapshot -w backend` rewrites it after a deliberate change. */
const SNAPSHOT = join(__dirname, 'openapi', 'openapi.snapshot.json');
const UPDATE = process.env.UPDATE_OPENAPI_SNAPSHOT === '1';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const PROBLEM_REF = '#/components/schemas/ProblemDetailsDto';

interface Operation {
  readonly summary?: string;
  readonly responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } & Record<string, unknown> }> }>;
}
type OpenApi = { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components: { schemas: Record<string, unknown> } };

/** Every operation of the document as `METHOD /path` with its object. */
function operations(doc: OpenApi): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m): [string, Operation] => [`${m.toUpperCase()} ${path}`, item[m] as Operation]),
  );
}

/** What an operation lacks of the contract: a summary, a documented problem response, a success schema. */
function gaps(op: Operation): string[] {
  const missing: string[] = [];
  if (!op.summary?.trim()) missing.push('summary');
  const statuses = Object.keys(op.responses);
  const errors = statuses.filter((s) => Number(s) >= 400);
  if (errors.length === 0) missing.push('documented error');
  for (const s of errors) {
    if (op.responses[s].content?.['application/problem+json']?.schema?.$ref !== PROBLEM_REF) missing.push(`${s} as problem+json`);
  }
  const successes = statuses.filter((s) => Number(s) >= 200 && Number(s) < 300);
  if (successes.length === 0) missing.push('success response');
  for (const s of successes) {
    if (s === '204') continue;
    const schema = op.responses[s].content?.['application/json']?.schema;
    if (!schema || Object.keys(schema).length === 0) missing.push(`${s} response schema`);
  }
  return missing;
}

describe('OpenAPI contract (e2e)', () => {
  let app: INestApplication;
  let doc: OpenApi;

  beforeAll(async () => {
    app = await createTestApp();
    const res = await request(app.getHttpServer()).get('/docs-json').expect(200);
    doc = res.body as OpenApi;
  });
  afterAll(async () => {
    await app.close();
  });

  it('gives every operation a summary, its error responses as problem details and a response schema', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(50);
    const incomplete = ops.map(([name, op]) => ({ name, missing: gaps(op) })).filter((o) => o.missing.length > 0);
    expect(incomplete).toEqual([]);
  });

  it('finds what a bare operation lacks', () => {
    expect(gaps({ responses: { '200': {} } })).toEqual(['summary', 'documented error', '200 response schema']);
    expect(gaps({ summary: 'x', responses: { '404': { content: { 'application/json': { schema: {} } } } } })).toEqual([
      '404 as problem+json',
      'success response',
    ]);
  });

  it('serves every versioned route under /v1 and health at /health and /v1/health', () => {
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => !p.startsWith('/v1/'))).toEqual(['/health']);
    expect(paths).toContain('/v1/health');
  });

  it('documents one page schema per item type, { items, nextCursor }', () => {
    const properties = (name: string) => Object.keys((doc.components.schemas[name] as { properties: object }).properties).sort();
    const pages = Object.keys(doc.components.schemas).filter((name) => name.endsWith('PageDto'));
    expect(pages.sort()).toEqual(['AnalysisHistoryItemPageDto', 'CustomerPageDto', 'ExperimentPageDto', 'OrderPageDto']);
    for (const name of pages) expect(properties(name)).toEqual(['items', 'nextCursor']);
    expect(properties('KMeansModelListDto')).toEqual(['activeVersion', 'items', 'nextCursor']);
  });

  it('matches the committed /docs-json snapshot', () => {
    if (UPDATE || !existsSync(SNAPSHOT)) {
      if (!UPDATE) throw new Error(`${SNAPSHOT} is missing: run npm run openapi:snapshot -w backend`);
      writeFileSync(SNAPSHOT, `${JSON.stringify(doc, null, 2)}\n`);
    }
    expect(doc).toEqual(JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  });
});
