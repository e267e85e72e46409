import { pValueFromLog } from './distributions';
import type { ConfidenceInterval, PValue } from './types';

/** gbstats' default tuning N* when no planned total sample is configured. */
export const DEFAULT_SEQUENTIAL_TUNING_N = 5000;

/** Settings of the asymptotic confidence sequence. */
export interface ConfidenceSequenceSettings {
  /** Two-sided level is 1 − alpha, uniformly over all looks. */
  readonly alpha: number;
  /** N*: total sample (all arms) at which the sequence is tightest; planned total sample. */
  readonly tuningN: number;
}

/** An always-valid interval and p-value for an estimate at the current look. */
export interface SequentialTestResult {
  readonly estimate: number;
  readonly standardError: number;
  /** Units across both arms at this look. */
  readonly totalN: number;
  /** Mixing parameter ρ derived from alpha and N*. */
  readonly rho: number;
  readonly halfWidth: number;
  readonly confidenceSequence: ConfidenceInterval;
  /** Smallest alpha at which the sequence excludes 0 (valid under optional stopping). */
  readonly pValue: number;
  readonly log10PValue: number;
}

/**
 * Mixing parameter ρ of the normal-mixture boundary, tuned so the sequence is tightest at N*:
 * ρ = √((−2 ln α + ln(−2 ln α + 1)) / N*)  (Waudby-Smith et al. 2023, eq. 161; GrowthBook
 * gbstats `sequential_rho`).
 */
export function sequentialRho(alpha: number, tuningN: number): number {
  const logAlpha = Math.log(alpha);
  return Math.sqrt((-2 * logAlpha + Math.log(-2 * logAlpha + 1)) / tuningN);
}

/**
 * Half-width of the two-sided asymptotic confidence sequence (Waudby-Smith, Arbour, Sinha,
 * Kennedy & Ramdas 2023, "Time-uniform central limit theory and asymptotic confidence sequences",
 * eq. 9; gbstats `sequential_interval_halfwidth`):
 * w = σ·√(2(Nρ² + 1)/(N²ρ²) · ln(√(Nρ² + 1)/α)),
 * with the per-observation variance σ² = SE²·N, N = n_A + n_B.
 */
export function confidenceSequenceHalfWidth(
  standardError: number,
  totalN: number,
  settings: ConfidenceSequenceSettings,
): number {
  const rho = sequentialRho(settings.alpha, settings.tuningN);
  const nRho2 = totalN * rho * rho;
  const perObservationSd = standardError * Math.sqrt(totalN);
  return (
    perObservationSd *
    Math.sqrt(((2 * (nRho2 + 1)) / (totalN * totalN * rho * rho)) * Math.log(Math.sqrt(nRho2 + 1) / settings.alpha))
  );
}

/**
 * Always-valid p-value obtained by inverting {@link confidenceSequenceHalfWidth} in alpha with ρ held
 * at its configured value: p = min(1, √(Nρ² + 1)·exp(−(θ̂/SE)²·Nρ² / (2(Nρ² + 1)))), so that
 * p ≤ alpha exactly when the confidence sequence excludes 0.
 */
export function alwaysValidPValue(
  estimate: number,
  standardError: number,
  totalN: number,
  settings: ConfidenceSequenceSettings,
): PValue {
  const rho = sequentialRho(settings.alpha, settings.tuningN);
  const nRho2 = totalN * rho * rho;
  const z = estimate / standardError;
  return pValueFromLog(0.5 * Math.log1p(nRho2) - (z * z * nRho2) / (2 * (nRho2 + 1)));
}

/**
 * Sequential (safe-peeking) test of an estimate with standard error `standardError` at a look with
 * `totalN` units: confidence sequence θ̂ ± w and the matching always-valid p-value.
 */
export function sequentialTest(
  estimate: number,
  standardError: number,
  totalN: number,
  settings: ConfidenceSequenceSettings,
): SequentialTestResult {
  const halfWidth = confidenceSequenceHalfWidth(standardError, totalN, settings);
  const p = alwaysValidPValue(estimate, standardError, totalN, settings);
  return {
    estimate,
    standardError,
    totalN,
    rho: sequentialRho(settings.alpha, settings.tuningN),
    halfWidth,
    confidenceSequence: { lower: estimate - halfWidth, upper: estimate + halfWidth, level: 1 - settings.alpha },
    pValue: p.pValue,
    log10PValue: p.log10PValue,
  };
}
