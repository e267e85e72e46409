import { SingleBar } from 'cli-progress';
import type { ProgressListener } from '../common/domain/progress';

/**
 * A cli-progress bar on stderr (so stdout stays parseable), one bar per phase; `formats` gives each
 * phase's cli-progress format string.
 */
export class CliProgressBar<Phase extends string> implements ProgressListener<Phase> {
  private bar?: SingleBar;

  constructor(private readonly formats: Readonly<Record<Phase, string>>) {}

  phase(name: Phase, total: number): void {
    this.bar = new SingleBar({ format: this.formats[name], stream: process.stderr, hideCursor: false, noTTYOutput: true, notTTYSchedule: 2000 });
    this.bar.start(Math.max(total, 1), 0);
  }

  update(done: number): void {
    this.bar?.update(done);
  }

  end(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

/** The bar of the Online Retail import (`read` counts bytes, `write` customers and orders). */
export const importProgressBar = () =>
  new CliProgressBar<'read' | 'write'>({
    read: 'reading file    [{bar}] {percentage}% | {value}/{total} bytes | {duration}s',
    write: 'writing orders  [{bar}] {percentage}% | {value}/{total} customers+orders | {duration}s',
  });

/** The bar of a segmentation batch run (`scan` counts items read, `write` customers written). */
export const batchProgressBar = () =>
  new CliProgressBar<'scan' | 'write'>({
    scan: 'scanning customers [{bar}] {value} items | {duration}s',
    write: 'writing segments   [{bar}] {percentage}% | {value}/{total} customers | {duration}s',
  });
