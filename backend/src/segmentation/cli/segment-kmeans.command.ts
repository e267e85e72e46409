import { parse } from 'csv-parse/sync';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { consoleOutput } from '../../cli/console-output';
import { fitRfmKMeans, type RfmKMeansModel } from '../kmeans/rfm-kmeans';
import type { RfmPoint } from '../kmeans/feature-scaling';

interface KMeansCliOptions {
  input?: string;
  k: number;
  nInit: number;
  seed: number;
  json?: boolean;
}

const positiveInt = (name: string, min: number, max: number) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}`);
  return n;
};

/**
 * Reads an RFM table (`CustomerID,Recency,Frequency,Monetary`, e.g. chainreach_rfm_table.csv).
 *
 * @throws Error naming the first bad row.
 */
export function readRfmCsv(path: string): RfmPoint[] {
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  return rows.map((row, i) => {
    const point = { recencyDays: Number(row.Recency), frequency: Number(row.Frequency), monetary: Number(row.Monetary) };
    if (![point.recencyDays, point.frequency, point.monetary].every((x) => Number.isFinite(x) && x >= 0)) {
      throw new Error(`row ${i + 2}: Recency, Frequency and Monetary must be numbers ≥ 0`);
    }
    return point;
  });
}

/** The report of a fit: quality, sizes and centroids in both spaces. */
export function kmeansReport(model: RfmKMeansModel, seconds: number): Record<string, unknown> {
  return {
    customers: model.trainedOn,
    k: model.k,
    nInit: model.nInit,
    seed: model.seed,
    inertia: model.inertia,
    iterations: model.iterations,
    silhouette: model.silhouette,
    daviesBouldin: model.daviesBouldin,
    clusterSizes: model.clusterSizes,
    scaler: model.scaler,
    clusters: model.profiles.map((p) => ({
      cluster: p.cluster,
      name: p.name,
      size: p.size,
      centroidScaled: model.centroids[p.cluster],
      centroid: p.centroid,
    })),
    seconds,
  };
}

/**
 * `segment kmeans --input <csv> [--k 5] [--n-init 10] [--seed 42] [--json]`: fits K-Means on an RFM
 * CSV and prints inertia, iterations, sizes, centroids (scaled and original units), silhouette and
 * Davies–Bouldin. Needs no store.
 */
@SubCommand({ name: 'kmeans', description: 'Fit K-Means on an RFM CSV (CustomerID,Recency,Frequency,Monetary); no store needed' })
export class SegmentKmeansCommand extends CommandRunner {
  async run(_args: string[], options: KMeansCliOptions): Promise<void> {
    if (!options.input) {
      consoleOutput.error('usage: segment kmeans --input <csv> [--k 5] [--n-init 10] [--seed 42] [--json]');
      process.exitCode = 2;
      return;
    }
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), options.input);
    const rows = readRfmCsv(path);
    const started = process.hrtime.bigint();
    const { model } = fitRfmKMeans(rows, { k: options.k, nInit: options.nInit, seed: options.seed, algorithm: 'lloyd', createdAtMs: Date.now() });
    const report = kmeansReport(model, Number(process.hrtime.bigint() - started) / 1e9);
    if (options.json) {
      consoleOutput.line(JSON.stringify(report, null, 2));
      return;
    }
    const f = (x: number, d = 2) => x.toFixed(d);
    consoleOutput.line(`K-Means on ${rows.length} customers (k ${model.k}, n_init ${model.nInit}, seed ${model.seed}) in ${f(report.seconds as number)} s`);
    consoleOutput.line(`  inertia ${f(model.inertia, 3)}  iterations ${model.iterations}  silhouette ${f(model.silhouette, 4)}  Davies–Bouldin ${f(model.daviesBouldin, 4)}`);
    for (const p of model.profiles) {
      const z = model.centroids[p.cluster].map((x) => f(x, 3)).join(', ');
      consoleOutput.line(
        `  cluster ${p.cluster} ${p.name.padEnd(20)} size ${String(p.size).padStart(6)}  scaled [${z}]  R ${f(p.centroid.recencyDays, 1)} d  F ${f(p.centroid.frequency, 2)}  M ${f(p.centroid.monetary)}`,
      );
    }
  }

  @Option({ flags: '--input <csv>', description: 'CSV with CustomerID,Recency,Frequency,Monetary' })
  parseInput(value: string): string {
    return value;
  }

  @Option({ flags: '--k <k>', description: 'clusters, 2..10', defaultValue: 5 })
  parseK(value: string): number {
    return positiveInt('k', 2, 10)(value);
  }

  @Option({ flags: '--n-init <n>', description: 'k-means++ initialisations, 1..50', defaultValue: 10 })
  parseNInit(value: string): number {
    return positiveInt('n-init', 1, 50)(value);
  }

  @Option({ flags: '--seed <seed>', description: 'PRNG seed', defaultValue: 42 })
  parseSeed(value: string): number {
    return positiveInt('seed', 0, 4294967295)(value);
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }
}

/** `segment` without the store: only `kmeans` (the CLI picks this root for `segment kmeans`). */
@Command({ name: 'segment', description: 'Segmentation commands', subCommands: [SegmentKmeansCommand] })
export class SegmentOfflineCommand extends CommandRunner {
  async run(): Promise<void> {
    consoleOutput.error('usage: segment kmeans --input <csv> ...');
    process.exitCode = 2;
  }
}
