import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { InMemoryMetricsRecorder, NoopMetricsRecorder } from './in-memory-metrics.recorder';
import { PowertoolsEmfMetricsRecorder } from './infrastructure/powertools-emf.metrics-recorder';
import { metricsConfig } from './metrics.config';
import { MetricsRecorder } from './metrics-recorder';

/** Provides the process' {@link MetricsRecorder} chosen by `METRICS_SINK`. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(metricsConfig)],
  providers: [
    {
      provide: MetricsRecorder,
      inject: [metricsConfig.KEY],
      useFactory: (config: ConfigType<typeof metricsConfig>): MetricsRecorder => {
        if (config.sink === 'memory') return new InMemoryMetricsRecorder();
        if (config.sink === 'off') return new NoopMetricsRecorder();
        return new PowertoolsEmfMetricsRecorder(config.namespace);
      },
    },
  ],
  exports: [MetricsRecorder],
})
export class MetricsModule {}
