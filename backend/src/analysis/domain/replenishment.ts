import { MS_PER_DAY } from '../../common/domain/time';
import { ProductPrediction } from './consumption-analyzer';

/** Urgent: due within this many days (or overdue) ... */
export const URGENT_WITHIN_DAYS = 1;
/** ... with a confidence above this. */
export const URGENT_MIN_CONFIDENCE = 0.7;
/** Upcoming: due within this many days ... */
export const UPCOMING_WITHIN_DAYS = 7;
/** ... with a confidence above this. */
export const UPCOMING_MIN_CONFIDENCE = 0.6;

/** A product prediction with the days left until it is due as of the request. */
export interface ReplenishmentAlert {
  readonly prediction: ProductPrediction;
  /** Days from `asOf` to the predicted purchase; negative when overdue. */
  readonly dueInDays: number;
}

/** Alerts split by urgency. */
export interface ReplenishmentAlerts {
  readonly urgent: ReplenishmentAlert[];
  readonly upcoming: ReplenishmentAlert[];
}

/** Days from `asOfMs` to the predicted purchase of `prediction` (fractional; negative when overdue). */
export function dueInDays(prediction: Pick<ProductPrediction, 'predictedNextPurchaseAt'>, asOfMs: number): number {
  return (Date.parse(prediction.predictedNextPurchaseAt) - asOfMs) / MS_PER_DAY;
}

/**
 * Splits predictions into urgent (due in ≤ 1 day, overdue included, confidence > 0.7) and upcoming
 * (due in ≤ 7 days, confidence > 0.6, not urgent), each soonest first. Lapsed products never alert
 * (they are not in `ConsumptionResult.predictions`; any given here are skipped).
 */
export function replenishmentAlerts(predictions: readonly ProductPrediction[], asOfMs: number): ReplenishmentAlerts {
  const alerts = predictions
    .filter((prediction) => prediction.status !== 'lapsed')
    .map((prediction) => ({ prediction, dueInDays: dueInDays(prediction, asOfMs) }))
    .sort((a, b) => a.dueInDays - b.dueInDays || a.prediction.productId.localeCompare(b.prediction.productId));
  const urgent = alerts.filter((a) => a.dueInDays <= URGENT_WITHIN_DAYS && a.prediction.confidence > URGENT_MIN_CONFIDENCE);
  const isUrgent = new Set(urgent.map((a) => a.prediction.productId));
  const upcoming = alerts.filter(
    (a) => !isUrgent.has(a.prediction.productId) && a.dueInDays <= UPCOMING_WITHIN_DAYS && a.prediction.confidence > UPCOMING_MIN_CONFIDENCE,
  );
  return { urgent, upcoming };
}
