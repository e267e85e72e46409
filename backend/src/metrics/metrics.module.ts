import { Global, Logger, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { InMemoryMetricsRecorder, NoopMetricsRecorder } from './in-memory-metrics.recorder';
import { PowertoolsEmfMetricsRecorder } from './infrastructure/powertools-emf.metrics-recorder';
import { metricsConfig } from './metrics.config';
import { MetricsRecorder } from './metrics-recorder';

/**
 * Provides the process' {@link MetricsRecorder} chosen by `METRICS_SINK` (`emf`, `log`, `memory`,
 * `off`; see `MetricsSink`). EMF timestamps come from the injected {@link Clock}.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(metricsConfig)],
  providers: [
    {
      provide: MetricsRecorder,
      inject: [metricsConfig.KEY, Clock],
      useFactory: (config: ConfigType<typeof metricsConfig>, clock: Clock): MetricsRecorder => {
        switch (config.sink) {
          case 'memory':
            return new InMemoryMetricsRecorder();
          case 'off':
            return new NoopMetricsRecorder();
          case 'log': {
            const logger = new Logger('Metrics');
            return new PowertoolsEmfMetricsRecorder(config.namespace, clock, (line) => logger.debug(line));
          }
          case 'emf':
            return new PowertoolsEmfMetricsRecorder(config.namespace, clock);
        }
      },
    },
  ],
  exports: [MetricsRecorder],
})
export class MetricsModule {}
