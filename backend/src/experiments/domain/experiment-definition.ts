import type { RoutedCallType } from '../../analysis/domain/analysis-type';
import { FieldError, InvalidInputError } from '../../common/domain/domain.error';
import { parseIsoUtc } from '../../common/domain/time';
import type { EffectSize } from '../stats';
import { AssignmentUnit, Experiment, EXPERIMENT_DEFAULTS, ExperimentNamespace, GuardrailConfig, VariantParameters, WinsorizationSettings } from './experiment';
import type { ExperimentMetricKey } from './experiment-metrics';

/** A variant as a client defines it; `weight` is relative (any positive scale) and optional. */
export interface VariantDefinition {
  readonly key: string;
  readonly name?: string;
  readonly modelId: string;
  readonly promptVersion?: string;
  readonly parameters?: VariantParameters;
  readonly weight?: number;
}

/** An experiment as a client defines it (already type- and bound-checked by the DTO layer). */
export interface ExperimentDefinition {
  readonly key: string;
  readonly name: string;
  readonly hypothesis?: string;
  readonly analysisTypes: readonly RoutedCallType[];
  readonly variants: readonly VariantDefinition[];
  readonly coverage?: number;
  readonly assignmentUnit?: AssignmentUnit;
  readonly namespace?: ExperimentNamespace;
  readonly primaryMetric?: ExperimentMetricKey;
  readonly guardrails?: readonly GuardrailConfig[];
  readonly alpha?: number;
  readonly power?: number;
  readonly minimumMeaningfulChange?: EffectSize;
  readonly plannedSampleSizePerVariant?: number;
  readonly sequential?: boolean;
  readonly winsorization?: { readonly enabled: boolean; readonly percentile?: number };
  readonly durationDays?: number;
  readonly endsAt?: string;
}

/**
 * A partial update of a draft (`PATCH`): every field but `key` may be given; `null` removes an
 * optional field (hypothesis, namespace, durationDays, endsAt). Arrays (variants, guardrails,
 * analysisTypes) replace the stored ones as a whole.
 */
export type ExperimentPatch = {
  readonly [F in Exclude<keyof ExperimentDefinition, 'key'>]?: F extends RemovableField
    ? ExperimentDefinition[F] | null
    : ExperimentDefinition[F];
};
const REMOVABLE_FIELDS = ['hypothesis', 'namespace', 'durationDays', 'endsAt'] as const;
type RemovableField = (typeof REMOVABLE_FIELDS)[number];

/** The definition a stored experiment was built from (weights already normalised). */
export function definitionOf(experiment: Experiment): ExperimentDefinition {
  return {
    key: experiment.key,
    name: experiment.name,
    ...(experiment.hypothesis !== undefined ? { hypothesis: experiment.hypothesis } : {}),
    analysisTypes: experiment.analysisTypes,
    variants: experiment.variants,
    coverage: experiment.coverage,
    assignmentUnit: experiment.assignmentUnit,
    ...(experiment.namespace ? { namespace: experiment.namespace } : {}),
    primaryMetric: experiment.primaryMetric,
    guardrails: experiment.guardrails,
    alpha: experiment.alpha,
    power: experiment.power,
    minimumMeaningfulChange: experiment.minimumMeaningfulChange,
    plannedSampleSizePerVariant: experiment.plannedSampleSizePerVariant,
    sequential: experiment.sequential,
    ...(experiment.winsorization ? { winsorization: experiment.winsorization } : {}),
    ...(experiment.durationDays !== undefined ? { durationDays: experiment.durationDays } : {}),
    ...(experiment.endsAt !== undefined ? { endsAt: experiment.endsAt } : {}),
  };
}

/**
 * Applies a patch to a draft and re-runs every check of {@link buildDraftExperiment} on the result,
 * so an edit is held to the same rules as a create. Keeps key and createdAt; version + 1.
 *
 * @throws InvalidInputError naming every bad field.
 */
export function patchDraftExperiment(current: Experiment, patch: ExperimentPatch, context: DefinitionContext): Experiment {
  const merged: Record<string, unknown> = { ...definitionOf(current) };
  const errors: FieldError[] = [];
  for (const [field, value] of Object.entries(patch) as Array<[string, unknown]>) {
    if (value === undefined) continue;
    if (value !== null) merged[field] = value;
    else if ((REMOVABLE_FIELDS as readonly string[]).includes(field)) delete merged[field];
    else errors.push({ field, messages: [`${field} cannot be removed; give a value`] });
  }
  let rebuilt: Experiment | undefined;
  try {
    rebuilt = buildDraftExperiment(merged as unknown as ExperimentDefinition, context);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    errors.push(...err.fields);
  }
  if (errors.length > 0 || !rebuilt) throw new InvalidInputError(errors);
  return { ...rebuilt, createdAt: current.createdAt, version: current.version + 1 };
}

/** What the cross-field checks need to know about the rest of the product. */
export interface DefinitionContext {
  readonly modelIds: ReadonlySet<string>;
  /** Existing prompt versions per analysis type. */
  readonly promptVersions: Readonly<Record<RoutedCallType, readonly string[]>>;
  readonly now: Date;
}

/** Weights summing to 1 within this tolerance are stored as given; others are divided by their sum. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/**
 * Weights of the variants: equal when none is given; otherwise every variant needs a positive
 * weight and the weights are normalised to sum to 1 (w_i / Σw), so `[1, 1]`, `[50, 50]` and
 * `[0.5, 0.5]` mean the same split. A sum already within 1 ± 1e-9 is kept unchanged.
 *
 * @returns the weights, or the field errors.
 */
export function normaliseWeights(weights: readonly (number | undefined)[]): { weights: number[]; errors: FieldError[] } {
  if (weights.every((w) => w === undefined)) return { weights: weights.map(() => 1 / weights.length), errors: [] };
  const errors: FieldError[] = [];
  weights.forEach((w, i) => {
    if (w === undefined) errors.push({ field: `variants[${i}].weight`, messages: ['weight is required when any variant has one'] });
    else if (!(w > 0) || !Number.isFinite(w)) errors.push({ field: `variants[${i}].weight`, messages: ['weight must be a positive number'] });
  });
  if (errors.length > 0) return { weights: [], errors };
  const given = weights as number[];
  const sum = given.reduce((s, w) => s + w, 0);
  if (Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE) return { weights: [...given], errors: [] };
  return { weights: given.map((w) => w / sum), errors: [] };
}

/**
 * Checks the cross-field rules of a definition and builds the draft experiment: ≥ 2 variants with
 * unique keys, catalog models and existing prompt versions for every analysis type; weights (see
 * {@link normaliseWeights}); unique analysis types; guardrails distinct from the primary metric and
 * from each other; a namespace with start < end; `endsAt` after now and not together with
 * `durationDays`.
 *
 * @throws InvalidInputError naming every bad field.
 */
export function buildDraftExperiment(definition: ExperimentDefinition, context: DefinitionContext): Experiment {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, messages: [message] });
  if (definition.variants.length < 2) add('variants', 'an experiment needs at least 2 variants (the first is the control)');
  const seenVariantKeys = new Set<string>();
  definition.variants.forEach((v, i) => {
    if (seenVariantKeys.has(v.key)) add(`variants[${i}].key`, `duplicate variant key ${v.key}`);
    seenVariantKeys.add(v.key);
    if (!context.modelIds.has(v.modelId)) add(`variants[${i}].modelId`, `model ${v.modelId} is not in the model catalog`);
    if (v.promptVersion !== undefined) {
      const missing = definition.analysisTypes.filter((t) => !(context.promptVersions[t] ?? []).includes(v.promptVersion as string));
      if (missing.length > 0) add(`variants[${i}].promptVersion`, `prompt version ${v.promptVersion} does not exist for ${missing.join(', ')}`);
    }
  });
  if (new Set(definition.analysisTypes).size !== definition.analysisTypes.length) add('analysisTypes', 'analysis types must be unique');
  const { weights, errors: weightErrors } = normaliseWeights(definition.variants.map((v) => v.weight));
  errors.push(...weightErrors);
  const primaryMetric = definition.primaryMetric ?? EXPERIMENT_DEFAULTS.primaryMetric;
  const guardrails = definition.guardrails ?? [];
  const seenGuardrails = new Set<string>();
  guardrails.forEach((g, i) => {
    if (g.metric === primaryMetric) add(`guardrails[${i}].metric`, 'the primary metric cannot also be a guardrail');
    if (seenGuardrails.has(g.metric)) add(`guardrails[${i}].metric`, `duplicate guardrail ${g.metric}`);
    seenGuardrails.add(g.metric);
  });
  if (definition.namespace && !(definition.namespace.start < definition.namespace.end)) {
    add('namespace.end', 'namespace end must be greater than start');
  }
  if (definition.endsAt !== undefined) {
    if (!(parseIsoUtc(definition.endsAt) > context.now.getTime())) add('endsAt', 'endsAt must be in the future');
    if (definition.durationDays !== undefined) add('durationDays', 'give either endsAt or durationDays, not both');
  }
  if (errors.length > 0) throw new InvalidInputError(errors);
  const now = context.now.toISOString();
  return {
    key: definition.key,
    name: definition.name,
    ...(definition.hypothesis !== undefined ? { hypothesis: definition.hypothesis } : {}),
    analysisTypes: [...definition.analysisTypes],
    status: 'draft',
    variants: definition.variants.map((v, i) => ({
      key: v.key,
      ...(v.name !== undefined ? { name: v.name } : {}),
      modelId: v.modelId,
      ...(v.promptVersion !== undefined ? { promptVersion: v.promptVersion } : {}),
      parameters: { ...(v.parameters ?? {}) },
      weight: weights[i] as number,
    })),
    coverage: definition.coverage ?? EXPERIMENT_DEFAULTS.coverage,
    assignmentUnit: definition.assignmentUnit ?? EXPERIMENT_DEFAULTS.assignmentUnit,
    ...(definition.namespace ? { namespace: definition.namespace } : {}),
    primaryMetric,
    guardrails: guardrails.map((g) => ({ metric: g.metric, margin: { ...g.margin } })),
    alpha: definition.alpha ?? EXPERIMENT_DEFAULTS.alpha,
    power: definition.power ?? EXPERIMENT_DEFAULTS.power,
    minimumMeaningfulChange: definition.minimumMeaningfulChange ?? EXPERIMENT_DEFAULTS.minimumMeaningfulChange,
    plannedSampleSizePerVariant: definition.plannedSampleSizePerVariant ?? EXPERIMENT_DEFAULTS.plannedSampleSizePerVariant,
    sequential: definition.sequential ?? EXPERIMENT_DEFAULTS.sequential,
    winsorization: winsorizationSettingsOf(definition.winsorization),
    ...(definition.durationDays !== undefined ? { durationDays: definition.durationDays } : {}),
    ...(definition.endsAt !== undefined ? { endsAt: new Date(parseIsoUtc(definition.endsAt)).toISOString() } : {}),
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

function winsorizationSettingsOf(given: ExperimentDefinition['winsorization']): WinsorizationSettings {
  if (!given) return EXPERIMENT_DEFAULTS.winsorization;
  return { enabled: given.enabled, percentile: given.percentile ?? EXPERIMENT_DEFAULTS.winsorization.percentile };
}
