import Ajv, { ValidateFunction } from 'ajv';
import { AnalysisType } from '../domain/analysis-type';
import { ConsumptionModelOutput, ProfileModelOutput, RecommendationsModelOutput } from '../domain/model-output';
import { OUTPUT_SCHEMAS } from './output-schemas';

/** The validated tool input of each analysis type. */
export interface ModelOutputs {
  readonly consumption_prediction: ConsumptionModelOutput;
  readonly customer_profile: ProfileModelOutput;
  readonly recommendations: RecommendationsModelOutput;
}

/** A tool input that does not match its JSON Schema; the message lists paths and rules, no values. */
export class OutputSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputSchemaError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true });
// Compiled on first use: compiling at import would add to every Lambda cold start.
const validators = new Map<AnalysisType, ValidateFunction>();

/**
 * Validates a model's tool input against the JSON Schema of `type` (ajv 8, draft-07, all errors).
 *
 * @throws OutputSchemaError naming the failing paths (`/predictions/0/confidence must be <= 1`).
 */
export function validateModelOutput<T extends AnalysisType>(type: T, output: unknown): ModelOutputs[T] {
  let validate = validators.get(type);
  if (!validate) validators.set(type, (validate = ajv.compile(OUTPUT_SCHEMAS[type])));
  if (!validate(output)) throw new OutputSchemaError(ajv.errorsText(validate.errors, { separator: '; ', dataVar: '' }));
  return output as ModelOutputs[T];
}
