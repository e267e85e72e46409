import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { JsonLogger } from './common/logging/json-logger';
import { METRICS_NAMESPACE_DEFAULT, SERVICE_NAME } from './metrics/metric-names';

const POWERTOOLS_LEVEL = { error: 'ERROR', warn: 'WARN', log: 'INFO', debug: 'DEBUG', verbose: 'TRACE' } as const;
type LogLevelName = keyof typeof POWERTOOLS_LEVEL;

/** What each Lambda handler holds in module scope, across invocations of one execution environment. */
export interface LambdaRuntime {
  /** Powertools logger for handler-level lines (cold start, request ids, failures). */
  readonly logger: PowertoolsLogger;
  /** Powertools metrics of the handler (the `ColdStart` metric); the app's own metrics go through `MetricsRecorder`. */
  readonly metrics: Metrics;
  /** The Nest logger given to the app: JSON lines with the request id. */
  readonly nestLogger: JsonLogger;
}

/** `LOG_LEVEL` when it is one of ours; a bad value is reported by the boot validation, not here. */
function parseLogLevel(value: string | undefined): LogLevelName {
  return value !== undefined && value in POWERTOOLS_LEVEL ? (value as LogLevelName) : 'log';
}

/**
 * Logger and metrics of a Lambda handler, from `LOG_LEVEL` and `METRICS_NAMESPACE` (default
 * `CustomerAnalytics`); the service dimension is the one the app's metrics use.
 */
export function createLambdaRuntime(): LambdaRuntime {
  const level = parseLogLevel(process.env.LOG_LEVEL);
  return {
    logger: new PowertoolsLogger({ serviceName: SERVICE_NAME, logLevel: POWERTOOLS_LEVEL[level] }),
    metrics: new Metrics({ namespace: process.env.METRICS_NAMESPACE ?? METRICS_NAMESPACE_DEFAULT, serviceName: SERVICE_NAME }),
    nestLogger: new JsonLogger(level),
  };
}

/**
 * Caches the result of `create` in module scope: the first call starts it, later calls reuse it;
 * a rejected start is forgotten so that the next invocation tries again.
 */
export function cachedBootstrap<T>(create: () => Promise<T>): { get(): Promise<T>; take(): Promise<T> | undefined } {
  let cached: Promise<T> | undefined;
  return {
    get() {
      cached ??= create().catch((err: unknown) => {
        cached = undefined;
        throw err;
      });
      return cached;
    },
    take() {
      const current = cached;
      cached = undefined;
      return current;
    },
  };
}
