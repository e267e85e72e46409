import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Media type of every error response (RFC 9457 §3). */
export const PROBLEM_JSON = 'application/problem+json';

/** Prefix of every problem `type`: a tag URI (RFC 4151), an identifier that is not meant to be fetched. */
export const PROBLEM_TYPE_PREFIX = 'tag:customer-analytics,2026:problem:';

/** The problem `type` URI of a stable error code, e.g. `tag:customer-analytics,2026:problem:CUSTOMER.NOT_FOUND`. */
export function problemType(code: string): string {
  return `${PROBLEM_TYPE_PREFIX}${code}`;
}

/** One bad input field of a 400 `VALIDATION.FAILED`. */
export class FieldErrorDto {
  @ApiProperty({ example: 'lines[0].quantity', description: 'path of the field in the request' }) readonly field!: string;
  @ApiProperty({ type: [String], example: ['quantity must be a positive number'] }) readonly messages!: string[];
}

/**
 * Body of every error response: RFC 9457 problem details with the extension members `code`
 * (stable, what clients branch on) and `details`, plus `statusCode` and `message`, the members of
 * the body before RFC 9457 (equal to `status` and `detail`, kept for existing clients).
 */
export class ProblemDetailsDto {
  @ApiProperty({ example: problemType('CUSTOMER.NOT_FOUND'), description: `problem type: \`${PROBLEM_TYPE_PREFIX}<code>\`` })
  readonly type!: string;
  @ApiProperty({ example: 'Not Found', description: 'the HTTP reason phrase of `status`' }) readonly title!: string;
  @ApiProperty({ example: 404, description: 'HTTP status code' }) readonly status!: number;
  @ApiProperty({ example: "Customer '12347' does not exist", description: 'what went wrong, for people' }) readonly detail!: string;
  @ApiProperty({ example: 'CUSTOMER.NOT_FOUND', description: 'stable error code (extension member)' }) readonly code!: string;
  @ApiPropertyOptional({
    description: 'structured context (extension member): for `VALIDATION.FAILED` the list of bad fields (`FieldError[]`), for `HEALTH.DOWN` the health report',
    oneOf: [{ type: 'array', items: { $ref: '#/components/schemas/FieldErrorDto' } }, { type: 'object' }],
  })
  readonly details?: unknown;
  @ApiProperty({ example: 404, description: 'same as `status` (kept for existing clients)' }) readonly statusCode!: number;
  @ApiProperty({ example: "Customer '12347' does not exist", description: 'same as `detail` (kept for existing clients)' }) readonly message!: string;
}
