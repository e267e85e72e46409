import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Logger } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { SERVICE_NAME } from '../metric-names';
import { MetricEvent, MetricsRecorder } from '../metrics-recorder';

/** Where EMF documents go: one JSON line each. */
export type EmfSink = (line: string) => void;

const stdoutSink: EmfSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * {@link MetricsRecorder} writing CloudWatch Embedded Metric Format documents built by Powertools
 * Metrics: one document per event, flushed at once, timestamped by the injected {@link Clock}
 * (`Metrics.setTimestamp`; CloudWatch drops metrics more than 14 days old or 2 hours ahead, and
 * Powertools warns about them). Dimension sets come from the event, each with `service`. In Lambda,
 * CloudWatch Logs turns the stdout lines into metrics; elsewhere the sink may be the logger
 * (`METRICS_SINK=log`). A `PutMetricData` adapter for long-running processes is not included.
 */
export class PowertoolsEmfMetricsRecorder extends MetricsRecorder {
  private readonly logger = new Logger(PowertoolsEmfMetricsRecorder.name);
  private readonly metrics: Metrics;

  constructor(
    namespace: string,
    private readonly clock: Clock,
    private readonly sink: EmfSink = stdoutSink,
  ) {
    super();
    this.metrics = new Metrics({ namespace, serviceName: SERVICE_NAME });
  }

  record(event: MetricEvent): void {
    try {
      for (const set of event.dimensionSets) {
        const values: Record<string, string> = {};
        for (const name of set) values[name] = event.dimensions[name] ?? 'none';
        this.metrics.addDimensions(values);
      }
      for (const datum of event.data) this.metrics.addMetric(datum.name, MetricUnit[datum.unit], datum.value);
      this.metrics.setTimestamp(this.clock.now());
      this.sink(JSON.stringify(this.metrics.serializeMetrics()));
    } catch (err) {
      this.logger.warn(`metrics not recorded: ${(err as Error).name}`);
    } finally {
      this.metrics.clearMetrics();
      this.metrics.clearDimensions();
    }
  }
}
