import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs every `*.bench.js` file beside this one (compiled from `bench/*.bench.ts`), in name order,
 * or only those whose name contains one of the command-line arguments.
 * Each bench module exports `run(): Promise<void>` and writes its own JSON into `docs/benchmarks/`.
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  for (const file of files) {
    const started = Date.now();
    process.stdout.write(`bench ${file} ...\n`);
    const mod = (await import(join(__dirname, file))) as { run: () => Promise<void> };
    await mod.run();
    process.stdout.write(`bench ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
