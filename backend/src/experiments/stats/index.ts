/**
 * Pure statistics engine for A/B experiments on AI models (no Nest, no AWS SDK, no I/O).
 * Every function works from sufficient statistics (n, Σx, Σx², successes) and returns plain data;
 * degenerate inputs yield `{ status: 'not_computable', reason }` instead of NaN/Infinity/p = 0.
 * Formula sources are cited on each function; reference values come from SciPy
 * (`scripts/stats_reference.py` → `__fixtures__/scipy-reference.json`).
 */
export * from './types';
export * from './distributions';
export * from './summary-statistics';
export * from './relative-lift';
export * from './welch-t-test';
export * from './two-proportion-z-test';
export * from './sample-ratio-mismatch';
export * from './multiple-testing';
export * from './non-inferiority';
export * from './sequential';
export * from './sample-size';
export * from './bayesian';
export * from './winsorization';
export * from './decision';
export * from './experiment-analysis';
export * from './ratio-metric';
export * from './cuped';
export * from './bayesian-effects';
export * from './planning';
