import { CfnResource, Validations } from 'aws-cdk-lib';
import { DEFAULT_MODEL_CATALOG } from '../../backend/src/llm/model-catalog';
import { bedrockModelResources } from './bedrock-policy';
import { CustomerAnalyticsStack } from './customer-analytics-stack';

/** One accepted cdk-nag finding: the rule (with its finding id for granular rules) and why. */
export interface AcceptedFinding {
  readonly id: string;
  readonly reason: string;
}

/**
 * The cdk-nag (AwsSolutions pack) findings this stack accepts, each named exactly (no rule is
 * silenced wholesale) and justified. Anything else fails `cdk synth` and the infra tests.
 */
export function acceptedFindings(stack: CustomerAnalyticsStack): { path: string; findings: AcceptedFinding[] }[] {
  const functions = [stack.apiFunction, ...(stack.batchFunction ? [stack.batchFunction] : [])];
  const policyOf = (fnId: string) => `${stack.node.path}/${fnId}Role/DefaultPolicy/Resource`;
  const xray: AcceptedFinding = {
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions; CDK adds exactly these two actions for Tracing.ACTIVE.',
  };
  const logStreams = (fnId: string): AcceptedFinding => {
    const group = stack.functionLogGroups.find((g) => g.node.id === `${fnId}Logs`);
    if (!group) throw new Error(`no log group for ${fnId}`);
    return {
      id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(group.node.defaultChild as CfnResource)}.Arn>:*]`,
      reason: "Log streams are created at run time, so their ARNs are only known as '<own log group>:*'; the group is the function's own.",
    };
  };
  const bedrock = bedrockModelResources(DEFAULT_MODEL_CATALOG).map((arn) => ({
    id: `AwsSolutions-IAM5[Resource::${arn}]`,
    reason:
      'Exactly one catalog model (or its inference profile); the region is a wildcard because a cross-region inference profile ' +
      'routes the call to the same foundation model in several regions, and the profile ARN carries the account.',
  }));
  return [
    { path: policyOf('ApiFunction'), findings: [xray, logStreams('ApiFunction'), ...bedrock] },
    ...(stack.batchFunction ? [{ path: policyOf('BatchFunction'), findings: [xray, logStreams('BatchFunction')] }] : []),
    ...functions.map((fn) => ({
      path: `${fn.node.path}/Resource`,
      findings: [
        {
          id: 'AwsSolutions-L1',
          reason: 'nodejs22.x is the runtime the service is bundled (esbuild target node22) and tested for; a runtime upgrade is a deliberate, tested change.',
        },
      ],
    })),
    {
      path: `${stack.httpApi.node.path}/DefaultRoute/Resource`,
      findings: [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'Authorization is the application\'s: every route but /health and /docs needs an x-api-key whose SHA-256 matches a configured hash ' +
            'with the route\'s scope (ApiKeyGuard, covered by the e2e tests); an API Gateway authorizer would add a second cold start per request path.',
        },
      ],
    },
  ];
}

/** Acknowledges {@link acceptedFindings} on their constructs. */
export function suppressAcceptedFindings(stack: CustomerAnalyticsStack): void {
  for (const { path, findings } of acceptedFindings(stack)) {
    const construct = stack.node.findAll().find((c) => c.node.path === path);
    if (!construct) throw new Error(`cdk-nag suppression target ${path} not found`);
    for (const finding of findings) Validations.of(construct).acknowledge({ id: finding.id, reason: finding.reason });
  }
}
