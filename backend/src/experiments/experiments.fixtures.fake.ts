import { Experiment } from './domain/experiment';
import { ExposureReport } from './experiment-recorder.service';

const NOW = new Date('2026-03-01T12:00:00Z');

/** A running two-variant experiment (generation 0), for recorder and recompute specs. */
export const RUNNING: Experiment = {
  key: 'e1',
  name: 'e1',
  analysisTypes: ['customer_profile'],
  status: 'running',
  variants: [
    { key: 'control', modelId: 'm-a', parameters: {}, weight: 0.5 },
    { key: 'treatment', modelId: 'm-b', parameters: {}, weight: 0.5 },
  ],
  coverage: 1,
  assignmentUnit: 'customerId',
  primaryMetric: 'validOutputRate',
  guardrails: [],
  alpha: 0.05,
  power: 0.8,
  minimumMeaningfulChange: { type: 'relative', value: 0.005 },
  plannedSampleSizePerVariant: 1000,
  sequential: true,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  startedAt: NOW.toISOString(),
  version: 2,
};

/** A served, valid model call of `unitId` on the treatment. */
export function exposure(analysisId: string, unitId: string, overrides: Partial<ExposureReport> = {}): ExposureReport {
  return {
    analysisId,
    customerId: unitId,
    unitId,
    analysisType: 'customer_profile',
    variantKey: 'treatment',
    source: 'bedrock',
    reason: null,
    cached: false,
    latencyMs: 800,
    inputTokens: 1000,
    outputTokens: 200,
    costUsd: 0.002,
    ...overrides,
  };
}
