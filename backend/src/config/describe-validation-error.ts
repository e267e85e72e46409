import { ValidationError } from 'class-validator';

/** `PROPERTY: message` lines for a class-validator error and its children. */
export function describeValidationError(error: ValidationError): string[] {
  const own = Object.values(error.constraints ?? {}).map((m) =>
    m.startsWith(`${error.property} `) ? `${error.property}: ${m.slice(error.property.length + 1)}` : `${error.property}: ${m}`,
  );
  return [...own, ...(error.children ?? []).flatMap(describeValidationError)];
}
