import { App, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CustomerAnalyticsStack } from './customer-analytics-stack';
import { ensureLambdaBundles, LambdaBundles } from './lambda-bundle';
import { suppressAcceptedFindings } from './nag';

/** Context values (`-c key=value` or cdk.json), all optional. */
export interface DeploymentContext {
  readonly stage: string;
  readonly apiKeysParameter: string;
  readonly batchSchedule: string;
  readonly logRetentionDays: RetentionDays;
  readonly dailyLlmBudgetUsd: number;
  readonly alarmTopicArn?: string;
}

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

/**
 * Reads and validates the deployment context. Defaults: stage `dev`; API key hashes in
 * `/customer-analytics/<stage>/api-keys`; batch at 03:00 UTC daily; logs kept 30 days; 20 USD/day
 * model budget; no alarm topic.
 *
 * @throws Error naming the bad context key.
 */
export function readContext(app: App): DeploymentContext {
  const get = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const stage = get('stage') ?? 'dev';
  if (!STAGE.test(stage)) throw new Error(`context stage: must match ${STAGE.source} (got ${stage})`);
  const retention = Number(get('logRetentionDays') ?? 30);
  if (!Object.values(RetentionDays).includes(retention)) throw new Error(`context logRetentionDays: not a CloudWatch Logs retention (got ${retention})`);
  const budget = Number(get('dailyLlmBudgetUsd') ?? 20);
  if (!Number.isFinite(budget) || budget <= 0) throw new Error('context dailyLlmBudgetUsd: must be a positive number');
  const parameter = get('apiKeysParameter') ?? `/customer-analytics/${stage}/api-keys`;
  if (!/^\/[A-Za-z0-9_.\-/]{1,1010}$/.test(parameter)) throw new Error('context apiKeysParameter: must be an SSM parameter name starting with /');
  const topic = get('alarmTopicArn');
  if (topic !== undefined && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(topic)) throw new Error('context alarmTopicArn: must be an SNS topic ARN');
  return {
    stage,
    apiKeysParameter: parameter,
    batchSchedule: get('batchSchedule') ?? 'cron(0 3 * * ? *)',
    logRetentionDays: retention as RetentionDays,
    dailyLlmBudgetUsd: budget,
    ...(topic ? { alarmTopicArn: topic } : {}),
  };
}

/**
 * The CDK app: one `CustomerAnalytics-<stage>` stack, checked by cdk-nag's AwsSolutions pack with
 * the accepted findings suppressed (see `nag.ts`). Builds the Lambda bundles when they are missing.
 */
export function buildApp(app = new App(), bundles: LambdaBundles = ensureLambdaBundles()): { app: App; stack: CustomerAnalyticsStack } {
  const context = readContext(app);
  const stack = new CustomerAnalyticsStack(app, `CustomerAnalytics-${context.stage}`, {
    description: `customer-analytics ${context.stage}: HTTP API and batch Lambdas, DynamoDB tables, monitoring`,
    stage: context.stage,
    bundles,
    apiKeysParameterName: context.apiKeysParameter,
    batchSchedule: context.batchSchedule,
    logRetention: context.logRetentionDays,
    dailyLlmBudgetUsd: context.dailyLlmBudgetUsd,
    alarmTopicArn: context.alarmTopicArn,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  suppressAcceptedFindings(stack);
  return { app, stack };
}
