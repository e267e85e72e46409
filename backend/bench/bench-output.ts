import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

/** Folder where benchmark JSON files are written: `<repo>/docs/benchmarks`. */
export const BENCHMARK_DIR = resolve(__dirname, '..', '..', '..', 'docs', 'benchmarks');

/** Description of the machine a benchmark ran on, stored with every result file. */
export function machineInfo(): Record<string, unknown> {
  const cpu = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
}

/**
 * Writes `docs/benchmarks/<name>.json` with the given results, the machine description and the
 * time of the run, and prints the path.
 */
export function writeBenchmark(name: string, results: Record<string, unknown>): void {
  mkdirSync(BENCHMARK_DIR, { recursive: true });
  const path = join(BENCHMARK_DIR, `${name}.json`);
  const body = { benchmark: name, ranAt: new Date().toISOString(), machine: machineInfo(), ...results };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`wrote ${path}\n`);
}
