import { Injectable } from '@nestjs/common';
import { BatchRequest, SegmentationBatchService } from './batch/segmentation-batch.service';
import { SegmentationJob } from './segmentation.repository';

/**
 * Port: where a batch segmentation job started over HTTP runs. The route returns as soon as the job
 * is recorded; the launcher decides what keeps it running after the response.
 */
export abstract class BatchJobLauncher {
  /** Records a new job and launches it; returns the job as recorded. */
  abstract start(request: BatchRequest): Promise<SegmentationJob>;

  /**
   * Launches a failed or interrupted job again from its checkpoint.
   *
   * @throws SegmentationJobNotFoundError, SegmentationJobFinishedError, SegmentationJobRunningError.
   */
  abstract resume(jobId: string): Promise<SegmentationJob>;
}

/**
 * {@link BatchJobLauncher} for long-running processes (local server, CLI): the job runs in the
 * background of this process, one at a time (status `running` from the start).
 */
@Injectable()
export class InProcessBatchJobLauncher extends BatchJobLauncher {
  constructor(private readonly batch: SegmentationBatchService) {
    super();
  }

  start(request: BatchRequest): Promise<SegmentationJob> {
    return this.batch.start(request);
  }

  resume(jobId: string): Promise<SegmentationJob> {
    return this.batch.startResume(jobId);
  }
}
