import { ANALYSIS_DIMENSION_SETS, DIMENSIONS, METRICS, SERVICE_DIMENSION } from '../metric-names';
import { PowertoolsEmfMetricsRecorder } from './powertools-emf.metrics-recorder';

interface EmfDocument {
  readonly _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  readonly [key: string]: unknown;
}

describe('PowertoolsEmfMetricsRecorder', () => {
  it('writes one EMF document per event with the event dimension sets, each with the service', () => {
    const lines: string[] = [];
    const recorder = new PowertoolsEmfMetricsRecorder('TestNamespace', (line) => lines.push(line));
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
});
