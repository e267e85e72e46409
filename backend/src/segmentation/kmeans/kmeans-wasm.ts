import { KMEANS_KERNELS_WASM } from './kmeans-kernels.wasm';

/** The part of the WebAssembly JS API used here (the Node type definitions of this project lack it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

interface KernelExports {
  readonly memory: { grow(pages: number): number; readonly buffer: ArrayBuffer };
  potentials4(data: number, closest: number, n: number, candidates: number, out: number): void;
  addCentre3(data: number, closest: number, labels: number, cumulative: number, n: number, centre: number, c: number): number;
  boundedPass3(
    data: number,
    labels: number,
    upper: number,
    lower: number,
    centroids: number,
    centroidNorms: number,
    halfSeparations: number,
    upperDrift: number,
    lowerDrift: number,
    sums: number,
    counts: number,
    normSums: number,
    n: number,
    k: number,
    margin: number,
    accumulate: number,
  ): number;
  clusterSums3(data: number, squaredNorms: number, labels: number, sums: number, counts: number, normSums: number, n: number): void;
  inertia3(data: number, labels: number, centroids: number, n: number): number;
}

const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
let kernelModule: object | null | undefined;

/** The compiled kernels (kmeans-kernels.wat), or null where WebAssembly SIMD is unavailable. */
function compiledKernels(): object | null {
  if (kernelModule === undefined) {
    const bytes = Buffer.from(KMEANS_KERNELS_WASM, 'base64');
    kernelModule = wasmApi !== undefined && wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
  }
  return kernelModule;
}

/** Candidates per k-means++ potentials call. */
export const POTENTIALS_PER_CALL = 4;

/**
 * The arrays of a d = 3 k-means fit laid out in one WebAssembly memory, with the kernels that run
 * over them (kmeans-kernels.wat). The typed arrays are views into that memory: TypeScript reads and
 * writes them as usual, and the kernels see the same values. About 68 bytes per point.
 */
export class KMeansArena {
  readonly data: Float64Array;
  readonly squaredNorms: Float64Array;
  readonly labels: Int32Array;
  readonly upperBounds: Float64Array;
  readonly lowerBounds: Float64Array;
  readonly closest: Float64Array;
  readonly cumulative: Float64Array;
  readonly centroids: Float64Array;
  readonly centroidNorms: Float64Array;
  readonly halfSeparations: Float64Array;
  readonly upperDrift: Float64Array;
  readonly lowerDrift: Float64Array;
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  readonly normSums: Float64Array;
  /** k-means++ candidates (4 × 3) and their potentials (4). */
  readonly candidates: Float64Array;
  readonly potentials: Float64Array;
  private readonly layout: Layout;

  private constructor(
    private readonly kernels: KernelExports,
    readonly n: number,
    readonly k: number,
    layout: Layout,
  ) {
    const buffer = kernels.memory.buffer;
    const f64 = (name: keyof Layout, length: number): Float64Array => new Float64Array(buffer, layout[name], length);
    this.data = f64('data', 3 * n);
    this.squaredNorms = f64('squaredNorms', n);
    this.labels = new Int32Array(buffer, layout.labels, n);
    this.upperBounds = f64('upperBounds', n);
    this.lowerBounds = f64('lowerBounds', n);
    this.closest = f64('closest', n);
    this.cumulative = f64('cumulative', n);
    this.centroids = f64('centroids', 3 * k);
    this.centroidNorms = f64('centroidNorms', k);
    this.halfSeparations = f64('halfSeparations', k);
    this.upperDrift = f64('upperDrift', k);
    this.lowerDrift = f64('lowerDrift', k);
    this.sums = f64('sums', 3 * k);
    this.counts = f64('counts', k);
    this.normSums = f64('normSums', k);
    this.candidates = f64('candidates', 3 * POTENTIALS_PER_CALL);
    this.potentials = f64('potentials', POTENTIALS_PER_CALL);
    this.layout = layout;
  }

  /**
   * An arena holding a copy of `data` (n × 3, row-major) for k centroids.
   *
   * @returns null where WebAssembly SIMD is unavailable or the arrays do not fit in 4 GiB.
   */
  static create(data: Float64Array, k: number): KMeansArena | null {
    const module = compiledKernels();
    const n = data.length / 3;
    if (module === null || wasmApi === undefined || !Number.isInteger(n)) return null;
    const layout = planLayout(n, k);
    const pages = Math.ceil(layout.end / 65536);
    if (pages > 65536) return null;
    const kernels = new wasmApi.Instance(module, {}).exports as KernelExports;
    try {
      if (pages > 1) kernels.memory.grow(pages - 1);
    } catch {
      return null;
    }
    const arena = new KMeansArena(kernels, n, k, layout);
    arena.data.set(data);
    return arena;
  }

  /** this.potentials[t] = Σ_i min(closest[i], ‖x_i − candidates_t‖²) for the 4 candidates in `this.candidates`. */
  potentials4(): void {
    const { layout } = this;
    this.kernels.potentials4(layout.data, layout.closest, this.n, layout.candidates, layout.potentials);
  }

  /** k-means++: point `id` becomes centre `c` (see {@link SeedingKernel.addCentre}). @returns the potential. */
  addCentre(id: number, c: number): number {
    const { layout } = this;
    return this.kernels.addCentre3(layout.data, layout.closest, layout.labels, layout.cumulative, this.n, layout.data + 24 * id, c);
  }

  /** The bounded assignment pass over the arena's arrays (kmeans.ts `boundedPass`). @returns the label changes. */
  boundedPass(margin: number, accumulate: boolean): number {
    const l = this.layout;
    return this.kernels.boundedPass3(
      l.data,
      l.labels,
      l.upperBounds,
      l.lowerBounds,
      l.centroids,
      l.centroidNorms,
      l.halfSeparations,
      l.upperDrift,
      l.lowerDrift,
      l.sums,
      l.counts,
      l.normSums,
      this.n,
      this.k,
      margin,
      accumulate ? 1 : 0,
    );
  }

  /** Per cluster, from the labels: sums, counts and Σ‖x‖² (kmeans.ts `rebuildClusterSums`). */
  clusterSums(): void {
    const l = this.layout;
    this.sums.fill(0);
    this.counts.fill(0);
    this.normSums.fill(0);
    this.kernels.clusterSums3(l.data, l.squaredNorms, l.labels, l.sums, l.counts, l.normSums, this.n);
  }

  /** Σ‖x − c(label)‖² over the arena's labels and centroids (kmeans.ts `inertiaOf`). */
  inertia(): number {
    const l = this.layout;
    return this.kernels.inertia3(l.data, l.labels, l.centroids, this.n);
  }
}

/** Byte offset of each array in the memory (16-byte aligned), and the end. */
interface Layout {
  readonly data: number;
  readonly squaredNorms: number;
  readonly upperBounds: number;
  readonly lowerBounds: number;
  readonly closest: number;
  readonly cumulative: number;
  readonly centroids: number;
  readonly centroidNorms: number;
  readonly halfSeparations: number;
  readonly upperDrift: number;
  readonly lowerDrift: number;
  readonly sums: number;
  readonly counts: number;
  readonly normSums: number;
  readonly candidates: number;
  readonly potentials: number;
  readonly labels: number;
  readonly end: number;
}

function planLayout(n: number, k: number): Layout {
  let end = 0;
  const take = (bytes: number): number => {
    const at = end;
    end += Math.ceil(bytes / 16) * 16;
    return at;
  };
  const offsets = {
    data: take(24 * n),
    squaredNorms: take(8 * n),
    upperBounds: take(8 * n),
    lowerBounds: take(8 * n),
    closest: take(8 * n),
    cumulative: take(8 * n),
    centroids: take(24 * k),
    centroidNorms: take(8 * k),
    halfSeparations: take(8 * k),
    upperDrift: take(8 * k),
    lowerDrift: take(8 * k),
    sums: take(24 * k),
    counts: take(8 * k),
    normSums: take(8 * k),
    candidates: take(8 * 3 * POTENTIALS_PER_CALL),
    potentials: take(8 * POTENTIALS_PER_CALL),
    labels: take(4 * n),
  };
  return { ...offsets, end };
}
