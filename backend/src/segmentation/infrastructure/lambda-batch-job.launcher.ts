import type { LambdaClient } from '@aws-sdk/client-lambda';
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { DependencyUnavailableError } from '../../common/domain/domain.error';
import type { BatchJobLauncherConfig } from '../batch-job-launcher.config';
import { BatchJobLauncher } from '../batch-job.launcher';
import { BatchRequest, SegmentationBatchService } from '../batch/segmentation-batch.service';
import { SegmentationJob } from '../segmentation.repository';

/** What the batch function receives: run (or resume) this recorded job. */
export interface BatchJobInvocation {
  readonly jobId: string;
}

const DUMMY_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** What the launcher needs of its configuration. */
export interface LambdaLauncherConfig extends Pick<BatchJobLauncherConfig, 'region' | 'endpoint' | 'useDummyCredentials'> {
  readonly functionName: string;
}

/**
 * The Lambda SDK, loaded at the first launch rather than at import: the API function's cold start
 * does not pay for a client that most requests never use.
 */
async function lambdaSdk(): Promise<typeof import('@aws-sdk/client-lambda')> {
  return import('@aws-sdk/client-lambda');
}

/**
 * {@link BatchJobLauncher} for the API function on AWS Lambda, which is frozen once its response is
 * sent: the job is recorded `queued`, then the batch function is invoked asynchronously
 * (`InvocationType: Event`, HTTP 202) with `{ jobId }` and runs that job. When the invocation is
 * refused or unreachable, the job is recorded `failed` (resumable) and the call fails with 503
 * `BATCH_FUNCTION.UNAVAILABLE`.
 */
export class LambdaBatchJobLauncher extends BatchJobLauncher implements OnApplicationShutdown {
  private readonly logger = new Logger(LambdaBatchJobLauncher.name);
  private client: LambdaClient | undefined;

  constructor(
    private readonly batch: SegmentationBatchService,
    private readonly config: LambdaLauncherConfig,
  ) {
    super();
  }

  async start(request: BatchRequest): Promise<SegmentationJob> {
    return this.launch(await this.batch.enqueue(request));
  }

  async resume(jobId: string): Promise<SegmentationJob> {
    return this.launch(await this.batch.enqueueResume(jobId));
  }

  onApplicationShutdown(): void {
    this.client?.destroy();
  }

  private async launch(job: SegmentationJob): Promise<SegmentationJob> {
    const payload: BatchJobInvocation = { jobId: job.jobId };
    let problem: string;
    try {
      const { InvokeCommand, LambdaClient } = await lambdaSdk();
      const { region, endpoint, useDummyCredentials, functionName } = this.config;
      this.client ??= new LambdaClient({
        region,
        ...(endpoint !== undefined && { endpoint }),
        ...(useDummyCredentials && { credentials: { ...DUMMY_CREDENTIALS } }),
      });
      const response = await this.client.send(
        new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(payload)) }),
      );
      if (response.StatusCode === 202) return job;
      problem = `unexpected status ${String(response.StatusCode)}`;
    } catch (err) {
      problem = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    this.logger.error(`could not invoke the batch function for ${job.jobId}: ${problem}`);
    try {
      await this.batch.failQueued(job, `batch function not invoked: ${problem}`);
    } catch (err) {
      this.logger.error(`could not record the failed launch of ${job.jobId}: ${(err as Error).message}`);
    }
    throw new DependencyUnavailableError(
      'batch_function',
      `The batch function could not be started; job ${job.jobId} is recorded as failed: retry with POST /v1/customers/segmentation/batch/${job.jobId}/resume`,
    );
  }
}
