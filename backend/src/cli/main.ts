import 'reflect-metadata';

// Node 20 is supported locally (Lambda runs nodejs22.x): the SDK's Node 22 notice would print once per
// worker thread and bury the start-up output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { CommandFactory } from 'nest-commander';
import { JsonLogger } from '../common/logging/json-logger';
import { validateEnvironment } from '../config/environment';
import { cliModuleFor } from './cli.module';
import { consoleOutput } from './console-output';

/** `npm run cli -- <command> [args]`; logs go to stderr as JSON at warn level unless LOG_LEVEL says otherwise. */
async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  await CommandFactory.run(cliModuleFor(process.argv.slice(2)), {
    logger: new JsonLogger(env.LOG_LEVEL ?? 'warn'),
    errorHandler: (err) => {
      consoleOutput.error(err.message);
      process.exit(1);
    },
    serviceErrorHandler: (err) => {
      consoleOutput.error(err.message);
      process.exit(1);
    },
  });
}

main().catch((err: unknown) => {
  consoleOutput.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
