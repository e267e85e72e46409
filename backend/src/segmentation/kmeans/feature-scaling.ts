/** Per-feature mean and scale (population standard deviation) of a fitted standardisation. */
export interface StandardScaler {
  readonly mean: number[];
  /** Population standard deviation (ddof = 0); 1 for a constant feature, as scikit-learn. */
  readonly scale: number[];
}

/**
 * Fits a standardisation on row-major data, as scikit-learn `StandardScaler` (population standard
 * deviation, two-pass for accuracy; a zero deviation becomes 1 so constant features map to 0).
 *
 * @param data n × d values, row-major.
 * @throws RangeError when `data` is empty, its length is not a multiple of `d`, or it holds NaN.
 */
export function fitStandardScaler(data: Float64Array, d: number): StandardScaler {
  const n = data.length / d;
  if (!Number.isInteger(n) || n === 0) throw new RangeError(`data length ${data.length} is not a positive multiple of ${d}`);
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < data.length; i += d) for (let j = 0; j < d; j++) mean[j] += data[i + j];
  for (let j = 0; j < d; j++) mean[j] /= n;
  const scale = new Array<number>(d).fill(0);
  for (let i = 0; i < data.length; i += d) {
    for (let j = 0; j < d; j++) {
      const c = data[i + j] - mean[j];
      scale[j] += c * c;
    }
  }
  for (let j = 0; j < d; j++) {
    if (Number.isNaN(mean[j])) throw new RangeError(`feature ${j} contains NaN`);
    const s = Math.sqrt(scale[j] / n);
    scale[j] = s > 0 ? s : 1;
  }
  return { mean, scale };
}

/** `(x − mean) / scale` per feature into a new array. */
export function standardize(data: Float64Array, scaler: StandardScaler): Float64Array {
  const d = scaler.mean.length;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i += d) {
    for (let j = 0; j < d; j++) out[i + j] = (data[i + j] - scaler.mean[j]) / scaler.scale[j];
  }
  return out;
}

/** Columns recency, frequency, monetary. */
export const RFM_FEATURES = ['recencyDays', 'frequency', 'monetary'] as const;

/** What K-Means clusters on: recency (days), frequency (orders) and monetary (currency), each ≥ 0. */
export interface RfmPoint {
  readonly recencyDays: number;
  readonly frequency: number;
  readonly monetary: number;
}

/**
 * `log1p` of [R, F, M] per row, row-major n × 3 (the log tames the long right tails of F and M).
 *
 * @throws RangeError when a feature is negative or not finite.
 */
export function rfmLogMatrix(rows: readonly RfmPoint[]): Float64Array {
  const out = new Float64Array(rows.length * 3);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (!(r.recencyDays >= 0 && r.frequency >= 0 && r.monetary >= 0) || !Number.isFinite(r.recencyDays + r.frequency + r.monetary)) {
      throw new RangeError(`row ${i}: recency, frequency and monetary must be finite and ≥ 0`);
    }
    out[3 * i] = Math.log1p(r.recencyDays);
    out[3 * i + 1] = Math.log1p(r.frequency);
    out[3 * i + 2] = Math.log1p(r.monetary);
  }
  return out;
}

/** One RFM point in the model's space: `(log1p(x) − mean) / scale`. */
export function scaleRfmPoint(point: RfmPoint, scaler: StandardScaler, out = new Float64Array(3)): Float64Array {
  out[0] = (Math.log1p(point.recencyDays) - scaler.mean[0]) / scaler.scale[0];
  out[1] = (Math.log1p(point.frequency) - scaler.mean[1]) / scaler.scale[1];
  out[2] = (Math.log1p(point.monetary) - scaler.mean[2]) / scaler.scale[2];
  return out;
}

/**
 * Inverse of {@link scaleRfmPoint}: `expm1(z × scale + mean)`. For a centroid this is the geometric
 * mean of (1 + x) minus 1 — a "typical" member, less pulled by outliers than the arithmetic mean.
 */
export function unscaleRfmPoint(z: ArrayLike<number>, scaler: StandardScaler): RfmPoint {
  return {
    recencyDays: Math.expm1(z[0] * scaler.scale[0] + scaler.mean[0]),
    frequency: Math.expm1(z[1] * scaler.scale[1] + scaler.mean[1]),
    monetary: Math.expm1(z[2] * scaler.scale[2] + scaler.mean[2]),
  };
}
