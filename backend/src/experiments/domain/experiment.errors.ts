import { DomainError } from '../../common/domain/domain.error';

export class ExperimentNotFoundError extends DomainError {
  readonly code = 'EXPERIMENT.NOT_FOUND';
  readonly kind = 'not_found' as const;
  constructor(key: string) {
    super(`Experiment ${key} not found`);
  }
}

export class ExperimentAlreadyExistsError extends DomainError {
  readonly code = 'EXPERIMENT.ALREADY_EXISTS';
  readonly kind = 'conflict' as const;
  constructor(key: string) {
    super(`Experiment ${key} already exists`);
  }
}

export class ExperimentNotRunningError extends DomainError {
  readonly code = 'EXPERIMENT.NOT_RUNNING';
  readonly kind = 'conflict' as const;
  constructor(key: string, status: string) {
    super(`Experiment ${key} is ${status}, not running`, { status });
  }
}

export class ExperimentAlreadyRunningError extends DomainError {
  readonly code = 'EXPERIMENT.ALREADY_RUNNING';
  readonly kind = 'conflict' as const;
  constructor(key: string) {
    super(`Experiment ${key} is already running`);
  }
}

/** Only drafts start; a stopped experiment is not restarted (create a new key). */
export class ExperimentNotStartableError extends DomainError {
  readonly code = 'EXPERIMENT.NOT_STARTABLE';
  readonly kind = 'conflict' as const;
  constructor(key: string, status: string) {
    super(`Experiment ${key} is ${status}; only a draft can start (create a new experiment to run again)`, { status });
  }
}

export class AnalysisTypeClaimedError extends DomainError {
  readonly code = 'EXPERIMENT.ANALYSIS_TYPE_CLAIMED';
  readonly kind = 'conflict' as const;
  constructor(analysisType: string, claimedBy: string) {
    super(
      `Analysis type ${analysisType} is already claimed by running experiment ${claimedBy} on overlapping traffic; stop it or use disjoint namespace ranges`,
      { analysisType, claimedBy },
    );
  }
}

/** A concurrent write won the optimistic lock; safe to retry. */
export class ExperimentConcurrentUpdateError extends DomainError {
  readonly code = 'EXPERIMENT.CONCURRENT_UPDATE';
  readonly kind = 'conflict' as const;
  constructor(key: string) {
    super(`Experiment ${key} was changed concurrently; retry`);
  }
}

export class AnalysisNotInExperimentError extends DomainError {
  readonly code = 'EXPERIMENT.ANALYSIS_NOT_EXPOSED';
  readonly kind = 'not_found' as const;
  constructor(key: string, analysisId: string) {
    super(`Analysis ${analysisId} was not served by experiment ${key}`);
  }
}

/** Only a draft can be edited; a started experiment's config is frozen (create a new key). */
export class ExperimentNotDraftError extends DomainError {
  readonly code = 'EXPERIMENT.NOT_DRAFT';
  readonly kind = 'conflict' as const;
  constructor(key: string, status: string) {
    super(`Experiment ${key} is ${status}; only a draft can be edited (create a new experiment instead)`, { status });
  }
}

/** Only a stopped experiment can be archived. */
export class ExperimentNotStoppedError extends DomainError {
  readonly code = 'EXPERIMENT.NOT_STOPPED';
  readonly kind = 'conflict' as const;
  constructor(key: string, status: string) {
    super(`Experiment ${key} is ${status}; only a stopped experiment can be archived`, { status });
  }
}

/** Aggregates are rebuilt only when no analysis call can be routed to the experiment. */
export class ExperimentRecomputeWhileRunningError extends DomainError {
  readonly code = 'EXPERIMENT.RECOMPUTE_WHILE_RUNNING';
  readonly kind = 'conflict' as const;
  constructor(key: string) {
    super(`Experiment ${key} is running; stop it before recomputing its aggregates`, { status: 'running' });
  }
}
