import { registerAs } from '@nestjs/config';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { throwIfInvalid, validateVariables } from '../config/config-validation';
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

/**
 * Builds the metrics configuration (pure). Defaults: sink `emf` in Lambda (`AWS_LAMBDA_FUNCTION_NAME`
 * set), else `off`; namespace `CustomerAnalytics`.
 *
 * @throws InvalidConfigError naming each bad variable.
 */
export function parseMetricsConfig(env: Readonly<Record<string, string | undefined>>): MetricsConfig {
  const { vars, problems } = validateVariables(MetricsEnvironmentVariables, env);
  throwIfInvalid('metrics', problems);
  return { sink: vars.METRICS_SINK ?? defaultSink(env), namespace: vars.METRICS_NAMESPACE ?? METRICS_NAMESPACE_DEFAULT };
}

/** `emf` inside Lambda, where CloudWatch Logs turns stdout EMF lines into metrics; `off` elsewhere. */
export function defaultSink(env: Readonly<Record<string, string | undefined>>): MetricsSink {
  return env.AWS_LAMBDA_FUNCTION_NAME ? 'emf' : 'off';
}

/** The `metrics` config namespace. */
export const metricsConfig = registerAs('metrics', (): MetricsConfig => parseMetricsConfig(process.env));
