import { DimensionName, MetricName, MetricUnitName } from './metric-names';

/** One value of one metric. */
export interface MetricDatum {
  readonly name: MetricName;
  readonly unit: MetricUnitName;
  readonly value: number;
}

/** Dimension values by name; each set lists the dimensions one aggregation uses. */
export type DimensionValues = Readonly<Partial<Record<DimensionName, string>>>;

/** Metrics of one event (one analysis, one failed call) that share their dimensions. */
export interface MetricEvent {
  readonly dimensions: DimensionValues;
  /** Which dimension combinations to publish; each must be covered by `dimensions`. */
  readonly dimensionSets: ReadonlyArray<readonly DimensionName[]>;
  readonly data: readonly MetricDatum[];
}

/**
 * Port of the metrics pipeline (DI token). Adapters: CloudWatch Embedded Metric Format through
 * Powertools (one EMF document per event, written to stdout); in memory for tests. Recording never
 * throws into the request path.
 */
export abstract class MetricsRecorder {
  abstract record(event: MetricEvent): void;
}
