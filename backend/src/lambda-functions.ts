/**
 * Memory and V8 flags of the two Lambda functions: one source for the CDK stack (`memorySize`,
 * `NODE_OPTIONS`) and for `npm run bundle`, which records each handler's V8 code cache under the
 * same flags, because V8 rejects a cache recorded under other flags (scripts/lambda-entry.cjs).
 */
export interface LambdaFunctionRuntime {
  readonly memoryMb: number;
  /** `NODE_OPTIONS` of the function: its heap sizes, set explicitly so that they are known here. */
  readonly nodeOptions: string;
  /** Every V8 flag node runs the handler with on Lambda: the runtime's own, then `nodeOptions`. */
  readonly v8Flags: readonly string[];
}

/**
 * V8 flags the nodejs runtime's bootstrap passes to node (`/var/runtime/bootstrap`: `node --expose-gc
 * --max-http-header-size 81920 <heap sizes> /var/runtime/index.mjs`; the header size is a Node
 * option, not a V8 flag). If a runtime update changes them, the cache is rejected and the handler
 * compiles from source, as without a cache.
 */
export const RUNTIME_V8_FLAGS: readonly string[] = ['--expose-gc'];

/**
 * The heap sizes the bootstrap derives from the memory when `NODE_OPTIONS` sets none: young
 * generation 10 % of the memory (two semi-spaces), old generation the rest, in MB.
 */
export function heapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memoryMb - newSpace}`];
}

function runtimeFor(memoryMb: number): LambdaFunctionRuntime {
  const heap = heapFlags(memoryMb);
  return { memoryMb, nodeOptions: heap.join(' '), v8Flags: [...RUNTIME_V8_FLAGS, ...heap] };
}

/** The API function (HTTP API) and the batch segmentation function. */
export const LAMBDA_FUNCTIONS = {
  api: runtimeFor(1024),
  batch: runtimeFor(2048),
} as const satisfies Record<string, LambdaFunctionRuntime>;
