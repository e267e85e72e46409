import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { consoleOutput } from '../../cli/console-output';
import { EXPERIMENT_KEY_PATTERN } from '../dto/experiment-request.dto';
import { ExperimentAggregatesRecompute, RecomputeResult } from '../experiment-aggregates-recompute.service';

/** The closing report of a recompute as lines of text. */
export function formatRecomputeReport(result: RecomputeResult): string[] {
  const lines = [
    `Experiment ${result.experimentKey}: aggregates recomputed, generation ${result.previousGeneration} -> ${result.generation}`,
    `  records read ${result.recordsRead} (skipped ${result.recordsSkipped}), shard items written ${result.aggregateItemsWritten}, stale items deleted ${result.staleItemsDeleted}`,
  ];
  for (const v of result.variants) {
    const p = v.previous;
    lines.push(
      `  ${v.key}: units ${v.units} (was ${p.units}), requests ${v.requests} (was ${p.requests}), model calls ${v.modelCalls} (was ${p.modelCalls}), ratings ${v.ratings} (was ${p.ratings}), thumbs ${v.thumbs} (was ${p.thumbs}), outcomes ${v.outcomes} (was ${p.outcomes})`,
    );
  }
  return lines;
}

/** `experiments recompute <key>`: rebuilds an experiment's aggregates from its raw events. */
@SubCommand({ name: 'recompute', arguments: '<key>', description: "Rebuild a stopped experiment's aggregates from its raw events; safe to re-run" })
export class ExperimentsRecomputeCommand extends CommandRunner {
  constructor(private readonly recomputer: ExperimentAggregatesRecompute) {
    super();
  }

  async run([key]: string[]): Promise<void> {
    if (!key || !EXPERIMENT_KEY_PATTERN.test(key)) {
      consoleOutput.error('usage: experiments recompute <key>  (key: 2..64 of a-z 0-9 _ -)');
      process.exitCode = 2;
      return;
    }
    formatRecomputeReport(await this.recomputer.recompute(key)).forEach((line) => consoleOutput.line(line));
  }
}

@Command({ name: 'experiments', description: 'A/B experiment maintenance', subCommands: [ExperimentsRecomputeCommand] })
export class ExperimentsCommand extends CommandRunner {
  async run(): Promise<void> {
    consoleOutput.error('usage: experiments recompute <key>');
    process.exitCode = 2;
  }
}
