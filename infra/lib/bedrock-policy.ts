import type { ModelCatalogEntry } from '../../backend/src/llm/model-catalog';

/** The only Bedrock actions the service needs: one model call, streamed or not. */
export const BEDROCK_INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] as const;

/** An IAM policy document (the JSON shape of `bedrock-iam-policy.json`). */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: ReadonlyArray<{ readonly Sid: string; readonly Effect: 'Allow'; readonly Action: readonly string[]; readonly Resource: readonly string[] }>;
}

/**
 * The resources the service may invoke, for the Bedrock models of the catalog (entries of other
 * providers are skipped): every foundation model as `arn:aws:bedrock:*::foundation-model/<id>` (any
 * region, because a cross-region inference profile routes a call to the model in several regions),
 * and `arn:aws:bedrock:*:*:inference-profile/<profileId>` for the entries that are called through a
 * profile. Sorted, without duplicates.
 */
export function bedrockModelResources(catalog: readonly ModelCatalogEntry[]): string[] {
  const bedrock = catalog.filter((entry) => isBedrockEntry(entry));
  const arns = new Set<string>();
  for (const entry of bedrock) arns.add(`arn:aws:bedrock:*::foundation-model/${entry.modelId}`);
  for (const entry of bedrock) {
    if (entry.inferenceProfileId) arns.add(`arn:aws:bedrock:*:*:inference-profile/${entry.inferenceProfileId}`);
  }
  return [...arns].sort();
}

/** True for catalog entries served by Bedrock (Anthropic and other Bedrock providers; not `openai`). */
export function isBedrockEntry(entry: ModelCatalogEntry): boolean {
  return entry.provider !== 'openai' && !entry.modelId.includes('/');
}

/** The policy document of `bedrock-iam-policy.json`: {@link BEDROCK_INVOKE_ACTIONS} on {@link bedrockModelResources}. */
export function bedrockPolicyDocument(catalog: readonly ModelCatalogEntry[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'InvokeCatalogModels', Effect: 'Allow', Action: [...BEDROCK_INVOKE_ACTIONS], Resource: bedrockModelResources(catalog) }],
  };
}
