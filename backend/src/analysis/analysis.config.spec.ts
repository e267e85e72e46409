import { FEATURE_ENVIRONMENT_CHECKS } from '../config/feature-environment-checks';
import { parseMetricsConfig } from '../metrics/metrics.config';
import { InvalidConfigError } from '../config/config-validation';
import { parseAnalysisConfig } from './analysis.config';

describe('parseAnalysisConfig', () => {
  it('applies the defaults', () => {
    expect(parseAnalysisConfig({})).toEqual({
      cacheTtlSeconds: { consumption_prediction: 86_400, customer_profile: 604_800, recommendations: 86_400 },
      historyTtlDays: 365,
      maxInputOrders: 100,
      lapsedHorizonDays: 60,
    });
  });

  it('chooses the metrics sink: emf in Lambda, off elsewhere, else as set', () => {
    expect(parseMetricsConfig({})).toEqual({ sink: 'off', namespace: 'CustomerAnalytics' });
    expect(parseMetricsConfig({ AWS_LAMBDA_FUNCTION_NAME: 'api' }).sink).toBe('emf');
    expect(parseMetricsConfig({ AWS_LAMBDA_FUNCTION_NAME: 'api', METRICS_SINK: 'off' }).sink).toBe('off');
    expect(['emf', 'log', 'memory', 'off'].map((sink) => parseMetricsConfig({ METRICS_SINK: sink }).sink)).toEqual(['emf', 'log', 'memory', 'off']);
  });

  it('reads every variable', () => {
    expect(
      parseAnalysisConfig({
        ANALYSIS_CACHE_TTL_CONSUMPTION_SECONDS: '3600',
        ANALYSIS_CACHE_TTL_PROFILE_SECONDS: '7200',
        ANALYSIS_CACHE_TTL_RECOMMENDATIONS_SECONDS: '60',
        ANALYSIS_HISTORY_TTL_DAYS: '30',
        ANALYSIS_MAX_INPUT_ORDERS: '20',
        ANALYSIS_LAPSED_HORIZON_DAYS: '0',
      }),
    ).toEqual({
      cacheTtlSeconds: { consumption_prediction: 3600, customer_profile: 7200, recommendations: 60 },
      historyTtlDays: 30,
      maxInputOrders: 20,
      lapsedHorizonDays: 0,
    });
  });

  it.each([
    [{ ANALYSIS_CACHE_TTL_PROFILE_SECONDS: '10' }, 'ANALYSIS_CACHE_TTL_PROFILE_SECONDS'],
    [{ ANALYSIS_CACHE_TTL_CONSUMPTION_SECONDS: 'day' }, 'ANALYSIS_CACHE_TTL_CONSUMPTION_SECONDS'],
    [{ ANALYSIS_HISTORY_TTL_DAYS: '0' }, 'ANALYSIS_HISTORY_TTL_DAYS'],
    [{ ANALYSIS_MAX_INPUT_ORDERS: '1000' }, 'ANALYSIS_MAX_INPUT_ORDERS'],
    [{ ANALYSIS_LAPSED_HORIZON_DAYS: '-1' }, 'ANALYSIS_LAPSED_HORIZON_DAYS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => parseAnalysisConfig(env)).toThrow(InvalidConfigError);
    expect(() => parseAnalysisConfig(env)).toThrow(variable);
  });

  it('is checked at boot with the metrics variables', () => {
    const problems = FEATURE_ENVIRONMENT_CHECKS.flatMap((check) => check({ ANALYSIS_MAX_INPUT_ORDERS: '0', METRICS_SINK: 'stdout' }));
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('ANALYSIS_MAX_INPUT_ORDERS'), expect.stringContaining('METRICS_SINK')]));
  });
});
