import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { ModelCatalogEntry } from '../../llm/model-catalog';
import { WINSORIZED_METRICS, WinsorizedMetricKey } from '../domain/continuous-histograms';
import { EXPERIMENT_STATUSES, ExperimentStatus } from '../domain/experiment';
import { EXPERIMENT_METRIC_KEYS, ExperimentMetricKey } from '../domain/experiment-metrics';
import type {
  ExperimentResults,
  MetricArmSummary,
  MetricComparisonView,
  MetricResults,
  MetricWinsorizationView,
  OverallDecision,
  RawComparisonView,
  SampleRatioMismatchView,
  VariantResults,
  WinsorizationSettingsView,
} from '../domain/experiment-results';
import type { RecomputedVariant, RecomputeResult } from '../experiment-aggregates-recompute.service';
import type { ExperimentStatusView, PowerResult } from '../experiments.service';
import type { RecordOutcome } from '../experiment-recorder.service';
import type { ConfidenceInterval, EffectSize, MetricRole, UnboundedInterval, VariantDecision } from '../stats';
import { EffectSizeDto, GuardrailDto } from './experiment-request.dto';

const ref = (model: new () => object) => ({ $ref: getSchemaPath(model) });

export class ConfidenceIntervalDto implements ConfidenceInterval {
  @ApiProperty() readonly lower!: number;
  @ApiProperty() readonly upper!: number;
  @ApiProperty({ description: 'Confidence level = 1 − alpha' }) readonly level!: number;
}

export class UnboundedIntervalDto implements UnboundedInterval {
  @ApiProperty({ enum: ['unbounded'] }) readonly status!: 'unbounded';
  @ApiProperty() readonly reason!: string;
}

export class NotComputableDto {
  @ApiProperty({ enum: ['not_computable'] }) readonly status!: 'not_computable';
  @ApiProperty() readonly reason!: string;
}

export class AbsoluteEffectDto {
  @ApiProperty({ description: "Variant − control in the metric's unit (fraction for proportions)" }) readonly estimate!: number;
  @ApiProperty({ type: ConfidenceIntervalDto }) readonly confidenceInterval!: ConfidenceIntervalDto;
}

@ApiExtraModels(ConfidenceIntervalDto, UnboundedIntervalDto)
export class RelativeEffectDto {
  @ApiProperty({ description: '(variant − control) / control' }) readonly estimate!: number;
  @ApiProperty({ type: ConfidenceIntervalDto, description: 'Delta-method interval' }) readonly deltaMethodInterval!: ConfidenceIntervalDto;
  @ApiProperty({ oneOf: [ref(ConfidenceIntervalDto), ref(UnboundedIntervalDto)], description: 'Unbounded when the control mean is not distinguishable from 0' })
  readonly fiellerInterval!: ConfidenceInterval | UnboundedInterval;
}

export class NonInferiorityDto {
  @ApiProperty({ description: 'Outcome of the one-sided test against the margin' }) readonly outcome!: string;
  @ApiProperty() readonly allowedWorsening!: number;
  @ApiProperty() readonly worsening!: number;
  @ApiProperty() readonly upperBound!: number;
  @ApiProperty() readonly pValue!: number;
}

export class RawComparisonDto implements RawComparisonView {
  @ApiProperty({ enum: ['ok', 'not_computable'] }) readonly status!: 'ok' | 'not_computable';
  @ApiPropertyOptional() readonly reason?: string;
  @ApiProperty({ type: AbsoluteEffectDto, nullable: true }) readonly absoluteEffect!: AbsoluteEffectDto | null;
  @ApiProperty({ type: Number, nullable: true }) readonly relativeEffect!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly fixedHorizonPValue!: number | null;
}

@ApiExtraModels(NonInferiorityDto, NotComputableDto)
export class MetricComparisonDto implements MetricComparisonView {
  @ApiProperty() readonly variantKey!: string;
  @ApiProperty({ enum: ['raw', 'winsorized'], description: 'Aggregates the test and the decision used' }) readonly basis!: 'raw' | 'winsorized';
  @ApiProperty({ type: RawComparisonDto, nullable: true, description: 'The uncapped comparison when basis is winsorized' })
  readonly raw!: RawComparisonDto | null;
  @ApiProperty({ enum: ['ok', 'not_computable'] }) readonly status!: 'ok' | 'not_computable';
  @ApiPropertyOptional({ description: 'Why not computable (n < 2, zero variance in both arms, ...)' }) readonly reason?: string;
  @ApiProperty({ type: AbsoluteEffectDto, nullable: true }) readonly absoluteEffect!: AbsoluteEffectDto | null;
  @ApiProperty({ type: RelativeEffectDto, nullable: true }) readonly relativeEffect!: RelativeEffectDto | null;
  @ApiPropertyOptional() readonly relativeEffectProblem?: string;
  @ApiProperty({ type: ConfidenceIntervalDto, nullable: true, description: 'Sequential mode: always-valid interval of the absolute effect' })
  readonly confidenceSequence!: ConfidenceIntervalDto | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The p-value decisions use' }) readonly pValue!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly fixedHorizonPValue!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly log10FixedHorizonPValue!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly adjustedPValue!: number | null;
  @ApiProperty({ enum: ['holm', 'benjamini_hochberg', 'none'] }) readonly correction!: 'holm' | 'benjamini_hochberg' | 'none';
  @ApiProperty() readonly significant!: boolean;
  @ApiProperty({ type: Number, nullable: true }) readonly chanceToWin!: number | null;
  @ApiProperty({ oneOf: [ref(NonInferiorityDto), ref(NotComputableDto)], nullable: true, description: 'Guardrails only' })
  readonly nonInferiority!: MetricComparisonView['nonInferiority'];
}

export class MetricArmDto implements MetricArmSummary {
  @ApiProperty() readonly variantKey!: string;
  @ApiProperty() readonly n!: number;
  @ApiPropertyOptional() readonly mean?: number;
  @ApiPropertyOptional() readonly standardDeviation?: number;
  @ApiPropertyOptional() readonly proportion?: number;
  @ApiPropertyOptional() readonly successes?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Latency only, from the histogram' }) readonly p50?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) readonly p95?: number | null;
  @ApiPropertyOptional() readonly winsorizedMean?: number;
  @ApiPropertyOptional() readonly winsorizedStandardDeviation?: number;
  @ApiPropertyOptional() readonly cappedObservations?: number;
}

export class MetricWinsorizationDto {
  @ApiProperty({ enum: ['applied', 'not_applied'] }) readonly status!: 'applied' | 'not_applied';
  @ApiProperty() readonly percentile!: number;
  @ApiPropertyOptional({ description: "Upper cap in the metric's unit" }) readonly cap?: number;
  @ApiPropertyOptional({ type: [Number], description: 'Values replaced by the cap, per variant' }) readonly cappedObservations?: readonly number[];
  @ApiPropertyOptional() readonly reason?: string;
}

export class MetricResultsDto implements MetricResults {
  @ApiProperty({ enum: EXPERIMENT_METRIC_KEYS }) readonly key!: ExperimentMetricKey;
  @ApiProperty({ enum: ['primary', 'secondary', 'guardrail'] }) readonly role!: MetricRole;
  @ApiProperty({ enum: ['mean', 'proportion'] }) readonly kind!: 'mean' | 'proportion';
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better'] }) readonly direction!: 'higher_is_better' | 'lower_is_better';
  @ApiProperty() readonly unit!: string;
  @ApiPropertyOptional({ type: EffectSizeDto }) readonly margin?: EffectSize;
  @ApiProperty({ type: [MetricArmDto] }) readonly arms!: readonly MetricArmDto[];
  @ApiProperty({ type: [MetricComparisonDto], description: 'One per treatment' }) readonly comparisons!: readonly MetricComparisonDto[];
  @ApiPropertyOptional({ type: MetricWinsorizationDto, description: 'Continuous metrics of an experiment that winsorizes' })
  readonly winsorization?: MetricWinsorizationView;
}

export class VariantDecisionDto {
  @ApiProperty({ enum: ['winner', 'loser', 'draw', 'inconclusive', 'invalid_srm', 'control'] })
  readonly status!: VariantDecision['status'] | 'control';
  @ApiProperty({ type: [String], description: 'In the order the rules applied' }) readonly reasons!: readonly string[];
  @ApiProperty() readonly sampleStillNeeded!: number;
}

export class VariantResultsDto implements VariantResults {
  @ApiProperty() readonly key!: string;
  @ApiProperty() readonly modelId!: string;
  @ApiProperty({ type: String, nullable: true }) readonly promptVersion!: string | null;
  @ApiProperty() readonly weight!: number;
  @ApiProperty() readonly units!: number;
  @ApiProperty() readonly requests!: number;
  @ApiProperty({ type: VariantDecisionDto }) readonly decision!: VariantDecisionDto;
}

export class SampleRatioMismatchDto implements SampleRatioMismatchView {
  @ApiProperty({ enum: ['passed', 'failed', 'not_computable'] }) readonly status!: 'passed' | 'failed' | 'not_computable';
  @ApiProperty({ type: [Number] }) readonly observedUnits!: readonly number[];
  @ApiProperty({ type: [Number], nullable: true }) readonly expectedUnits!: readonly number[] | null;
  @ApiProperty({ type: Number, nullable: true }) readonly chiSquare!: number | null;
  @ApiProperty({ type: Number, nullable: true }) readonly pValue!: number | null;
  @ApiProperty({ description: 'p below this fails (0.001)' }) readonly threshold!: number;
  @ApiPropertyOptional() readonly reason?: string;
}

export class OverallDecisionDto implements OverallDecision {
  @ApiProperty({ enum: ['winner', 'inconclusive', 'no_winner', 'invalid_srm'] }) readonly status!: OverallDecision['status'];
  @ApiProperty({ type: String, nullable: true }) readonly winnerVariantKey!: string | null;
  @ApiProperty({ type: [String] }) readonly reasons!: readonly string[];
}

export class WinsorizationSettingsViewDto implements WinsorizationSettingsView {
  @ApiProperty() readonly enabled!: boolean;
  @ApiProperty() readonly percentile!: number;
  @ApiProperty({ enum: WINSORIZED_METRICS, isArray: true }) readonly metrics!: readonly WinsorizedMetricKey[];
  @ApiProperty() readonly capRule!: string;
}

export class ResultsSettingsDto {
  @ApiProperty() readonly alpha!: number;
  @ApiProperty() readonly power!: number;
  @ApiProperty() readonly sequential!: boolean;
  @ApiProperty() readonly plannedSampleSizePerVariant!: number;
  @ApiProperty({ description: 'N* of the confidence sequences' }) readonly sequentialTuningN!: number;
  @ApiProperty({ type: EffectSizeDto }) readonly minimumMeaningfulChange!: EffectSize;
  @ApiProperty() readonly srmThreshold!: number;
  @ApiProperty({ enum: ['holm'] }) readonly primaryCorrection!: 'holm';
  @ApiProperty({ enum: ['benjamini_hochberg'] }) readonly secondaryCorrection!: 'benjamini_hochberg';
  @ApiProperty({ enum: ['one_sided_non_inferiority_uncorrected'] }) readonly guardrailTest!: 'one_sided_non_inferiority_uncorrected';
  @ApiProperty({ enum: EXPERIMENT_METRIC_KEYS }) readonly primaryMetric!: ExperimentMetricKey;
  @ApiProperty({ type: [GuardrailDto] }) readonly guardrails!: readonly GuardrailDto[];
  @ApiProperty() readonly coverage!: number;
  @ApiProperty({ enum: ['customerId', 'request'] }) readonly assignmentUnit!: 'customerId' | 'request';
  @ApiProperty({ type: [Number] }) readonly weights!: readonly number[];
  @ApiProperty({ type: WinsorizationSettingsViewDto }) readonly winsorization!: WinsorizationSettingsViewDto;
  @ApiProperty() readonly latencyQuantiles!: string;
  @ApiProperty() readonly observationUnit!: string;
}

/** `GET /v1/ab-tests/{key}/results`. */
export class ExperimentResultsDto implements ExperimentResults {
  @ApiProperty() readonly experimentKey!: string;
  @ApiProperty({ enum: EXPERIMENT_STATUSES }) readonly status!: ExperimentStatus;
  @ApiProperty() readonly computedAt!: string;
  @ApiProperty({ type: ResultsSettingsDto, description: 'Everything needed to reproduce the numbers' }) readonly settings!: ResultsSettingsDto;
  @ApiProperty({ type: SampleRatioMismatchDto }) readonly sampleRatioMismatch!: SampleRatioMismatchDto;
  @ApiProperty({ type: OverallDecisionDto }) readonly decision!: OverallDecisionDto;
  @ApiProperty({ type: [VariantResultsDto], description: 'Control first' }) readonly variants!: readonly VariantResultsDto[];
  @ApiProperty({ type: [MetricResultsDto] }) readonly metrics!: readonly MetricResultsDto[];
}

export class StatusVariantDto {
  @ApiProperty() readonly key!: string;
  @ApiProperty() readonly modelId!: string;
  @ApiProperty() readonly weight!: number;
  @ApiProperty() readonly units!: number;
  @ApiProperty() readonly requests!: number;
  @ApiProperty({ description: 'control, or the variant decision' }) readonly decision!: string;
}

/** `GET /v1/ab-tests/{key}/status`. */
export class ExperimentStatusDto implements ExperimentStatusView {
  @ApiProperty() readonly experimentKey!: string;
  @ApiProperty({ enum: EXPERIMENT_STATUSES }) readonly status!: ExperimentStatus;
  @ApiProperty({ description: 'Running and before endsAt' }) readonly serving!: boolean;
  @ApiProperty({ type: String, nullable: true }) readonly startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly endsAt!: string | null;
  @ApiProperty({ type: [StatusVariantDto] }) readonly variants!: readonly StatusVariantDto[];
  @ApiProperty({ type: SampleRatioMismatchDto }) readonly sampleRatioMismatch!: SampleRatioMismatchDto;
  @ApiProperty({ type: OverallDecisionDto }) readonly decision!: OverallDecisionDto;
  @ApiProperty() readonly computedAt!: string;
}

export class ModelEntryDto implements ModelCatalogEntry {
  @ApiProperty() readonly modelId!: string;
  @ApiProperty() readonly displayName!: string;
  @ApiProperty() readonly provider!: string;
  @ApiProperty() readonly inputPricePerMillionTokensUsd!: number;
  @ApiProperty() readonly outputPricePerMillionTokensUsd!: number;
  @ApiProperty() readonly contextWindowTokens!: number;
  @ApiPropertyOptional() readonly maxOutputTokens?: number;
  @ApiPropertyOptional({ description: 'Cross-region inference profile sent to Converse instead of modelId' }) readonly inferenceProfileId?: string;
  @ApiProperty() readonly isDefault!: boolean;
}

/** `GET /v1/ab-tests/models/available`. */
export class ModelsResponseDto {
  @ApiProperty({ type: [ModelEntryDto] }) readonly models!: readonly ModelEntryDto[];
  @ApiProperty() readonly defaultModelId!: string;
}

/** `GET /v1/ab-tests/power`. */
export class PowerResultDto implements PowerResult {
  @ApiProperty({ enum: ['proportion', 'mean'] }) readonly metricKind!: 'proportion' | 'mean';
  @ApiProperty({ description: 'Units per variant, rounded up' }) readonly perVariant!: number;
  @ApiProperty() readonly total!: number;
  @ApiProperty() readonly exactPerVariant!: number;
  @ApiProperty({ description: "The effect in the metric's unit (fraction for proportions)" }) readonly absoluteEffect!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Given dailyUnits' }) readonly estimatedDays!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'alpha, power, MDE, variants, baseline, standardDeviation' })
  readonly settings!: Record<string, unknown>;
  @ApiProperty() readonly formula!: string;
}

/** `POST /v1/ab-tests/{key}/feedback`. */
export class FeedbackResultDto {
  @ApiPropertyOptional({ enum: ['recorded', 'duplicate'] }) readonly rating?: RecordOutcome;
  @ApiPropertyOptional({ enum: ['recorded', 'duplicate'] }) readonly thumbs?: RecordOutcome;
  @ApiProperty({ description: 'Variant that served the analysis' }) readonly variantKey!: string;
}

export class RecomputedCountsDto {
  @ApiProperty() readonly units!: number;
  @ApiProperty() readonly requests!: number;
  @ApiProperty() readonly modelCalls!: number;
  @ApiProperty() readonly ratings!: number;
  @ApiProperty() readonly thumbs!: number;
  @ApiProperty() readonly outcomes!: number;
}

export class RecomputedVariantDto extends RecomputedCountsDto implements RecomputedVariant {
  @ApiProperty() readonly key!: string;
  @ApiProperty({ type: RecomputedCountsDto, description: 'The same counters in the replaced generation' }) readonly previous!: RecomputedCountsDto;
}

/** `POST /v1/ab-tests/{key}/recompute`. */
export class RecomputeResultDto implements RecomputeResult {
  @ApiProperty() readonly experimentKey!: string;
  @ApiProperty({ description: 'Generation results now read' }) readonly generation!: number;
  @ApiProperty() readonly previousGeneration!: number;
  @ApiProperty() readonly recordsRead!: number;
  @ApiProperty({ description: 'Unknown variant, past TTL or malformed' }) readonly recordsSkipped!: number;
  @ApiProperty() readonly aggregateItemsWritten!: number;
  @ApiProperty() readonly staleItemsDeleted!: number;
  @ApiProperty({ type: [RecomputedVariantDto] }) readonly variants!: readonly RecomputedVariantDto[];
  @ApiProperty() readonly computedAt!: string;
}
