import { Module } from '@nestjs/common';
import { CoreModule } from '../core.module';
import { ExperimentsCommand, ExperimentsRecomputeCommand } from '../experiments/cli/experiments.command';
import { SegmentBatchCommand, SegmentCommand } from '../segmentation/cli/segment-batch.command';
import { SegmentKmeansCommand, SegmentOfflineCommand } from '../segmentation/cli/segment-kmeans.command';
import { ImportCommand, ImportOnlineRetailCommand } from './import.command';

/** Commands of `npm run cli -- <command>`, over the same core as the API. */
@Module({
  imports: [CoreModule],
  providers: [ImportCommand, ImportOnlineRetailCommand, SegmentCommand, SegmentBatchCommand, SegmentKmeansCommand, ExperimentsCommand, ExperimentsRecomputeCommand],
})
export class CliModule {}

/** `segment kmeans` works on a CSV alone: this root has no CoreModule, so no store is started. */
@Module({ providers: [SegmentOfflineCommand, SegmentKmeansCommand] })
export class StorelessCliModule {}

/** The root module for the command line: the store-less one for `segment kmeans`, else {@link CliModule}. */
export function cliModuleFor(args: readonly string[]): typeof CliModule | typeof StorelessCliModule {
  const [command, sub] = args.filter((a) => !a.startsWith('-'));
  return command === 'segment' && sub === 'kmeans' ? StorelessCliModule : CliModule;
}
