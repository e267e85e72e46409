import { DomainError } from '../../common/domain/domain.error';

/** The customer has no stored segment in a scheme, or a segment is unknown to a run (404). */
export class SegmentNotFoundError extends DomainError {
  readonly code = 'SEGMENT.NOT_FOUND';
  readonly kind = 'not_found' as const;
}

/** No completed batch run exists yet, or the named run does not (404). */
export class SegmentationRunNotFoundError extends DomainError {
  readonly code = 'SEGMENTATION_RUN.NOT_FOUND';
  readonly kind = 'not_found' as const;
}

/** Unknown batch job id (404). */
export class SegmentationJobNotFoundError extends DomainError {
  readonly code = 'SEGMENTATION_JOB.NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(jobId: string) {
    super(`Segmentation job ${jobId} not found`);
  }
}

/** A batch job is already running in this process (409). */
export class SegmentationJobRunningError extends DomainError {
  readonly code = 'SEGMENTATION_JOB.ALREADY_RUNNING';
  readonly kind = 'conflict' as const;

  constructor(jobId: string) {
    super(`Segmentation job ${jobId} is running; wait for it or follow GET /v1/customers/segmentation/batch/${jobId}`, { jobId });
  }
}

/** A job that completed cannot be resumed (409). */
export class SegmentationJobFinishedError extends DomainError {
  readonly code = 'SEGMENTATION_JOB.ALREADY_COMPLETED';
  readonly kind = 'conflict' as const;

  constructor(jobId: string) {
    super(`Segmentation job ${jobId} already completed`, { jobId });
  }
}

/** No K-Means model has been trained yet (or the requested version is unknown) (422). */
export class NoActiveKMeansModelError extends DomainError {
  readonly code = 'KMEANS.NO_ACTIVE_MODEL';
  readonly kind = 'unprocessable' as const;

  constructor() {
    super('No K-Means model is active yet: train one with POST /v1/segments/kmeans/train or run the batch segmentation');
  }
}

/** Unknown K-Means model version (404). */
export class KMeansModelNotFoundError extends DomainError {
  readonly code = 'KMEANS.MODEL_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(version: number) {
    super(`K-Means model version ${version} not found`);
  }
}

/** Fewer customers with purchases than clusters requested (422). */
export class NotEnoughCustomersError extends DomainError {
  readonly code = 'KMEANS.NOT_ENOUGH_CUSTOMERS';
  readonly kind = 'unprocessable' as const;

  constructor(customers: number, k: number) {
    super(`K-Means with k = ${k} needs at least ${k} customers with purchases; the store has ${customers}`, { customers, k });
  }
}

/** The customer has no purchase on or before the reference date, so it has no RFM features (422). */
export class NoPurchasesError extends DomainError {
  readonly code = 'SEGMENT.NO_PURCHASES';
  readonly kind = 'unprocessable' as const;

  constructor(customerId: string, asOf: string) {
    super(`Customer ${customerId} has no purchase on or before ${asOf}`, { customerId, asOf });
  }
}
