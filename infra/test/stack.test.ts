import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYSIS_DIMENSION_SETS, DIMENSIONS, ERROR_DIMENSION_SETS, METRICS, METRICS_NAMESPACE_DEFAULT, SERVICE_DIMENSION } from '../../backend/src/metrics/metric-names';
import { LAMBDA_FUNCTIONS } from '../../backend/src/lambda-functions';
import { DEFAULT_MODEL_CATALOG } from '../../backend/src/llm/model-catalog';
import { allTableDefinitions, TTL_ATTRIBUTE } from '../../backend/src/storage/table-definitions';
import { buildApp, readContext } from '../lib/app';
import { bedrockModelResources, bedrockPolicyDocument } from '../lib/bedrock-policy';
import { DYNAMODB_ACTIONS, tableEnvironmentVariable, tableNamesFor } from '../lib/customer-analytics-stack';
import { ensureLambdaBundles } from '../lib/lambda-bundle';
import { acceptedFindings } from '../lib/nag';
import { ALARMS, POWERTOOLS_COLD_START } from '../lib/monitoring';

type Json = Record<string, unknown>;
const REPO = join(__dirname, '..', '..');
/** The feature flags of cdk.json, so that tests synthesize what `cdk synth` does. */
const CDK_CONTEXT = (JSON.parse(readFileSync(join(__dirname, '..', 'cdk.json'), 'utf8')) as { context: Json }).context;
const appFor = (context: Json) => new App({ context: { ...CDK_CONTEXT, ...context } });

const { app, stack } = buildApp(appFor({ stage: 'test' }), ensureLambdaBundles());
const template = Template.fromStack(stack);
const resources = (type: string): Record<string, Json> => template.findResources(type) as Record<string, Json>;
const props = (resource: Json) => resource.Properties as Json;

function policyStatements(roleLogicalIdPrefix: string): Json[] {
  const [policy] = Object.entries(resources('AWS::IAM::Policy')).filter(([id]) => id.startsWith(roleLogicalIdPrefix));
  expect(policy).toBeDefined();
  return (props(policy[1]).PolicyDocument as { Statement: Json[] }).Statement;
}

describe('DynamoDB tables (from the backend table definitions)', () => {
  const definitions = allTableDefinitions(tableNamesFor('test'));
  const tables = Object.values(resources('AWS::DynamoDB::GlobalTable')).map(props);

  it('has one table per definition and nothing else', () => {
    expect(tables.map((t) => t.TableName).sort()).toEqual(definitions.map((d) => d.TableName).sort());
  });

  it.each(definitions.map((d) => [d.TableName, d] as const))('%s has the keys, attributes and indexes of its definition', (_name, definition) => {
    const table = tables.find((t) => t.TableName === definition.TableName) as Json;
    expect(table.KeySchema).toEqual(definition.KeySchema);
    expect(table.AttributeDefinitions).toEqual(expect.arrayContaining(definition.AttributeDefinitions ?? []));
    expect((table.AttributeDefinitions as unknown[]).length).toBe(definition.AttributeDefinitions?.length);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    const byName = (list: unknown) => Object.fromEntries(((list ?? []) as Json[]).map((i) => [i.IndexName, { KeySchema: i.KeySchema, Projection: i.Projection }]));
    expect(byName(table.GlobalSecondaryIndexes)).toEqual(byName(definition.GlobalSecondaryIndexes));
    expect(byName(table.LocalSecondaryIndexes)).toEqual(byName(definition.LocalSecondaryIndexes));
  });

  it('enables TTL on expiresAt and point-in-time recovery, and keeps the data on stack deletion', () => {
    for (const [, resource] of Object.entries(resources('AWS::DynamoDB::GlobalTable'))) {
      expect(props(resource).TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
      expect(props(resource).Replicas).toEqual([
        expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, DeletionProtectionEnabled: false }),
      ]);
      expect(resource.DeletionPolicy).toBe('Retain');
    }
  });

  it('names every index and the TTL attribute in docs/data-model.md', () => {
    const doc = readFileSync(join(REPO, 'docs', 'data-model.md'), 'utf8');
    for (const definition of definitions) {
      for (const index of [...(definition.GlobalSecondaryIndexes ?? []), ...(definition.LocalSecondaryIndexes ?? [])]) expect(doc).toContain(index.IndexName);
    }
    expect(doc).toContain(TTL_ATTRIBUTE);
  });

  it('turns on deletion protection for prod only', () => {
    const prod = Template.fromStack(buildApp(appFor({ stage: 'prod' }), ensureLambdaBundles()).stack);
    const [table] = Object.values(prod.findResources('AWS::DynamoDB::GlobalTable')) as Json[];
    expect(props(table).Replicas).toEqual([expect.objectContaining({ DeletionProtectionEnabled: true })]);
  });
});

describe('Lambda functions and HTTP API', () => {
  it('runs both handlers on nodejs22.x arm64 with X-Ray tracing, from the bundles', () => {
    for (const name of ['customer-analytics-test-api', 'customer-analytics-test-batch']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('sets each function\'s memory and its heap sizes in NODE_OPTIONS, the flags its code cache was recorded under', () => {
    for (const [name, runtime] of [
      ['customer-analytics-test-api', LAMBDA_FUNCTIONS.api],
      ['customer-analytics-test-batch', LAMBDA_FUNCTIONS.batch],
    ] as const) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: name,
        MemorySize: runtime.memoryMb,
        Environment: { Variables: Match.objectLike({ NODE_OPTIONS: runtime.nodeOptions }) },
      });
      expect(runtime.v8Flags).toEqual(['--expose-gc', ...runtime.nodeOptions.split(' ')]);
    }
    expect(LAMBDA_FUNCTIONS.api.nodeOptions).toBe('--max-semi-space-size=51 --max-old-space-size=922');
  });

  it('configures the app for AWS mode with the table names and API key hashes from SSM (never literals)', () => {
    const api = Object.values(resources('AWS::Lambda::Function')).map(props).find((p) => p.FunctionName === 'customer-analytics-test-api') as Json;
    const variables = (api.Environment as { Variables: Json }).Variables;
    expect(variables).toMatchObject({ STAGE: 'test', STORAGE_MODE: 'aws', IMPORT_ON_START: 'false', METRICS_NAMESPACE: METRICS_NAMESPACE_DEFAULT });
    for (const key of Object.keys(tableNamesFor('test'))) expect(variables[tableEnvironmentVariable(key)]).toEqual({ Ref: expect.stringMatching(/Table/) });
    const apiKeys = variables.API_KEYS as { Ref: string };
    expect(template.toJSON().Parameters[apiKeys.Ref]).toEqual({ Type: 'AWS::SSM::Parameter::Value<String>', Default: '/customer-analytics/test/api-keys' });
    expect(tableEnvironmentVariable('customers')).toBe('CUSTOMERS_TABLE');
    expect(tableEnvironmentVariable('analysisHistory')).toBe('ANALYSIS_HISTORY_TABLE');
  });

  it('serves every route through one Lambda integration (payload 2.0) on a throttled $default stage with access logs', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    expect(Object.keys(template.findOutputs('ApiUrl'))).toEqual(['ApiUrl']);
  });

  it('keeps every log group for 30 days', () => {
    const groups = Object.values(resources('AWS::Logs::LogGroup')).map(props);
    expect(groups.length).toBe(3);
    for (const group of groups) expect(group.RetentionInDays).toBe(30);
  });

  it('runs the batch function on the nightly schedule', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BatchFunction'), 'Arn'] } })],
    });
  });
});

describe('IAM (least privilege)', () => {
  it('gives the API role logs, its tables and indexes, the catalog models and X-Ray, nothing else', () => {
    const statements = policyStatements('ApiFunctionRole');
    expect(statements.map((s) => s.Sid ?? 'xray')).toEqual(['Logs', 'Tables', 'InvokeCatalogModels', 'xray', 'InvokeBatchFunction']);
    const tables = statements.find((s) => s.Sid === 'Tables') as Json;
    expect([...(tables.Action as string[])].sort()).toEqual([...DYNAMODB_ACTIONS].sort());
    const resourcesText = JSON.stringify(tables.Resource);
    for (const definition of allTableDefinitions(tableNamesFor('test'))) {
      for (const index of [...(definition.GlobalSecondaryIndexes ?? []), ...(definition.LocalSecondaryIndexes ?? [])]) {
        expect(resourcesText).toContain(`/index/${index.IndexName}"`);
      }
    }
    expect(resourcesText).not.toContain('*');
    const bedrock = statements.find((s) => s.Sid === 'InvokeCatalogModels') as Json;
    expect(bedrock.Action).toEqual(['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']);
    expect(bedrock.Resource).toEqual(bedrockModelResources(DEFAULT_MODEL_CATALOG));
    expect(statements.find((s) => s.Sid === undefined)).toEqual({ Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' });
  });

  it('lets the API function invoke the batch function, and only that function, whose name it gets in BATCH_FUNCTION_NAME', () => {
    const [batchId] = Object.entries(resources('AWS::Lambda::Function')).find(([, r]) => props(r).FunctionName === 'customer-analytics-test-batch') as [string, Json];
    const invoke = policyStatements('ApiFunctionRole').filter((s) => JSON.stringify(s.Action).includes('lambda:'));
    expect(invoke).toEqual([{ Sid: 'InvokeBatchFunction', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [batchId, 'Arn'] } }]);
    const api = Object.values(resources('AWS::Lambda::Function')).map(props).find((p) => p.FunctionName === 'customer-analytics-test-api') as Json;
    expect((api.Environment as { Variables: Json }).Variables.BATCH_FUNCTION_NAME).toEqual({ Ref: batchId });
    const batch = Object.values(resources('AWS::Lambda::Function')).map(props).find((p) => p.FunctionName === 'customer-analytics-test-batch') as Json;
    expect((batch.Environment as { Variables: Json }).Variables.BATCH_FUNCTION_NAME).toBeUndefined();
    expect(JSON.stringify(policyStatements('BatchFunctionRole'))).not.toContain('lambda:');
  });

  it('gives the batch role no Bedrock access', () => {
    const statements = policyStatements('BatchFunctionRole');
    expect(statements.map((s) => s.Sid ?? 'xray')).toEqual(['Logs', 'Tables', 'xray']);
  });

  it('names each catalog model (and inference profile) exactly, with a region wildcard only', () => {
    const expected = DEFAULT_MODEL_CATALOG.flatMap((m) => [
      `arn:aws:bedrock:*::foundation-model/${m.modelId}`,
      ...(m.inferenceProfileId ? [`arn:aws:bedrock:*:*:inference-profile/${m.inferenceProfileId}`] : []),
    ]);
    expect(bedrockModelResources(DEFAULT_MODEL_CATALOG)).toEqual([...expected].sort());
  });

  it('attaches no managed policy and grants no action wildcard anywhere', () => {
    for (const role of Object.values(resources('AWS::IAM::Role')).map(props)) expect(role.ManagedPolicyArns).toBeUndefined();
    for (const policy of Object.values(resources('AWS::IAM::Policy')).map(props)) {
      for (const statement of (policy.PolicyDocument as { Statement: Json[] }).Statement) {
        for (const action of [statement.Action].flat() as string[]) expect(action).not.toMatch(/\*/);
      }
    }
  });

  it('matches the committed bedrock-iam-policy.json', () => {
    const committed = JSON.parse(readFileSync(join(REPO, 'bedrock-iam-policy.json'), 'utf8')) as unknown;
    expect(committed).toEqual(bedrockPolicyDocument(DEFAULT_MODEL_CATALOG));
  });
});

describe('alarms and dashboard', () => {
  const alarms = Object.values(resources('AWS::CloudWatch::Alarm')).map(props);
  const emitted = new Set<string>(Object.values(METRICS));
  const dimensionSets = [...ANALYSIS_DIMENSION_SETS, ...ERROR_DIMENSION_SETS].map((set) => [SERVICE_DIMENSION, ...set].sort().join(','));

  function appMetrics(): { name: string; dimensions: string[] }[] {
    const found: { name: string; dimensions: string[] }[] = [];
    for (const alarm of alarms) {
      const stats = [alarm, ...((alarm.Metrics as Json[] | undefined) ?? []).map((m) => (m.MetricStat as Json | undefined)?.Metric as Json).filter(Boolean)];
      for (const metric of stats) {
        if (metric.Namespace !== METRICS_NAMESPACE_DEFAULT) continue;
        found.push({ name: metric.MetricName as string, dimensions: ((metric.Dimensions as Json[]) ?? []).map((d) => d.Name as string).sort() });
      }
    }
    return found;
  }

  it('has an alarm for Lambda errors, throttles and duration, API 5xx, the batch job, models, cost and DynamoDB throttles', () => {
    expect(alarms.map((a) => (a.AlarmName as string).replace('customer-analytics-test-', '')).sort()).toEqual(Object.values(ALARMS).sort());
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Throttles', Namespace: 'AWS/Lambda' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Duration', Namespace: 'AWS/Lambda', ExtendedStatistic: 'p95' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: '5xx', Namespace: 'AWS/ApiGateway' });
    for (const alarm of alarms) expect(alarm.AlarmDescription).toMatch(/docs\/operations\.md/);
  });

  it('reads only metric and dimension names the code emits, in the dimension sets it publishes', () => {
    const metrics = appMetrics();
    expect(metrics.length).toBeGreaterThan(10);
    for (const metric of metrics) {
      expect(emitted).toContain(metric.name);
      expect(dimensionSets).toContain(metric.dimensions.join(','));
    }
    const modelIds = new Set(DEFAULT_MODEL_CATALOG.map((m) => m.modelId));
    for (const alarm of alarms) {
      for (const m of ((alarm.Metrics as Json[] | undefined) ?? []).map((x) => (x.MetricStat as Json | undefined)?.Metric as Json).filter(Boolean)) {
        const model = ((m.Dimensions as Json[]) ?? []).find((d) => d.Name === DIMENSIONS.modelId);
        if (model) expect(modelIds).toContain(model.Value);
      }
    }
  });

  it('has a dashboard that charts the cold-start metric of both functions', () => {
    const [dashboard] = Object.values(resources('AWS::CloudWatch::Dashboard')).map(props);
    const body = JSON.stringify(dashboard.DashboardBody);
    expect(body).toContain(POWERTOOLS_COLD_START.metric);
    for (const name of Object.values(METRICS)) expect(body).toContain(name);
  });
});

describe('cdk-nag (AwsSolutions) and synthesis', () => {
  it('passes the AwsSolutions pack with only the justified, named suppressions', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    for (const { findings } of acceptedFindings(stack)) {
      for (const finding of findings) {
        expect(finding.id).not.toMatch(/^AwsSolutions-IAM5\[Action::/);
        expect(finding.reason.length).toBeGreaterThan(60);
      }
    }
  });

  it('synthesizes offline: no context lookups, environment-agnostic', () => {
    const assembly = app.synth();
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('rejects bad context values by name', () => {
    expect(() => readContext(new App({ context: { stage: 'Prod!' } }))).toThrow('context stage');
    expect(() => readContext(new App({ context: { logRetentionDays: 12 } }))).toThrow('context logRetentionDays');
    expect(() => readContext(new App({ context: { alarmTopicArn: 'topic' } }))).toThrow('context alarmTopicArn');
    expect(readContext(new App())).toMatchObject({ stage: 'dev', apiKeysParameter: '/customer-analytics/dev/api-keys' });
  });
});
