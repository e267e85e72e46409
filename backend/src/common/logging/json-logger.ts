import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context';

const LEVELS_FROM: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/**
 * Structured JSON logs, one object per line, with the request id of the current request
 * (ARCHITECTURE §5). Never given headers, keys or bodies.
 */
export class JsonLogger extends ConsoleLogger {
  constructor(level: keyof typeof LEVELS_FROM = 'log') {
    super({ json: true, logLevels: LEVELS_FROM[level] });
  }

  protected override getJsonLogObject(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ): ReturnType<ConsoleLogger['getJsonLogObject']> {
    const requestId = currentRequestId();
    const base = super.getJsonLogObject(message, options);
    return requestId ? ({ ...base, requestId } as typeof base) : base;
  }
}
