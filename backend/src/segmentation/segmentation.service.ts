import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { FieldError, InvalidInputError } from '../common/domain/domain.error';
import { roundMoney, roundTo } from '../common/domain/money';
import { parseIsoUtc } from '../common/domain/time';
import { CustomersService } from '../customers/customers.service';
import { Customer } from '../customers/domain/customer';
import { Order } from '../purchases/domain/order';
import { PurchasesRepository } from '../purchases/purchases.repository';
import { SegmentationBatchService } from './batch/segmentation-batch.service';
import { customerFeaturesOf, storedCustomerProfile, type CustomerFacts, type OrderFacts } from './domain/customer-features';
import { churnValueOf } from './domain/customer-features';
import { clusterOf, scoreAgainstReference, type CustomerAssignment, type RfmScores } from './domain/population-segmentation';
import { transitionsBetween, transitionsOf, type Transition } from './domain/run-aggregates';
import { kpisOf, trendOf, type SegmentKpis } from './domain/segment-kpis';
import {
  clusterSegmentId,
  isKnownSegment,
  NO_PURCHASES,
  SEGMENT_SCHEMES,
  segmentDisplayName,
  UNCLUSTERED,
  type SegmentScheme,
} from './domain/segment-schemes';
import { NoPurchasesError, SegmentationRunNotFoundError, SegmentNotFoundError } from './domain/segmentation.errors';
import { computeRfmFeatures } from './rfm/rfm-features';
import type { ClusterPredictionDto } from './dto/segmentation-responses.dto';
import { KMeansModelsService } from './kmeans-models.service';
import { DEFAULT_LIFECYCLE_THRESHOLDS, lifecycleFeaturesOf, lifecycleSegmentOf } from './rfm/lifecycle-segments';
import { rfmSegmentOf } from './rfm/rfm-segment-map';
import { validateCustomerData } from './rules/customer-data.validator';
import { profileCustomer, type RuleProfile } from './rules/rule-profile';
import { membershipDetails } from './domain/run-memberships';
import { FALLBACK_STRATEGY, type SegmentStrategy } from './segment-strategies';
import { segmentationConfig } from './segmentation.config';
import { SegmentAssignmentsRepository, SegmentHistoryEntry, SegmentMembership, SegmentRun, SegmentRunsRepository } from './segmentation.repository';

/** A current membership as the API shows it. */
export interface MembershipView extends SegmentMembership {
  readonly name: string;
}

/** Current segments and history of a customer. */
export interface CustomerSegmentsView {
  readonly customerId: string;
  readonly segments: Readonly<Record<SegmentScheme, MembershipView | null>>;
  readonly history: SegmentHistoryEntry[];
}

/** The result of segmenting one stored customer on demand. */
export interface CustomerSegmentationResult extends CustomerSegmentsView {
  readonly asOf: string;
  /** Run whose quintile edges and median basket were used; null when there is none yet. */
  readonly referenceRunId: string | null;
  readonly rfm: {
    readonly recencyDays: number | null;
    readonly frequency: number;
    readonly monetary: number;
    readonly scores: RfmScores | null;
    readonly segment: string | null;
    /** Why scores are null. */
    readonly reason?: string;
  };
  /** The full eight-dimension profile; null without purchases. */
  readonly profile: RuleProfile | null;
}

/** Segment share of customers and revenue in a run. */
export interface SegmentShareView {
  readonly segment: string;
  readonly name: string;
  readonly customers: number;
  readonly customerShare: number;
  readonly revenue: number;
  readonly revenueShare: number;
}

const NO_RUN_REASON =
  'No batch segmentation run yet: RFM quintile scores need the whole population (run POST /v1/customers/segmentation/batch)';

function orderFacts(orders: readonly Order[]): OrderFacts[] {
  return orders.map((o) => ({ orderId: o.orderId, purchasedAtMs: Date.parse(o.purchasedAtUtc), total: o.total, lines: o.lines }));
}

function customerFacts(c: Customer): CustomerFacts {
  return { customerId: c.id, country: c.country, city: c.city, age: c.age, gender: c.gender, registeredAt: c.registeredAt };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export type { SegmentKpis };

/**
 * Segmentation of customers: the rule profile of a payload, on-demand segmentation of a stored
 * customer, current segments and history, run overview, segment KPIs, migrations between runs,
 * manual reassignment and recommendations.
 */
@Injectable()
export class SegmentationService {
  constructor(
    private readonly customers: CustomersService,
    private readonly purchases: PurchasesRepository,
    private readonly assignments: SegmentAssignmentsRepository,
    private readonly runs: SegmentRunsRepository,
    private readonly models: KMeansModelsService,
    private readonly batch: SegmentationBatchService,
    private readonly clock: Clock,
    @Inject(segmentationConfig.KEY) private readonly config: ConfigType<typeof segmentationConfig>,
  ) {}

  /**
   * The eight-dimension rule profile of a `customerData` payload (spec §A) as of `asOf` (default now).
   *
   * @throws InvalidInputError naming every bad field (`customerData.customer.age`...).
   */
  analyze(customerData: unknown, asOf?: string): { asOf: string; profile: RuleProfile } {
    const result = validateCustomerData(customerData);
    if (!result.ok) {
      const byField = new Map<string, string[]>();
      for (const e of result.errors) {
        const field = e.field === 'customerData' ? 'customerData' : `customerData.${e.field}`;
        byField.set(field, [...(byField.get(field) ?? []), e.message]);
      }
      const fields: FieldError[] = [...byField].map(([field, messages]) => ({ field, messages }));
      throw new InvalidInputError(fields);
    }
    const asOfMs = asOf ? parseIsoUtc(asOf) : this.clock.now().getTime();
    return { asOf: new Date(asOfMs).toISOString(), profile: profileCustomer(result.value, asOfMs) };
  }

  /**
   * Computes and stores the segments of one stored customer from its orders. Reference date:
   * `asOf`, else the latest run's, else now. RFM scores use the latest run's quintile edges (null
   * with a reason when there is no run); the cluster uses the active model.
   *
   * @throws CustomerNotFoundError (404).
   */
  async segmentCustomer(customerId: string, asOfMs?: number): Promise<CustomerSegmentationResult> {
    const customer = await this.customers.get(customerId);
    const [orders, run, model] = await Promise.all([this.purchases.listAll(customerId), this.runs.latestRun(), this.models.active()]);
    const asOf = asOfMs ?? (run ? Date.parse(run.asOf) : this.clock.now().getTime());
    const facts = customerFacts(customer);
    const ordersIn = orderFacts(orders);
    const features = customerFeaturesOf(facts, ordersIn, asOf);
    const profile = storedCustomerProfile(facts, ordersIn, asOf, run?.medianBasket ?? null);
    const rfm = features.rfm;
    const scores = rfm && run ? scoreAgainstReference(rfm, run.reference) : null;
    const cluster = rfm && model ? clusterOf({ version: model.version, model: model.model }, rfm) : null;
    const value = features.rules ? churnValueOf(features.rules, run?.medianBasket ?? null) : null;
    const segments: Partial<Record<SegmentScheme, string>> = rfm
      ? {
          ...(scores ? { rfm: rfmSegmentOf(scores.r, scores.f) } : {}),
          lifecycle: lifecycleSegmentOf(lifecycleFeaturesOf(rfm, DEFAULT_LIFECYCLE_THRESHOLDS)),
          cluster: cluster ? clusterSegmentId(cluster.modelVersion, cluster.cluster) : UNCLUSTERED,
          'rules-churn-value': value!.churnValueSegment,
        }
      : Object.fromEntries(SEGMENT_SCHEMES.map((s) => [s, NO_PURCHASES]));
    const assignment: CustomerAssignment = {
      customerId,
      segments: segments as Record<SegmentScheme, string>,
      recencyDays: rfm?.recencyDays ?? null,
      frequency: rfm?.frequency ?? 0,
      monetary: rfm?.monetary ?? 0,
      firstPurchaseMs: rfm?.firstPurchaseMs ?? null,
      scores,
      cluster,
      valueSegment: value?.valueSegment ?? null,
      churnValueSegment: value?.churnValueSegment ?? null,
      rules: features.rules,
    };
    const now = this.clock.now().toISOString();
    const asOfIso = new Date(asOf).toISOString();
    const memberships: SegmentMembership[] = (Object.keys(segments) as SegmentScheme[]).map((scheme) => ({
      customerId,
      scheme,
      segment: segments[scheme] as string,
      source: 'on-demand',
      runId: null,
      assignedAt: now,
      asOf: asOfIso,
      details: membershipDetails(assignment, scheme),
    }));
    await this.assignments.putMemberships(memberships);
    await this.assignments.appendHistory({
      customerId,
      sequence: await this.runs.nextSequence(),
      source: 'on-demand',
      runId: null,
      recordedAt: now,
      asOf: asOfIso,
      segments,
    });
    const view = await this.currentSegments(customerId, 20, run);
    return {
      ...view,
      asOf: asOfIso,
      referenceRunId: run?.runId ?? null,
      rfm: {
        recencyDays: rfm?.recencyDays ?? null,
        frequency: rfm?.frequency ?? 0,
        monetary: roundMoney(rfm?.monetary ?? 0),
        scores,
        segment: segments.rfm ?? null,
        ...(rfm && !run ? { reason: NO_RUN_REASON } : {}),
        ...(!rfm ? { reason: `No purchase on or before ${asOfIso}` } : {}),
      },
      profile,
    };
  }

  /**
   * Cluster of a stored customer under the given or active model, with RFM features as of `asOfMs`
   * (default: the model's training reference date, so that recency is comparable).
   *
   * @throws CustomerNotFoundError (404), KMeansModelNotFoundError (404), NoActiveKMeansModelError (422), NoPurchasesError (422).
   */
  async predictCustomer(customerId: string, asOfMs?: number, modelVersion?: number): Promise<ClusterPredictionDto> {
    await this.customers.assertExists(customerId);
    const stored = await this.models.resolve(modelVersion);
    const asOf = asOfMs ?? Date.parse(stored.asOf);
    const rfm = computeRfmFeatures(orderFacts(await this.purchases.listAll(customerId)), asOf);
    if (!rfm) throw new NoPurchasesError(customerId, new Date(asOf).toISOString());
    const features = { recencyDays: rfm.recencyDays, frequency: rfm.frequency, monetary: rfm.monetary };
    const p = this.models.predict(stored, features);
    return {
      customerId,
      asOf: new Date(asOf).toISOString(),
      modelVersion: stored.version,
      cluster: p.cluster,
      segment: clusterSegmentId(stored.version, p.cluster),
      name: p.name,
      distance: p.distance,
      confidence: p.confidence,
      features: { ...features, monetary: roundMoney(features.monetary) },
      profile: p.profile,
    };
  }

  /** Current segments (one per scheme, null where none) and the newest `historyLimit` history entries. @throws CustomerNotFoundError. */
  async currentSegments(customerId: string, historyLimit: number, knownRun?: SegmentRun): Promise<CustomerSegmentsView> {
    await this.customers.assertExists(customerId);
    const [memberships, history, run] = await Promise.all([
      this.assignments.current(customerId),
      this.assignments.history(customerId, historyLimit),
      knownRun ? Promise.resolve(knownRun) : this.runs.latestRun(),
    ]);
    const names = run?.clusterNames ?? {};
    const segments = Object.fromEntries(SEGMENT_SCHEMES.map((s) => [s, null])) as Record<SegmentScheme, MembershipView | null>;
    for (const m of memberships) {
      const clusterName = m.scheme === 'cluster' && typeof m.details.name === 'string' ? { [m.segment]: m.details.name } : {};
      segments[m.scheme] = { ...m, name: segmentDisplayName(m.scheme, m.segment, { ...names, ...clusterName }) };
    }
    return { customerId, segments, history };
  }

  private async latestRunOrThrow(): Promise<SegmentRun> {
    const run = await this.runs.latestRun();
    if (!run) throw new SegmentationRunNotFoundError(NO_RUN_REASON);
    return run;
  }

  private async runOrThrow(runId: string): Promise<SegmentRun> {
    const run = await this.runs.getRun(runId);
    if (!run) throw new SegmentationRunNotFoundError(`Segmentation run ${runId} not found`);
    return run;
  }

  /** Customers and revenue per segment of `scheme` in the latest full run. @throws SegmentationRunNotFoundError. */
  async overview(scheme: SegmentScheme): Promise<{ run: SegmentRun; customers: number; revenue: number; segments: SegmentShareView[] }> {
    const run = await this.latestRunOrThrow();
    const table = run.aggregates.segments[scheme];
    const customers = Object.values(table).reduce((n, t) => n + t.customers, 0);
    const revenue = Object.values(table).reduce((n, t) => n + t.revenue, 0);
    const segments = Object.entries(table)
      .map(([segment, t]) => ({
        segment,
        name: segmentDisplayName(scheme, segment, run.clusterNames),
        customers: t.customers,
        customerShare: roundTo(ratio(t.customers, customers) ?? 0, 6),
        revenue: roundMoney(t.revenue),
        revenueShare: roundTo(ratio(t.revenue, revenue) ?? 0, 6),
      }))
      .sort((a, b) => b.customers - a.customers || a.segment.localeCompare(b.segment));
    return { run, customers, revenue: roundMoney(revenue), segments };
  }

  /**
   * KPIs of a segment in the latest run and their change against the previous run.
   *
   * @throws SegmentationRunNotFoundError; SegmentNotFoundError when the run has no such segment.
   */
  async performance(scheme: SegmentScheme, segment: string): Promise<{
    run: SegmentRun;
    name: string;
    kpis: SegmentKpis;
    trend: { previousRunId: string; previous: SegmentKpis | null; customersChange: number; revenueChange: number; churnShareChange: number | null } | null;
  }> {
    const run = await this.latestRunOrThrow();
    const totals = run.aggregates.segments[scheme][segment];
    if (!totals) throw new SegmentNotFoundError(`Segment ${segment} has no customers in scheme ${scheme} of run ${run.runId}`, { scheme, segment });
    const kpis = kpisOf(totals, run.aggregates.segments[scheme]);
    let trend = null;
    if (run.previousRunId) {
      const previousRun = await this.runs.getRun(run.previousRunId);
      const before = previousRun?.aggregates.segments[scheme][segment];
      const previous = before && previousRun ? kpisOf(before, previousRun.aggregates.segments[scheme]) : null;
      trend = { previousRunId: run.previousRunId, ...trendOf(kpis, previous) };
    }
    return { run, name: segmentDisplayName(scheme, segment, run.clusterNames), kpis, trend };
  }

  /**
   * Movements between segments of `scheme` from one run to another: by default the latest run
   * against its previous one (stored counts); with `fromRun`/`toRun`, recomputed from the runs'
   * stored chunks. @throws SegmentationRunNotFoundError.
   */
  async migrations(scheme: SegmentScheme, fromRunId?: string, toRunId?: string): Promise<{
    fromRunId: string | null;
    toRunId: string;
    customers: number;
    moved: number;
    transitions: Transition[];
  }> {
    const to = toRunId ? await this.runOrThrow(toRunId) : await this.latestRunOrThrow();
    const fromId = fromRunId ?? to.previousRunId;
    let transitions: Transition[];
    if (!fromId) {
      transitions = [];
    } else if (!fromRunId && fromId === to.previousRunId) {
      transitions = transitionsOf(to.aggregates.transitions[scheme]);
    } else {
      await this.runOrThrow(fromId);
      const [before, after] = await Promise.all([this.batch.segmentsOfRun(fromId), this.batch.segmentsOfRun(to.runId)]);
      const pick = (m: Map<string, Record<string, string>>) => new Map([...m].map(([id, s]) => [id, s[scheme]]));
      transitions = transitionsBetween(pick(before), pick(after));
    }
    const customers = transitions.reduce((n, t) => n + t.customers, 0);
    const moved = transitions.filter((t) => t.from !== t.to).reduce((n, t) => n + t.customers, 0);
    return { fromRunId: fromId ?? null, toRunId: to.runId, customers, moved, transitions };
  }

  /**
   * Records a manual reassignment: the membership becomes `toSegment` (source `manual`) and a history
   * entry keeps the previous segment and the reason.
   *
   * @throws CustomerNotFoundError; InvalidInputError when `toSegment` is not a segment of `scheme`.
   */
  async migrate(customerId: string, scheme: SegmentScheme, toSegment: string, reason: string): Promise<SegmentHistoryEntry> {
    if (!isKnownSegment(scheme, toSegment)) {
      throw new InvalidInputError([{ field: 'toSegment', messages: [`${toSegment} is not a segment of scheme ${scheme}`] }]);
    }
    await this.customers.assertExists(customerId);
    const current = (await this.assignments.current(customerId)).find((m) => m.scheme === scheme);
    const now = this.clock.now().toISOString();
    await this.assignments.putMemberships([
      {
        customerId,
        scheme,
        segment: toSegment,
        source: 'manual',
        runId: null,
        assignedAt: now,
        asOf: null,
        details: { previousSegment: current?.segment ?? null },
        reason,
      },
    ]);
    const entry: SegmentHistoryEntry = {
      customerId,
      sequence: await this.runs.nextSequence(),
      source: 'manual',
      runId: null,
      recordedAt: now,
      asOf: null,
      segments: { [scheme]: toSegment },
      previous: current ? { [scheme]: current.segment } : {},
      reason,
    };
    await this.assignments.appendHistory(entry);
    return entry;
  }

  /**
   * Strategy per current segment of the customer (`segment-strategies.ts`, overridable with
   * `SEGMENT_STRATEGIES`). Cluster segments use the strategy of their business name.
   *
   * @throws CustomerNotFoundError; SegmentNotFoundError when the customer has no stored segment.
   */
  async recommendations(customerId: string): Promise<{ customerId: string; recommendations: (SegmentStrategy & { scheme: SegmentScheme; segment: string; name: string })[] }> {
    const view = await this.currentSegments(customerId, 1);
    const recommendations = SEGMENT_SCHEMES.flatMap((scheme) => {
      const m = view.segments[scheme];
      if (!m) return [];
      const key = scheme === 'cluster' && typeof m.details.name === 'string' ? m.details.name : m.segment;
      const strategy = this.config.strategies[m.segment] ?? this.config.strategies[key] ?? FALLBACK_STRATEGY;
      return [{ scheme, segment: m.segment, name: m.name, ...strategy }];
    });
    if (recommendations.length === 0) {
      throw new SegmentNotFoundError(
        `Customer ${customerId} has no stored segments: run POST /v1/customers/${customerId}/segmentation or the batch segmentation`,
      );
    }
    return { customerId, recommendations };
  }
}
