import { SECONDS_PER_DAY } from '../common/domain/time';
import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { throwIfInvalid, toInt, validateVariables } from '../config/config-validation';
import { AnalysisType } from './domain/analysis-type';
import { DEFAULT_LAPSED_HORIZON_DAYS } from './domain/consumption-analyzer';

/** Typed analysis configuration, read with `config.getOrThrow('analysis', { infer: true })`. */
export interface AnalysisConfig {
  /** Cache lifetime of each analysis type, in seconds. */
  readonly cacheTtlSeconds: Readonly<Record<AnalysisType, number>>;
  /** Lifetime of a history item, in days. */
  readonly historyTtlDays: number;
  /** Latest orders sent in full to a model. */
  readonly maxInputOrders: number;
  /** H of the lapse rule `days since last purchase > max(3·E, E + H)`, in days (`isLapsed`). */
  readonly lapsedHorizonDays: number;
}

const DAY_S = SECONDS_PER_DAY;

/** Analysis variables, all optional and bounded; merged into the app's boot validation. */
export class AnalysisEnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(30 * DAY_S)
  ANALYSIS_CACHE_TTL_CONSUMPTION_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(30 * DAY_S)
  ANALYSIS_CACHE_TTL_PROFILE_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(30 * DAY_S)
  ANALYSIS_CACHE_TTL_RECOMMENDATIONS_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3650)
  ANALYSIS_HISTORY_TTL_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(500)
  ANALYSIS_MAX_INPUT_ORDERS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(730)
  ANALYSIS_LAPSED_HORIZON_DAYS?: number;
}

/**
 * Builds the analysis configuration from environment variables (pure). Defaults: cache 1 day for
 * consumption predictions and recommendations, 7 days for profiles; history kept 365 days; the
 * latest 100 orders sent to a model; lapse horizon 60 days.
 *
 * @throws InvalidConfigError naming each bad variable.
 */
export function parseAnalysisConfig(env: Readonly<Record<string, string | undefined>>): AnalysisConfig {
  const { vars, problems } = validateVariables(AnalysisEnvironmentVariables, env);
  throwIfInvalid('analysis', problems);
  return {
    cacheTtlSeconds: {
      consumption_prediction: vars.ANALYSIS_CACHE_TTL_CONSUMPTION_SECONDS ?? DAY_S,
      customer_profile: vars.ANALYSIS_CACHE_TTL_PROFILE_SECONDS ?? 7 * DAY_S,
      recommendations: vars.ANALYSIS_CACHE_TTL_RECOMMENDATIONS_SECONDS ?? DAY_S,
    },
    historyTtlDays: vars.ANALYSIS_HISTORY_TTL_DAYS ?? 365,
    maxInputOrders: vars.ANALYSIS_MAX_INPUT_ORDERS ?? 100,
    lapsedHorizonDays: vars.ANALYSIS_LAPSED_HORIZON_DAYS ?? DEFAULT_LAPSED_HORIZON_DAYS,
  };
}

/** The `analysis` config namespace. */
export const analysisConfig = registerAs('analysis', (): AnalysisConfig => parseAnalysisConfig(process.env));
