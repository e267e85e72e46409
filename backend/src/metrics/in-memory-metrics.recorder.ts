import { MetricName } from './metric-names';
import { MetricEvent, MetricsRecorder } from './metrics-recorder';

/** {@link MetricsRecorder} that keeps events in memory, for tests (`METRICS_SINK=memory`). */
export class InMemoryMetricsRecorder extends MetricsRecorder {
  readonly events: MetricEvent[] = [];

  record(event: MetricEvent): void {
    this.events.push(event);
  }

  /** Values of `name` across events whose dimensions include `where`. */
  values(name: MetricName, where: MetricEvent['dimensions'] = {}): number[] {
    return this.events
      .filter((e) => Object.entries(where).every(([k, v]) => e.dimensions[k as keyof typeof where] === v))
      .flatMap((e) => e.data.filter((d) => d.name === name).map((d) => d.value));
  }

  clear(): void {
    this.events.length = 0;
  }
}

/** {@link MetricsRecorder} that drops everything (`METRICS_SINK=off`). */
export class NoopMetricsRecorder extends MetricsRecorder {
  record(): void {}
}
