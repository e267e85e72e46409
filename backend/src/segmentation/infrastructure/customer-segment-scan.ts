import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'node:http';
import type { Gender } from '../../customers/domain/customer';
import type { OrderLineInput } from '../rules/product-history';
import type { StoredBatchSegments } from '../customer-population.scanner';
import { customerFeaturesOf, type CustomerFacts, type CustomerFeatures, type OrderFacts } from '../domain/customer-features';
import type { SegmentScheme } from '../domain/segment-schemes';
import { CUSTOMER_PK_PREFIX, MEMBERSHIP_SK_PREFIX } from './segment-keys';

/** How a worker reaches DynamoDB: the endpoint of embedded/endpoint mode, or the AWS default chain. */
export interface ScanConnection {
  readonly region: string;
  readonly endpoint?: string;
  readonly local: boolean;
}

/** The summary a scan posts before features are computed. */
export interface ScanSummary {
  readonly customers: number;
  readonly itemsScanned: number;
  readonly latestPurchaseMs: number | null;
}

type Item = Record<string, unknown>;

interface ScannedCustomer {
  facts: CustomerFacts;
  orders: OrderFacts[];
  profile: boolean;
  batchSegments?: Partial<Record<SegmentScheme, string>>;
}

/** A document client for a worker thread (keep-alive sockets, dummy credentials outside AWS). */
export function createScanClient(connection: ScanConnection): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: connection.region,
    endpoint: connection.endpoint,
    ...(connection.local
      ? {
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 8 }) }),
        }
      : {}),
  });
  return DynamoDBDocumentClient.from(client);
}

/**
 * Scans some segments of the customers table (Scan `Segment` / `TotalSegments`), keeps customer
 * partitions only (profiles and orders; `IMPORT#`, `SEGRUN#`, `SEGJOB#`, `KMEANS` partitions and
 * history items are filtered out; membership items too unless `withMemberships`) and reduces each
 * customer to {@link CustomerFeatures}. Runs the same way inside a worker thread and in-process.
 */
export class CustomerSegmentScan {
  private readonly customers = new Map<string, ScannedCustomer>();
  private latestPurchaseMs: number | null = null;
  private items = 0;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly segments: readonly number[],
    private readonly totalSegments: number,
    private readonly withMemberships = false,
  ) {}

  /** Reads the segments (concurrently); `onPage` gets the items read by this scan so far. */
  async scan(onPage?: (itemsScanned: number) => void): Promise<ScanSummary> {
    await Promise.all(this.segments.map((segment) => this.scanSegment(segment, onPage)));
    let customers = 0;
    for (const entry of this.customers.values()) if (entry.profile) customers++;
    return { customers, itemsScanned: this.items, latestPurchaseMs: this.latestPurchaseMs };
  }

  /** Features of every scanned customer as of `asOfMs` (orders without a profile are not a customer). */
  features(asOfMs: number): CustomerFeatures[] {
    const out: CustomerFeatures[] = [];
    for (const { facts, orders, profile } of this.customers.values()) if (profile) out.push(customerFeaturesOf(facts, orders, asOfMs));
    return out;
  }

  /** Current batch segments of every scanned customer that has some (only with `withMemberships`). */
  batchMemberships(): [string, StoredBatchSegments][] {
    const out: [string, StoredBatchSegments][] = [];
    for (const [id, { profile, batchSegments }] of this.customers) if (profile && batchSegments) out.push([id, batchSegments]);
    return out;
  }

  private async scanSegment(segment: number, onPage?: (itemsScanned: number) => void): Promise<void> {
    let start: Item | undefined;
    do {
      const page: ScanCommandOutput = await this.db.send(
        new ScanCommand({
          TableName: this.table,
          Segment: segment,
          TotalSegments: this.totalSegments,
          FilterExpression: this.withMemberships
            ? 'begins_with(#pk, :customer) AND (#sk = :profile OR begins_with(#sk, :order) OR begins_with(#sk, :membership))'
            : 'begins_with(#pk, :customer) AND (#sk = :profile OR begins_with(#sk, :order))',
          ProjectionExpression: `#pk, #sk, #orderId, #at, #total, #lines, #country, #city, #age, #gender, #registeredAt${this.withMemberships ? ', #segment, #source' : ''}`,
          ExpressionAttributeNames: {
            '#pk': 'pk',
            '#sk': 'sk',
            '#orderId': 'orderId',
            '#at': 'purchasedAtUtc',
            '#total': 'total',
            '#lines': 'linesJson',
            '#country': 'country',
            '#city': 'city',
            '#age': 'age',
            '#gender': 'gender',
            '#registeredAt': 'registeredAt',
            ...(this.withMemberships ? { '#segment': 'segment', '#source': 'source' } : {}),
          },
          ExpressionAttributeValues: {
            ':customer': CUSTOMER_PK_PREFIX,
            ':profile': 'PROFILE',
            ':order': 'ORDER#',
            ...(this.withMemberships ? { ':membership': MEMBERSHIP_SK_PREFIX } : {}),
          },
          ExclusiveStartKey: start,
          ...(this.withMemberships ? { ConsistentRead: true } : {}),
        }),
      );
      for (const item of page.Items ?? []) this.add(item);
      this.items += page.ScannedCount ?? 0;
      onPage?.(this.items);
      start = page.LastEvaluatedKey;
    } while (start);
  }

  private entry(customerId: string): ScannedCustomer {
    let entry = this.customers.get(customerId);
    if (!entry) {
      entry = { facts: { customerId }, orders: [], profile: false };
      this.customers.set(customerId, entry);
    }
    return entry;
  }

  private add(item: Item): void {
    const customerId = (item.pk as string).slice(CUSTOMER_PK_PREFIX.length);
    const entry = this.entry(customerId);
    const sk = item.sk as string;
    if (sk.startsWith(MEMBERSHIP_SK_PREFIX)) {
      if (item.source === 'batch') (entry.batchSegments ??= {})[sk.slice(MEMBERSHIP_SK_PREFIX.length) as SegmentScheme] = item.segment as string;
      return;
    }
    if (sk === 'PROFILE') {
      entry.profile = true;
      entry.facts = {
        customerId,
        country: (item.country as string | undefined) ?? null,
        city: (item.city as string | undefined) ?? null,
        age: (item.age as number | undefined) ?? null,
        gender: (item.gender as Gender | undefined) ?? null,
        registeredAt: (item.registeredAt as string | undefined) ?? null,
      };
      return;
    }
    const purchasedAtMs = Date.parse(item.purchasedAtUtc as string);
    entry.orders.push({
      orderId: item.orderId as string,
      purchasedAtMs,
      total: item.total as number,
      lines: JSON.parse(item.linesJson as string) as OrderLineInput[],
    });
    if (this.latestPurchaseMs === null || purchasedAtMs > this.latestPurchaseMs) this.latestPurchaseMs = purchasedAtMs;
  }
}
