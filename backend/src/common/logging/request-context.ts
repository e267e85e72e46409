import { AsyncLocalStorage } from 'node:async_hooks';

/** Per-request values carried through async calls (read by the logger). */
export interface RequestContext {
  readonly requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
