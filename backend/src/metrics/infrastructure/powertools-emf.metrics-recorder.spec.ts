import { Global, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock, FixedClock } from '../../common/clock';
import { InMemoryMetricsRecorder, NoopMetricsRecorder } from '../in-memory-metrics.recorder';
import { ANALYSIS_DIMENSION_SETS, DIMENSIONS, METRICS, SERVICE_DIMENSION } from '../metric-names';
import { MetricsRecorder } from '../metrics-recorder';
import { MetricsModule } from '../metrics.module';
import { PowertoolsEmfMetricsRecorder } from './powertools-emf.metrics-recorder';

interface EmfDocument {
  readonly _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  readonly [key: string]: unknown;
}

/** A recent whole second, inside CloudWatch's accepted window. */
const INSTANT = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);

/** Stands in for the global CommonModule, which provides the clock in the app. */
@Global()
@Module({ providers: [{ provide: Clock, useValue: new FixedClock(INSTANT) }], exports: [Clock] })
class ClockModule {}

describe('PowertoolsEmfMetricsRecorder', () => {
  it('writes one EMF document per event with the event dimension sets, each with the service', () => {
    const lines: string[] = [];
    const recorder = new PowertoolsEmfMetricsRecorder('TestNamespace', new FixedClock(INSTANT), (line) => lines.push(line));
    recorder.record({
      dimensions: { [DIMENSIONS.analysisType]: 'customer_profile', [DIMENSIONS.source]: 'bedrock', [DIMENSIONS.modelId]: 'haiku' },
      dimensionSets: ANALYSIS_DIMENSION_SETS,
      data: [
        { name: METRICS.analysisLatency, unit: 'Milliseconds', value: 12.5 },
        { name: METRICS.llmInputTokens, unit: 'Count', value: 1200 },
      ],
    });
    recorder.record({ dimensions: { [DIMENSIONS.errorClass]: 'timeout' }, dimensionSets: [[DIMENSIONS.errorClass]], data: [{ name: METRICS.llmErrors, unit: 'Count', value: 1 }] });

    expect(lines).toHaveLength(2);
    const doc = JSON.parse(lines[0]) as EmfDocument;
    const [directive] = doc._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('TestNamespace');
    expect(directive.Metrics).toEqual([
      { Name: 'AnalysisLatency', Unit: 'Milliseconds' },
      { Name: 'LlmInputTokens', Unit: 'Count' },
    ]);
    expect(directive.Dimensions).toEqual([
      [SERVICE_DIMENSION, 'AnalysisType', 'Source'],
      [SERVICE_DIMENSION, 'ModelId'],
    ]);
    expect(doc).toMatchObject({ AnalysisType: 'customer_profile', Source: 'bedrock', ModelId: 'haiku', AnalysisLatency: 12.5, LlmInputTokens: 1200 });

    const second = JSON.parse(lines[1]) as EmfDocument;
    expect(second).toMatchObject({ ErrorClass: 'timeout', LlmErrors: 1 });
    expect(second.AnalysisLatency).toBeUndefined();
    expect(second.AnalysisType).toBeUndefined();
  });

  it('timestamps each document with the injected clock', () => {
    const lines: string[] = [];
    const recorder = new PowertoolsEmfMetricsRecorder('TestNamespace', new FixedClock(INSTANT), (line) => lines.push(line));
    recorder.record({ dimensions: {}, dimensionSets: [], data: [{ name: METRICS.analysisRequests, unit: 'Count', value: 1 }] });
    recorder.record({ dimensions: {}, dimensionSets: [], data: [{ name: METRICS.analysisRequests, unit: 'Count', value: 1 }] });
    expect(lines.map((line) => (JSON.parse(line) as EmfDocument)._aws.Timestamp)).toEqual([INSTANT.getTime(), INSTANT.getTime()]);
  });
});

describe('MetricsModule sink selection (METRICS_SINK)', () => {
  const saved = { sink: process.env.METRICS_SINK, lambda: process.env.AWS_LAMBDA_FUNCTION_NAME };
  afterEach(() => {
    jest.restoreAllMocks();
    for (const [name, value] of [['METRICS_SINK', saved.sink], ['AWS_LAMBDA_FUNCTION_NAME', saved.lambda]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function recorderFor(env: { METRICS_SINK?: string; AWS_LAMBDA_FUNCTION_NAME?: string }): Promise<MetricsRecorder> {
    delete process.env.METRICS_SINK;
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    Object.assign(process.env, env);
    const moduleRef = await Test.createTestingModule({ imports: [ClockModule, MetricsModule] }).compile();
    return moduleRef.get(MetricsRecorder);
  }

  it('drops metrics outside Lambda by default and writes EMF in Lambda', async () => {
    expect(await recorderFor({})).toBeInstanceOf(NoopMetricsRecorder);
    expect(await recorderFor({ AWS_LAMBDA_FUNCTION_NAME: 'api' })).toBeInstanceOf(PowertoolsEmfMetricsRecorder);
    expect(await recorderFor({ METRICS_SINK: 'memory' })).toBeInstanceOf(InMemoryMetricsRecorder);
  });

  it('writes EMF documents through the Nest logger at debug level with METRICS_SINK=log, nothing to stdout', async () => {
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const stdout = jest.spyOn(process.stdout, 'write');
    const recorder = await recorderFor({ METRICS_SINK: 'log' });
    recorder.record({ dimensions: {}, dimensionSets: [], data: [{ name: METRICS.analysisRequests, unit: 'Count', value: 1 }] });
    expect(debug).toHaveBeenCalledTimes(1);
    const doc = JSON.parse(String(debug.mock.calls[0][0])) as EmfDocument;
    expect(doc).toMatchObject({ AnalysisRequests: 1, _aws: { Timestamp: INSTANT.getTime() } });
    expect(stdout).not.toHaveBeenCalled();
  });
});
