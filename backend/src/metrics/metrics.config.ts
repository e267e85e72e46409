import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, Matches, validateSync } from 'class-validator';
import { describeValidationError } from '../config/describe-validation-error';
import { METRICS_NAMESPACE_DEFAULT } from './metric-names';

export const METRICS_SINKS = ['emf', 'log', 'memory', 'off'] as const;
/**
 * Where metrics go:
 * - `emf`: CloudWatch Embedded Metric Format documents on stdout (CloudWatch Logs extracts the
 *   metrics; default in Lambda, i.e. when `AWS_LAMBDA_FUNCTION_NAME` is set);
 * - `log`: the same documents through the Nest logger at debug level (local inspection, `LOG_LEVEL=debug`);
 * - `memory`: kept in process (tests);
 * - `off`: dropped (default elsewhere, so the embedded server's logs stay readable).
 */
export type MetricsSink = (typeof METRICS_SINKS)[number];

export interface MetricsConfig {
  readonly sink: MetricsSink;
  readonly namespace: string;
}

/** Metrics variables, validated at boot with the core ones. */
export class MetricsEnvironmentVariables {
  @IsOptional() @IsIn(METRICS_SINKS)
  METRICS_SINK?: MetricsSink;

  @IsOptional() @Matches(/^[A-Za-z0-9._/#:-]{1,255}$/, { message: 'must be a CloudWatch namespace (1..255 of A-Z a-z 0-9 . _ / # : -)' })
  METRICS_NAMESPACE?: string;
}

/** Thrown when a metrics variable is invalid; the message names every bad variable. */
export class InvalidMetricsConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid metrics configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidMetricsConfigError';
  }
}

/**
 * Builds the metrics configuration (pure). Defaults: sink `emf` in Lambda (`AWS_LAMBDA_FUNCTION_NAME`
 * set), else `off`; namespace `CustomerAnalytics`.
 *
 * @throws InvalidMetricsConfigError.
 */
export function parseMetricsConfig(env: Readonly<Record<string, string | undefined>>): MetricsConfig {
  const vars = plainToInstance(MetricsEnvironmentVariables, { ...env }, { enableImplicitConversion: false });
  const problems = validateSync(vars, { whitelist: false, forbidUnknownValues: false }).flatMap(describeValidationError);
  if (problems.length > 0) throw new InvalidMetricsConfigError(problems);
  return { sink: vars.METRICS_SINK ?? defaultSink(env), namespace: vars.METRICS_NAMESPACE ?? METRICS_NAMESPACE_DEFAULT };
}

/** `emf` inside Lambda, where CloudWatch Logs turns stdout EMF lines into metrics; `off` elsewhere. */
export function defaultSink(env: Readonly<Record<string, string | undefined>>): MetricsSink {
  return env.AWS_LAMBDA_FUNCTION_NAME ? 'emf' : 'off';
}

/** The `metrics` config namespace. */
export const metricsConfig = registerAs('metrics', (): MetricsConfig => parseMetricsConfig(process.env));
