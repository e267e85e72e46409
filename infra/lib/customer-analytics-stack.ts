import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFn, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { LAMBDA_FUNCTIONS } from '../../backend/src/lambda-functions';
import { DEFAULT_MODEL_CATALOG } from '../../backend/src/llm/model-catalog';
import { METRICS_NAMESPACE_DEFAULT } from '../../backend/src/metrics/metric-names';
import { allTableDefinitions } from '../../backend/src/storage/table-definitions';
import { BEDROCK_INVOKE_ACTIONS, bedrockModelResources } from './bedrock-policy';
import { LambdaBundles } from './lambda-bundle';
import { Monitoring } from './monitoring';
import { indexNamesOf, tablePropsFromDefinition } from './table-props';

/** Table names by configuration key: every key of the backend's `allTableDefinitions` argument, none left to its default. */
export type TableNames = Required<Parameters<typeof allTableDefinitions>[0]>;

/** DynamoDB actions of the application: item reads and writes, queries, the batch job's Scan, health's DescribeTable. */
export const DYNAMODB_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:DescribeTable',
] as const;

export interface CustomerAnalyticsStackProps extends StackProps {
  /** `dev`, `prod`, ...: names every resource; `prod` turns on table deletion protection. */
  readonly stage: string;
  readonly bundles: LambdaBundles;
  /** SSM String parameter holding `API_KEYS` (`name:sha256hex:scope+scope,...`: hashes, never keys). */
  readonly apiKeysParameterName: string;
  /** EventBridge schedule expression of the batch job. */
  readonly batchSchedule: string;
  readonly logRetention: RetentionDays;
  readonly dailyLlmBudgetUsd: number;
  /** An existing SNS topic for alarm notifications. */
  readonly alarmTopicArn?: string;
}

/** Default table names of a stage: the backend's convention `customer-analytics-<stage>-<key>`. */
export function tableNamesFor(stage: string): TableNames {
  return { customers: `customer-analytics-${stage}-customers`, experiments: `customer-analytics-${stage}-experiments` };
}

/** `CUSTOMERS_TABLE` for key `customers` (`fooBar` → `FOO_BAR_TABLE`): the backend's variable names. */
export function tableEnvironmentVariable(key: string): string {
  return `${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_TABLE`;
}

/**
 * One stage of the service: DynamoDB tables built from the backend's table definitions, the API
 * Lambda behind an HTTP API, the batch segmentation Lambda on a schedule, least-privilege roles,
 * logs with retention, X-Ray tracing, a dashboard and alarms. Environment-agnostic: no lookups.
 */
export class CustomerAnalyticsStack extends Stack {
  readonly tables: Record<string, TableV2> = {};
  readonly apiFunction: LambdaFn;
  readonly batchFunction?: LambdaFn;
  readonly httpApi: HttpApi;
  /** Log groups of the functions, by function construct id. */
  readonly functionLogGroups: LogGroup[] = [];

  constructor(scope: Construct, id: string, props: CustomerAnalyticsStackProps) {
    super(scope, id, props);
    const { stage } = props;
    Tags.of(this).add('service', 'customer-analytics');
    Tags.of(this).add('stage', stage);

    const names = tableNamesFor(stage);
    const definitions = allTableDefinitions(names);
    const environment: Record<string, string> = {
      STAGE: stage,
      STORAGE_MODE: 'aws',
      IMPORT_ON_START: 'false',
      LOG_LEVEL: 'log',
      METRICS_NAMESPACE: METRICS_NAMESPACE_DEFAULT,
      // Resolved by CloudFormation at deploy time from the SSM parameter; holds hashes only.
      API_KEYS: StringParameter.valueForStringParameter(this, props.apiKeysParameterName),
    };
    const tableArns: string[] = [];
    for (const [key, tableName] of Object.entries(names)) {
      const definition = definitions.find((d) => d.TableName === tableName);
      if (!definition) throw new Error(`no table definition named ${tableName}`);
      const table = new TableV2(this, `${key[0].toUpperCase()}${key.slice(1)}Table`, tablePropsFromDefinition(definition, { deletionProtection: stage === 'prod' }));
      this.tables[key] = table;
      environment[tableEnvironmentVariable(key)] = table.tableName;
      tableArns.push(table.tableArn, ...indexNamesOf(definition).map((index) => `${table.tableArn}/index/${index}`));
    }
    const dynamoStatement = new PolicyStatement({ sid: 'Tables', effect: Effect.ALLOW, actions: [...DYNAMODB_ACTIONS], resources: tableArns });

    const lambdaRole = (roleId: string, logGroup: LogGroup, statements: PolicyStatement[]) => {
      const role = new Role(this, roleId, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
      role.addToPolicy(
        new PolicyStatement({ sid: 'Logs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`] }),
      );
      statements.forEach((s) => role.addToPolicy(s));
      return role;
    };
    const logGroup = (logId: string) => new LogGroup(this, logId, { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const functionLogGroup = (logId: string) => {
      const created = logGroup(logId);
      this.functionLogGroups.push(created);
      return created;
    };
    const common = {
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: 'index.handler',
      tracing: Tracing.ACTIVE,
      environment,
    };

    const apiLogs = functionLogGroup('ApiFunctionLogs');
    const bedrockStatement = new PolicyStatement({
      sid: 'InvokeCatalogModels',
      effect: Effect.ALLOW,
      actions: [...BEDROCK_INVOKE_ACTIONS],
      resources: bedrockModelResources(DEFAULT_MODEL_CATALOG),
    });
    this.apiFunction = new LambdaFn(this, 'ApiFunction', {
      ...common,
      functionName: `customer-analytics-${stage}-api`,
      description: `customer-analytics ${stage}: HTTP API (Nest app behind serverless-http)`,
      code: Code.fromAsset(props.bundles.api),
      memorySize: LAMBDA_FUNCTIONS.api.memoryMb,
      timeout: Duration.seconds(29),
      logGroup: apiLogs,
      role: lambdaRole('ApiFunctionRole', apiLogs, [dynamoStatement, bedrockStatement]),
    });
    // Explicit heap sizes: the V8 flags the bundle's code cache was recorded under (lambda-functions.ts).
    this.apiFunction.addEnvironment('NODE_OPTIONS', LAMBDA_FUNCTIONS.api.nodeOptions);

    const accessLogs = logGroup('HttpApiAccessLogs');
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `customer-analytics-${stage}`,
      description: `customer-analytics ${stage}: every route goes to the API function, which checks x-api-key`,
      defaultIntegration: new HttpLambdaIntegration('ApiIntegration', this.apiFunction),
      createDefaultStage: false,
    });
    const apiStage = new HttpStage(this, 'HttpApiStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.jsonWithStandardFields() },
    });

    if (props.bundles.batch) {
      const batchLogs = functionLogGroup('BatchFunctionLogs');
      this.batchFunction = new LambdaFn(this, 'BatchFunction', {
        ...common,
        functionName: `customer-analytics-${stage}-batch`,
        description: `customer-analytics ${stage}: batch segmentation job (schedule or direct invocation)`,
        code: Code.fromAsset(props.bundles.batch),
        memorySize: LAMBDA_FUNCTIONS.batch.memoryMb,
        timeout: Duration.minutes(15),
        retryAttempts: 0,
        logGroup: batchLogs,
        role: lambdaRole('BatchFunctionRole', batchLogs, [dynamoStatement]),
      });
      this.batchFunction.addEnvironment('NODE_OPTIONS', LAMBDA_FUNCTIONS.batch.nodeOptions);
      // POST /v1/customers/segmentation/batch hands its job to this function (asynchronous Invoke):
      // the API function is frozen once it has answered.
      this.apiFunction.addEnvironment('BATCH_FUNCTION_NAME', this.batchFunction.functionName);
      this.apiFunction.addToRolePolicy(
        new PolicyStatement({ sid: 'InvokeBatchFunction', effect: Effect.ALLOW, actions: ['lambda:InvokeFunction'], resources: [this.batchFunction.functionArn] }),
      );
      new Rule(this, 'BatchSchedule', {
        description: `customer-analytics ${stage}: run the batch segmentation job`,
        schedule: Schedule.expression(props.batchSchedule),
        targets: [new LambdaFunction(this.batchFunction, { event: RuleTargetInput.fromObject({ source: 'aws.events', trigger: 'schedule' }), retryAttempts: 0 })],
      });
      new CfnOutput(this, 'BatchFunctionName', { value: this.batchFunction.functionName });
    }

    new Monitoring(this, 'Monitoring', {
      stage,
      apiFunction: this.apiFunction,
      batchFunction: this.batchFunction,
      httpApi: this.httpApi,
      tables: Object.values(this.tables),
      modelIds: DEFAULT_MODEL_CATALOG.map((m) => m.modelId),
      dailyLlmBudgetUsd: props.dailyLlmBudgetUsd,
      alarmTopic: props.alarmTopicArn ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined,
    });

    new CfnOutput(this, 'ApiUrl', { value: apiStage.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'ApiFunctionName', { value: this.apiFunction.functionName });
    new CfnOutput(this, 'ApiFunctionRoleName', { value: this.apiFunction.role?.roleName ?? '' });
    new CfnOutput(this, 'DashboardName', { value: `customer-analytics-${stage}` });
  }
}
