import { JsonSchema } from '../../llm/llm-client.port';
import { AnalysisType } from '../domain/analysis-type';
import { CHURN_RISKS, REGULARITIES, SPENDING_TIERS } from '../domain/profile-analyzer';
import { MAX_RECOMMENDATIONS, MODEL_RECOMMENDATION_KINDS } from '../domain/recommendation-analyzer';
import { MAX_PRODUCT_PREDICTIONS } from '../domain/consumption-analyzer';

const productId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

/** JSON Schema (draft-07) of each analysis' tool input; validated with ajv and sent to the model. */
export const OUTPUT_SCHEMAS: Readonly<Record<AnalysisType, JsonSchema>> = {
  consumption_prediction: {
    type: 'object',
    additionalProperties: false,
    required: ['predictions', 'summary'],
    properties: {
      predictions: {
        type: 'array',
        maxItems: MAX_PRODUCT_PREDICTIONS,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['productId', 'predictedNextPurchaseDate', 'confidence', 'rationale'],
          properties: {
            productId,
            predictedNextPurchaseDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' },
            confidence: { type: 'number', minimum: 0, maximum: 1 },
            rationale: text(400),
          },
        },
      },
      summary: text(600),
    },
  },
  customer_profile: {
    type: 'object',
    additionalProperties: false,
    required: ['spendingTier', 'purchaseRegularity', 'churnRisk', 'keyProductIds', 'insights', 'summary'],
    properties: {
      spendingTier: { type: 'string', enum: [...SPENDING_TIERS] },
      purchaseRegularity: { type: 'string', enum: [...REGULARITIES] },
      churnRisk: { type: 'string', enum: [...CHURN_RISKS] },
      keyProductIds: { type: 'array', maxItems: 5, items: productId },
      insights: { type: 'array', minItems: 1, maxItems: 8, items: text(300) },
      summary: text(600),
    },
  },
  recommendations: {
    type: 'object',
    additionalProperties: false,
    required: ['recommendations'],
    properties: {
      recommendations: {
        type: 'array',
        maxItems: MAX_RECOMMENDATIONS,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['productId', 'kind', 'score', 'reason'],
          properties: {
            productId,
            kind: { type: 'string', enum: [...MODEL_RECOMMENDATION_KINDS] },
            score: { type: 'number', minimum: 0, maximum: 1 },
            reason: text(300),
          },
        },
      },
    },
  },
};
