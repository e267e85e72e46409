import { Duration } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ANALYSIS_TYPES } from '../../backend/src/analysis/domain/analysis-type';
import { DIMENSIONS, METRICS, METRICS_NAMESPACE_DEFAULT, SERVICE_DIMENSION, SERVICE_NAME } from '../../backend/src/metrics/metric-names';

/**
 * Powertools' cold-start metric, written by the handlers (`captureColdStartMetric`) with dimensions
 * `service` and `function_name`; the names are Powertools' own, not the backend's.
 */
export const POWERTOOLS_COLD_START = { metric: 'ColdStart', functionDimension: 'function_name' } as const;

export interface MonitoringProps {
  readonly stage: string;
  readonly apiFunction: IFunction;
  readonly batchFunction?: IFunction;
  readonly httpApi: HttpApi;
  readonly tables: readonly TableV2[];
  /** Catalog model ids: the values of the `ModelId` dimension the code writes. */
  readonly modelIds: readonly string[];
  /** Daily model spend (USD) above which the cost alarm fires. */
  readonly dailyLlmBudgetUsd: number;
  /** Where alarms notify; none: alarms only change state on the dashboard. */
  readonly alarmTopic?: ITopic;
}

/** Alarm ids, exported for tests and docs/operations.md. */
export const ALARMS = {
  apiErrors: 'ApiFunctionErrors',
  apiThrottles: 'ApiFunctionThrottles',
  apiDuration: 'ApiFunctionDurationP95',
  api5xx: 'HttpApi5xx',
  batchErrors: 'BatchFunctionErrors',
  llmErrors: 'LlmErrors',
  fallbackRate: 'AnalysisFallbackRate',
  llmLatency: 'LlmLatencyP95',
  llmCost: 'LlmDailyCost',
  dynamoThrottles: 'DynamoDbThrottles',
} as const;

/**
 * The CloudWatch dashboard and alarms of one stage. Application metrics are read with the namespace,
 * metric and dimension names imported from `backend/src/metrics/metric-names.ts` (what the code
 * writes as EMF: every dimension set carries `service`), so they cannot drift.
 */
export class Monitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const five = Duration.minutes(5);
    const app = (metricName: string, dimensions: Record<string, string>, statistic = 'Sum', period = five) =>
      new Metric({
        namespace: METRICS_NAMESPACE_DEFAULT,
        metricName,
        dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME, ...dimensions },
        statistic,
        period,
      });
    const perModel = (metricName: string, statistic = 'Sum', period = five): Record<string, IMetric> =>
      Object.fromEntries(props.modelIds.map((modelId, i) => [`m${i}`, app(metricName, { [DIMENSIONS.modelId]: modelId }, statistic, period)]));
    const total = (label: string, metrics: Record<string, IMetric>, period = five) =>
      new MathExpression({ expression: Object.keys(metrics).join(' + '), usingMetrics: metrics, label, period });

    const llmCalls = total('LLM calls', perModel(METRICS.llmCalls));
    const llmErrors = total('LLM errors', perModel(METRICS.llmErrors));
    const fallbacks = total(
      'fallbacks to rules',
      Object.fromEntries(ANALYSIS_TYPES.map((type, i) => [`f${i}`, app(METRICS.fallback, { [DIMENSIONS.analysisType]: type, [DIMENSIONS.source]: 'rules' })])),
    );
    const fallbackRate = new MathExpression({
      expression: 'IF(calls >= 10, 100 * fallbacks / calls, 0)',
      usingMetrics: { calls: llmCalls, fallbacks },
      label: 'fallback rate % (periods with ≥ 10 model calls)',
      period: five,
    });
    const llmLatencyP95 = new MathExpression({
      expression: 'MAX(METRICS())',
      usingMetrics: perModel(METRICS.llmLatency, 'p95'),
      label: 'LLM latency p95, slowest model (ms)',
      period: five,
    });
    const dailyCost = total('model cost USD / day', perModel(METRICS.llmCost, 'Sum', Duration.days(1)), Duration.days(1));

    const alarm = (id: string, metric: IMetric, threshold: number, description: string, evaluationPeriods = 1, datapointsToAlarm = evaluationPeriods) => {
      const created = new Alarm(this, id, {
        alarmName: `customer-analytics-${props.stage}-${id}`,
        alarmDescription: `${description} See docs/operations.md#alarms (${id}).`,
        metric,
        threshold,
        evaluationPeriods,
        datapointsToAlarm,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (props.alarmTopic) {
        created.addAlarmAction(new SnsAction(props.alarmTopic));
        created.addOkAction(new SnsAction(props.alarmTopic));
      }
      this.alarms.push(created);
      return created;
    };

    alarm(ALARMS.apiErrors, props.apiFunction.metricErrors({ period: five }), 5, 'API function invocations failed (uncaught errors or timeouts).');
    alarm(ALARMS.apiThrottles, props.apiFunction.metricThrottles({ period: five }), 0, 'API function invocations were throttled (concurrency limit).');
    alarm(ALARMS.apiDuration, props.apiFunction.metricDuration({ period: five, statistic: 'p95' }), 10_000, 'API function p95 duration above 10 s for 15 minutes.', 3);
    alarm(ALARMS.api5xx, props.httpApi.metricServerError({ period: five }), 5, 'HTTP API answered more than 5 server errors (5xx) in 5 minutes, twice in a row.', 2);
    if (props.batchFunction) {
      alarm(ALARMS.batchErrors, props.batchFunction.metricErrors({ period: Duration.hours(1) }), 0, 'The batch segmentation job failed.');
    }
    alarm(ALARMS.llmErrors, llmErrors, 10, 'More than 10 failed model calls (any class) in 5 minutes.');
    alarm(ALARMS.fallbackRate, fallbackRate, 50, 'More than half of the model calls fell back to the rules for 15 minutes.', 3);
    alarm(ALARMS.llmLatency, llmLatencyP95, 10_000, 'Model call p95 latency above 10 s for 15 minutes.', 3);
    alarm(ALARMS.llmCost, dailyCost, props.dailyLlmBudgetUsd, `Model spend above ${props.dailyLlmBudgetUsd} USD in a day.`);
    alarm(
      ALARMS.dynamoThrottles,
      total(
        'DynamoDB throttled requests',
        Object.fromEntries(
          props.tables.map((table, i) => [
            `t${i}`,
            new Metric({ namespace: 'AWS/DynamoDB', metricName: 'ThrottledRequests', dimensionsMap: { TableName: table.tableName }, statistic: 'Sum', period: five }),
          ]),
        ),
      ),
      0,
      'DynamoDB throttled requests (on-demand tables above their burst capacity).',
    );

    const lambdaFunctions = [props.apiFunction, ...(props.batchFunction ? [props.batchFunction] : [])];
    const coldStarts = (fn: IFunction) =>
      new Metric({
        namespace: METRICS_NAMESPACE_DEFAULT,
        metricName: POWERTOOLS_COLD_START.metric,
        dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME, [POWERTOOLS_COLD_START.functionDimension]: fn.functionName },
        statistic: 'Sum',
        period: five,
      });
    const perSource = (metricName: string, statistic = 'Sum') =>
      ANALYSIS_TYPES.flatMap((type) =>
        ['bedrock', 'rules'].map((source) =>
          app(metricName, { [DIMENSIONS.analysisType]: type, [DIMENSIONS.source]: source }, statistic).with({ label: `${type} (${source})` }),
        ),
      );
    const byModel = (metricName: string, statistic = 'Sum') => props.modelIds.map((m) => app(metricName, { [DIMENSIONS.modelId]: m }, statistic).with({ label: m }));

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `customer-analytics-${props.stage}` });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# customer-analytics ${props.stage}\nAlarms and what to do: docs/operations.md. Application metrics: namespace \`${METRICS_NAMESPACE_DEFAULT}\`, service \`${SERVICE_NAME}\`.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'HTTP API: requests, 4xx, 5xx',
        left: [props.httpApi.metricCount({ period: five }), props.httpApi.metricClientError({ period: five }), props.httpApi.metricServerError({ period: five })],
        width: 8,
      }),
      new GraphWidget({
        title: 'HTTP API latency (p50, p95, p99 ms)',
        left: ['p50', 'p95', 'p99'].map((statistic) => props.httpApi.metricLatency({ period: five, statistic })),
        width: 8,
      }),
      new GraphWidget({
        title: 'Lambda errors, throttles and cold starts',
        left: lambdaFunctions.flatMap((fn) => [fn.metricErrors({ period: five }), fn.metricThrottles({ period: five })]),
        right: lambdaFunctions.map(coldStarts),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Lambda duration p95 (ms)', left: lambdaFunctions.map((fn) => fn.metricDuration({ period: five, statistic: 'p95' })), width: 8 }),
      new GraphWidget({ title: 'Analyses by type and source', left: perSource(METRICS.analysisRequests), width: 8 }),
      new GraphWidget({
        title: 'Cache hit rate and fallback rate (%)',
        left: [
          new MathExpression({
            expression: '100 * AVG(METRICS())',
            usingMetrics: Object.fromEntries(perSource(METRICS.cacheHit, 'Average').map((m, i) => [`c${i}`, m])),
            label: 'cache hit rate %',
            period: five,
          }),
          fallbackRate,
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Model calls and errors by model', left: byModel(METRICS.llmCalls), right: byModel(METRICS.llmErrors), width: 8 }),
      new GraphWidget({ title: 'Model latency p95 by model (ms)', left: byModel(METRICS.llmLatency, 'p95'), width: 8 }),
      new GraphWidget({
        title: 'Tokens and cost by model',
        left: [...byModel(METRICS.llmInputTokens), ...byModel(METRICS.llmOutputTokens)],
        right: byModel(METRICS.llmCost),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'DynamoDB consumed capacity and throttles',
        left: props.tables.flatMap((t) => [t.metricConsumedReadCapacityUnits({ period: five }), t.metricConsumedWriteCapacityUnits({ period: five })]),
        right: props.tables.map((t) => new Metric({ namespace: 'AWS/DynamoDB', metricName: 'ThrottledRequests', dimensionsMap: { TableName: t.tableName }, statistic: 'Sum', period: five })),
        width: 12,
      }),
      new GraphWidget({ title: 'Analysis latency p95 by type and source (ms)', left: perSource(METRICS.analysisLatency, 'p95'), width: 12 }),
    );
  }
}
