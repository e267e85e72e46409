import { DomainError } from '../../common/domain/domain.error';

/**
 * A CLV model cannot be fitted to the data, so its figures cannot be computed (422): too few
 * customers, no repeat purchases, no start of the optimiser converged, or the maximum lies on the
 * boundary of the parameter space (a parameter runs to 0 or ∞; a penalizer can regularise it).
 */
export class ClvModelFitError extends DomainError {
  readonly kind = 'unprocessable' as const;

  constructor(
    readonly code: 'CLV.INSUFFICIENT_DATA' | 'CLV.FIT_NOT_CONVERGED' | 'CLV.DEGENERATE_FIT',
    message: string,
    details?: unknown,
  ) {
    super(message, details);
  }
}
