import { registerAs } from '@nestjs/config';
import { throwIfInvalid } from '../config/config-validation';
import { hasAwsCredentials } from '../llm/llm.config';

/** Where `POST /v1/customers/segmentation/batch` runs its job (`batchJobLauncher` namespace). */
export interface BatchJobLauncherConfig {
  /** Batch Lambda function (name or ARN) to hand jobs to; undefined runs them in this process. */
  readonly functionName?: string;
  /** Lambda API endpoint override (tests, VPC endpoint); undefined means the AWS default. */
  readonly endpoint?: string;
  readonly region: string;
  /** An endpoint override without AWS credentials in the environment signs with dummy ones (tests). */
  readonly useDummyCredentials: boolean;
}

const FUNCTION_NAME = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/;

/**
 * Builds the launcher configuration (pure) from `BATCH_FUNCTION_NAME` (a Lambda function name or
 * ARN, optionally qualified), `LAMBDA_ENDPOINT` (http(s) URL) and `AWS_REGION` (default us-east-1).
 *
 * @throws InvalidConfigError naming each bad variable.
 */
export function parseBatchJobLauncherConfig(env: Readonly<Record<string, string | undefined>>): BatchJobLauncherConfig {
  const problems: string[] = [];
  const functionName = env.BATCH_FUNCTION_NAME?.trim() || undefined;
  const endpoint = env.LAMBDA_ENDPOINT?.trim() || undefined;
  if (functionName !== undefined && !FUNCTION_NAME.test(functionName)) {
    problems.push('BATCH_FUNCTION_NAME: must be a Lambda function name (1..64 of A-Z a-z 0-9 _ -) or function ARN');
  }
  if (endpoint !== undefined && !HTTP_URL.test(endpoint)) problems.push('LAMBDA_ENDPOINT: must be an http(s) URL');
  throwIfInvalid('batch job launcher', problems);
  return {
    ...(functionName !== undefined && { functionName }),
    ...(endpoint !== undefined && { endpoint }),
    region: env.AWS_REGION?.trim() || 'us-east-1',
    useDummyCredentials: endpoint !== undefined && !hasAwsCredentials(env),
  };
}

/** The `batchJobLauncher` config namespace. */
export const batchJobLauncherConfig = registerAs('batchJobLauncher', (): BatchJobLauncherConfig => parseBatchJobLauncherConfig(process.env));
