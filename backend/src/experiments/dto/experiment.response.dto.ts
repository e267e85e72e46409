import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROUTED_CALL_TYPES, RoutedCallType } from '../../analysis/domain/analysis-type';
import { ASSIGNMENT_UNITS, AssignmentUnit, Experiment, EXPERIMENT_STATUSES, ExperimentStatus } from '../domain/experiment';
import { EXPERIMENT_METRIC_KEYS, ExperimentMetricKey } from '../domain/experiment-metrics';
import { EffectSizeDto, GuardrailDto, NamespaceDto, VariantParametersDto } from './experiment-request.dto';

export class WinsorizationSettingsDto {
  @ApiProperty() readonly enabled!: boolean;
  @ApiProperty({ description: 'Quantile of the pooled values used as the upper cap' }) readonly percentile!: number;
}

export class VariantResponseDto {
  @ApiProperty() readonly key!: string;
  @ApiPropertyOptional() readonly name?: string;
  @ApiProperty() readonly modelId!: string;
  @ApiPropertyOptional({ description: "Absent: each analysis type's default prompt version" }) readonly promptVersion?: string;
  @ApiProperty({ type: VariantParametersDto }) readonly parameters!: VariantParametersDto;
  @ApiProperty({ description: 'Normalised weight; the weights sum to 1' }) readonly weight!: number;
}

/** An experiment's configuration and lifecycle state. */
export class ExperimentResponseDto {
  @ApiProperty() readonly key!: string;
  @ApiProperty() readonly name!: string;
  @ApiPropertyOptional() readonly hypothesis?: string;
  @ApiProperty({ enum: ROUTED_CALL_TYPES, isArray: true }) readonly analysisTypes!: RoutedCallType[];
  @ApiProperty({ enum: EXPERIMENT_STATUSES }) readonly status!: ExperimentStatus;
  @ApiProperty({ type: [VariantResponseDto], description: 'Control first' }) readonly variants!: VariantResponseDto[];
  @ApiProperty() readonly coverage!: number;
  @ApiProperty({ enum: ASSIGNMENT_UNITS }) readonly assignmentUnit!: AssignmentUnit;
  @ApiPropertyOptional({ type: NamespaceDto }) readonly namespace?: NamespaceDto;
  @ApiProperty({ enum: EXPERIMENT_METRIC_KEYS }) readonly primaryMetric!: ExperimentMetricKey;
  @ApiProperty({ type: [GuardrailDto] }) readonly guardrails!: GuardrailDto[];
  @ApiProperty() readonly alpha!: number;
  @ApiProperty() readonly power!: number;
  @ApiProperty({ type: EffectSizeDto }) readonly minimumMeaningfulChange!: EffectSizeDto;
  @ApiProperty() readonly plannedSampleSizePerVariant!: number;
  @ApiProperty() readonly sequential!: boolean;
  @ApiPropertyOptional({ type: WinsorizationSettingsDto, description: 'Absent on experiments created before the setting: off' })
  readonly winsorization?: WinsorizationSettingsDto;
  @ApiPropertyOptional({ description: 'Aggregate generation results read (0 when absent); +1 per recompute' })
  readonly aggregateGeneration?: number;
  @ApiPropertyOptional() readonly durationDays?: number;
  @ApiPropertyOptional({ description: 'ISO-8601 UTC' }) readonly endsAt?: string;
  @ApiProperty() readonly createdAt!: string;
  @ApiProperty() readonly updatedAt!: string;
  @ApiPropertyOptional() readonly startedAt?: string;
  @ApiPropertyOptional() readonly stoppedAt?: string;
  @ApiPropertyOptional() readonly archivedAt?: string;
  @ApiProperty() readonly version!: number;

  static from(experiment: Experiment): ExperimentResponseDto {
    return { ...experiment, analysisTypes: [...experiment.analysisTypes], variants: experiment.variants.map((v) => ({ ...v })), guardrails: experiment.guardrails.map((g) => ({ ...g })) };
  }
}
