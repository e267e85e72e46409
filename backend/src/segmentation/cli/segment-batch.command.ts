import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { consoleOutput } from '../../cli/console-output';
import { batchProgressBar } from '../../cli/progress-bar';
import { isIsoInstant } from '../../common/http/is-iso-instant.decorator';
import { BatchResult, SegmentationBatchService } from '../batch/segmentation-batch.service';
import { segmentDisplayName, type SegmentScheme } from '../domain/segment-schemes';
import { SegmentKmeansCommand } from './segment-kmeans.command';

/** The closing report of a batch run as lines of text. */
export function formatBatchReport(result: BatchResult): string[] {
  const { job, run } = result;
  const n = (v: number) => v.toLocaleString('en-US');
  const lines = [
    `Segmentation ${run.runId} finished in ${result.seconds.toFixed(2)} s (as of ${run.asOf}, ${run.scope} run)`,
    `  customers scanned     ${n(job.progress.customersScanned)} (${n(job.progress.itemsScanned)} items, ${job.scan?.mode} scan, ${job.scan?.workers} workers, ${job.scan?.segments} segments)`,
    `  customers written     ${n(job.progress.customersWritten)} (already written by this run: ${n(job.progress.alreadyWritten)})`,
    `  K-Means model         ${run.modelVersion === null ? 'none' : `v${run.modelVersion}${job.trainedModelVersion === run.modelVersion ? ' (trained by this run)' : ''}`}`,
    `  median basket         ${run.medianBasket === null ? '-' : run.medianBasket.toFixed(2)}`,
  ];
  const rfm = run.aggregates.segments.rfm;
  lines.push('  RFM segments:');
  for (const [segment, t] of Object.entries(rfm).sort((a, b) => b[1].customers - a[1].customers)) {
    lines.push(`    ${segmentDisplayName('rfm' as SegmentScheme, segment).padEnd(22)} ${n(t.customers).padStart(7)} customers  revenue ${t.revenue.toFixed(2)}`);
  }
  return lines;
}

/** `segment batch [--as-of <iso>] [--resume <jobId>]`: the batch segmentation job with a progress bar. */
@SubCommand({ name: 'batch', description: 'Segment every stored customer (RFM, lifecycle, K-Means cluster, rules) and store a run' })
export class SegmentBatchCommand extends CommandRunner {
  constructor(private readonly batch: SegmentationBatchService) {
    super();
  }

  async run(_args: string[], options: { asOf?: string; resume?: string }): Promise<void> {
    const bar = batchProgressBar();
    const result = options.resume ? await this.batch.resume(options.resume, bar) : await this.batch.run({ asOf: options.asOf }, bar);
    formatBatchReport(result).forEach((line) => consoleOutput.line(line));
  }

  @Option({ flags: '--as-of <iso>', description: 'reference date (default: latest purchase + 1 day, at most now)' })
  parseAsOf(value: string): string {
    if (!isIsoInstant(value)) throw new Error('--as-of must be an ISO-8601 date or date-time');
    return value;
  }

  @Option({ flags: '--resume <jobId>', description: 'continue a failed or interrupted job from its checkpoint' })
  parseResume(value: string): string {
    if (!/^run-\d{8}$/.test(value)) throw new Error('--resume takes a job id such as run-00000001');
    return value;
  }
}

/** `segment <batch|kmeans>`. */
@Command({ name: 'segment', description: 'Segmentation commands', subCommands: [SegmentBatchCommand, SegmentKmeansCommand] })
export class SegmentCommand extends CommandRunner {
  async run(): Promise<void> {
    consoleOutput.error('usage: segment batch | segment kmeans --input <csv> ...');
    process.exitCode = 2;
  }
}
