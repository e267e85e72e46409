import { registerAs } from '@nestjs/config';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, Matches, validateSync } from 'class-validator';
import { describeValidationError } from '../config/describe-validation-error';
import { METRICS_NAMESPACE_DEFAULT } from './metric-names';

export const METRICS_SINKS = ['emf', 'memory', 'off'] as const;
/** `emf`: Embedded Metric Format on stdout; `memory`: kept in process (tests); `off`: dropped. */
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

/** Builds the metrics configuration (pure). Defaults: `emf`, namespace `CustomerAnalytics`. @throws InvalidMetricsConfigError. */
export function parseMetricsConfig(env: Readonly<Record<string, string | undefined>>): MetricsConfig {
  const vars = plainToInstance(MetricsEnvironmentVariables, { ...env }, { enableImplicitConversion: false });
  const problems = validateSync(vars, { whitelist: false, forbidUnknownValues: false }).flatMap(describeValidationError);
  if (problems.length > 0) throw new InvalidMetricsConfigError(problems);
  return { sink: vars.METRICS_SINK ?? 'emf', namespace: vars.METRICS_NAMESPACE ?? METRICS_NAMESPACE_DEFAULT };
}

/** The `metrics` config namespace. */
export const metricsConfig = registerAs('metrics', (): MetricsConfig => parseMetricsConfig(process.env));
