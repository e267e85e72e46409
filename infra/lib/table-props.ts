import type { CreateTableCommandInput, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Attribute, AttributeType, Billing, ProjectionType, TablePropsV2 } from 'aws-cdk-lib/aws-dynamodb';
import { TTL_ATTRIBUTE } from '../../backend/src/storage/table-definitions';

/** Choices that belong to the deployment, not to the table's shape. */
export interface TableDeploymentOptions {
  /** Refuse deletion of the table (production). */
  readonly deletionProtection: boolean;
}

const ATTRIBUTE_TYPES: Record<string, AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY };

/**
 * `TableV2` props translated from one of the backend's `CreateTableCommandInput` definitions (the
 * single source also used to create tables in embedded mode), plus what only a real deployment has:
 * TTL on `expiresAt`, point-in-time recovery, retention on stack deletion.
 *
 * @throws Error when the definition uses something this translation does not support (provisioned
 * billing, a key attribute without a type, an unknown projection), so that the stack never deploys a
 * table that differs from the definition.
 */
export function tablePropsFromDefinition(definition: CreateTableCommandInput, options: TableDeploymentOptions): TablePropsV2 {
  const name = definition.TableName ?? '(unnamed)';
  if (definition.BillingMode !== 'PAY_PER_REQUEST') throw new Error(`${name}: only on-demand (PAY_PER_REQUEST) billing is supported`);
  const types = new Map((definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  const attribute = (attributeName: string | undefined): Attribute => {
    const type = attributeName ? ATTRIBUTE_TYPES[types.get(attributeName) ?? ''] : undefined;
    if (!attributeName || !type) throw new Error(`${name}: key attribute ${attributeName ?? '?'} has no attribute definition`);
    return { name: attributeName, type };
  };
  const keys = (schema: KeySchemaElement[] | undefined) => {
    const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
    const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
    return { partitionKey: attribute(hash), ...(range ? { sortKey: attribute(range) } : {}) };
  };
  const projection = (p: Projection | undefined) => {
    switch (p?.ProjectionType) {
      case undefined:
      case 'ALL':
        return { projectionType: ProjectionType.ALL };
      case 'KEYS_ONLY':
        return { projectionType: ProjectionType.KEYS_ONLY };
      case 'INCLUDE':
        return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: p.NonKeyAttributes ?? [] };
      default:
        throw new Error(`${name}: unknown projection ${String(p?.ProjectionType)}`);
    }
  };
  return {
    tableName: definition.TableName,
    ...keys(definition.KeySchema),
    billing: Billing.onDemand(),
    timeToLiveAttribute: TTL_ATTRIBUTE,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: options.deletionProtection,
    removalPolicy: RemovalPolicy.RETAIN,
    localSecondaryIndexes: (definition.LocalSecondaryIndexes ?? []).map((index) => {
      const { sortKey } = keys(index.KeySchema);
      if (!sortKey || !index.IndexName) throw new Error(`${name}: local index without a name or sort key`);
      return { indexName: index.IndexName, sortKey, ...projection(index.Projection) };
    }),
    globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => {
      if (!index.IndexName) throw new Error(`${name}: global index without a name`);
      return { indexName: index.IndexName, ...keys(index.KeySchema), ...projection(index.Projection) };
    }),
  };
}

/** Index names of a definition (local and global), for IAM statements on `<table>/index/<name>`. */
export function indexNamesOf(definition: CreateTableCommandInput): string[] {
  return [...(definition.LocalSecondaryIndexes ?? []), ...(definition.GlobalSecondaryIndexes ?? [])].map((i) => i.IndexName ?? '');
}
