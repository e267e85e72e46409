import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AnalysisRepository } from '../analysis/analysis.repository';
import { Clock } from '../common/clock';
import type { Order } from '../purchases/domain/order';
import { ORDER_CREATED, OrderCreatedEvent } from '../purchases/order-created.event';
import { predictionErrorDays } from './domain/exposure-outcome';
import { ExperimentRecorder } from './experiment-recorder.service';
import { ExperimentsRepository } from './experiments.repository';

/** History items searched for the served analysis (it is normally the newest). */
const HISTORY_SEARCH_LIMIT = 20;

interface ConsumptionResultShape {
  readonly predictions?: ReadonlyArray<{ readonly predictedNextPurchaseAt?: unknown; readonly source?: unknown }>;
}

/**
 * Outcome accuracy: when new orders of a customer arrive and that customer was served a
 * consumption prediction inside an experiment, the earliest new order is compared with the earliest
 * predicted next-purchase instant of that analysis, and |error| in days is recorded once for the
 * variant that served it (idempotent on the analysis id). Listens to `order.created`. Only the model's own items count: rule
 * predictions that complete a model answer (`source: rules`) measure the rules, not the variant.
 */
@Injectable()
export class ExperimentOutcomeObserver {
  constructor(
    private readonly repository: ExperimentsRepository,
    private readonly analyses: AnalysisRepository,
    private readonly recorder: ExperimentRecorder,
    private readonly clock: Clock,
  ) {}

  /** Listener of {@link ORDER_CREATED}; awaited by the emitters (API request, import chunk). */
  @OnEvent(ORDER_CREATED)
  async onOrdersCreated({ orders }: OrderCreatedEvent): Promise<void> {
    const earliestByCustomer = new Map<string, Order>();
    for (const order of orders) {
      const current = earliestByCustomer.get(order.customerId);
      if (!current || order.purchasedAtUtc < current.purchasedAtUtc) earliestByCustomer.set(order.customerId, order);
    }
    for (const order of earliestByCustomer.values()) await this.recordFor(order);
  }

  private async recordFor(order: Order): Promise<void> {
    const served = await this.repository.getServedPrediction(order.customerId);
    if (!served) return;
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const history = await this.analyses.listHistory(order.customerId, HISTORY_SEARCH_LIMIT, nowSeconds);
    const analysis = history.items.find((a) => a.analysisId === served.analysisId);
    const result = analysis?.result as ConsumptionResultShape | undefined;
    const predicted = (result?.predictions ?? [])
      .filter((p) => p.source !== 'rules')
      .map((p) => p.predictedNextPurchaseAt)
      .filter((p): p is string => typeof p === 'string');
    const errorDays = predictionErrorDays(predicted, order.purchasedAtUtc);
    if (errorDays === null) return;
    await this.recorder.recordOutcomeError(served.analysisId, errorDays, order.orderId);
  }
}
