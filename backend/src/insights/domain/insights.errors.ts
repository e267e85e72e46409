import { DomainError } from '../../common/domain/domain.error';

/** No completed full segmentation run exists: insights have no figures to answer from (409). */
export class NoSegmentationRunError extends DomainError {
  readonly code = 'INSIGHTS.NO_SEGMENTATION_RUN';
  readonly kind = 'conflict' as const;

  constructor() {
    super('No segmentation run exists yet: run the batch segmentation (POST /v1/customers/segmentation/batch) first');
  }
}

/** A segment named in a comparison is not a segment of the scheme, or has no customers in the run (404). */
export class InsightsSegmentNotFoundError extends DomainError {
  readonly code = 'INSIGHTS.SEGMENT_NOT_FOUND';
  readonly kind = 'not_found' as const;

  constructor(scheme: string, segment: string) {
    super(`Segment ${segment} has no customers in the latest ${scheme} segmentation run`, { scheme, segment });
  }
}
