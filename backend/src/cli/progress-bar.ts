import { SingleBar } from 'cli-progress';
import { ImportProgressListener } from '../purchases/import/online-retail.importer';

const LABELS = { read: 'reading file   ', write: 'writing orders ' } as const;

/** A cli-progress bar on stderr (so stdout stays parseable) for import phases. */
export class ImportProgressBar implements ImportProgressListener {
  private bar?: SingleBar;

  phase(name: 'read' | 'write', total: number): void {
    this.bar = new SingleBar({
      format: `${LABELS[name]} [{bar}] {percentage}% | ${name === 'read' ? '{value}/{total} bytes' : '{value}/{total} customers+orders'} | {duration}s`,
      stream: process.stderr,
      hideCursor: false,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    });
    this.bar.start(total, 0);
  }

  update(done: number): void {
    this.bar?.update(done);
  }

  end(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
