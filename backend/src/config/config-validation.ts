import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

/** Environment variables as the process gives them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The one configuration error: thrown at boot (or when a config namespace is built) when variables
 * are invalid. `problems` are `VARIABLE: what is wrong` lines; the message lists every one.
 */
export class InvalidConfigError extends Error {
  constructor(
    /** What is configured (`environment`, `LLM`, `analysis`, ...), for the message. */
    readonly scope: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${scope} configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidConfigError';
  }
}

/** @throws InvalidConfigError when `problems` is not empty. */
export function throwIfInvalid(scope: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new InvalidConfigError(scope, problems);
}

/** class-transformer `@Transform`: an integer string (`"42"`, `" -3 "`) to a number; anything else as is, for the validator to reject. */
export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** class-transformer `@Transform`: a decimal string (`"0.2"`) to a number; anything else as is. */
export const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;

/** class-transformer `@Transform`: `true`/`1` and `false`/`0` to booleans; anything else as is. */
export const toBool = ({ value }: { value: unknown }): unknown => {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

/** `PROPERTY: message` lines for a class-validator error and its children. */
export function describeValidationError(error: ValidationError): string[] {
  const own = Object.values(error.constraints ?? {}).map((m) =>
    m.startsWith(`${error.property} `) ? `${error.property}: ${m.slice(error.property.length + 1)}` : `${error.property}: ${m}`,
  );
  return [...own, ...(error.children ?? []).flatMap(describeValidationError)];
}

/**
 * Reads `env` into a class-validator schema class (unknown variables ignored, no implicit
 * conversion: numbers come from `@Transform(toInt)` and friends).
 *
 * @returns the typed variables and one `VARIABLE: message` line per failed constraint.
 */
export function validateVariables<T extends object>(schema: new () => T, env: Readonly<Record<string, unknown>>): { vars: T; problems: string[] } {
  const vars = plainToInstance(schema, { ...env }, { enableImplicitConversion: false });
  const problems = validateSync(vars, { whitelist: false, forbidUnknownValues: false }).flatMap(describeValidationError);
  return { vars, problems };
}

/**
 * A bounded number variable for hand-written parsers: undefined when unset or blank; pushes
 * `NAME: must be an integer between min and max` (or `a number`) onto `problems` when malformed or
 * out of range. Only non-negative values are accepted.
 */
export function numberVar(env: Env, name: string, min: number, max: number, integer: boolean, problems: string[]): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  const shape = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!shape.test(raw) || value < min || value > max) {
    problems.push(`${name}: must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
    return undefined;
  }
  return value;
}
