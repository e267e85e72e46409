import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Logger } from '@nestjs/common';
import { SERVICE_NAME } from '../metric-names';
import { MetricEvent, MetricsRecorder } from '../metrics-recorder';

/** Where EMF documents go: one JSON line each. */
export type EmfSink = (line: string) => void;

const stdoutSink: EmfSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * {@link MetricsRecorder} writing CloudWatch Embedded Metric Format documents built by Powertools
 * Metrics: one document per event, flushed at once (in Lambda, CloudWatch Logs turns stdout EMF lines
 * into metrics; in a long-running server the same lines go to stdout, which is enough until a
 * `PutMetricData` adapter exists). Dimension sets come from the event, each with `service`.
 */
export class PowertoolsEmfMetricsRecorder extends MetricsRecorder {
  private readonly logger = new Logger(PowertoolsEmfMetricsRecorder.name);
  private readonly metrics: Metrics;

  constructor(
    namespace: string,
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
      this.sink(JSON.stringify(this.metrics.serializeMetrics()));
    } catch (err) {
      this.logger.warn(`metrics not recorded: ${(err as Error).name}`);
    } finally {
      this.metrics.clearMetrics();
      this.metrics.clearDimensions();
    }
  }
}
