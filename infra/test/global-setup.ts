import { ensureLambdaBundles } from '../lib/lambda-bundle';

/** Builds the Lambda bundles once when they are missing (the stack packages them as assets). */
export default function globalSetup(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  ensureLambdaBundles();
}
