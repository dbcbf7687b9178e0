// The request being served, for calls a subgraph makes on its behalf (joint-inspection reads departments through
// the gateway): the same request id and trace travel on, so one user action is one id in every log.
import { AsyncLocalStorage } from 'node:async_hooks';
import { traceHeaders } from './tracing';

const store = new AsyncLocalStorage<{ requestId: string }>();

export function runWithRequest<T>(context: { requestId: string }, fn: () => T): T {
  return store.run(context, fn);
}

/** `x-request-id` (and `traceparent` when tracing) for an outgoing call made while serving a request. */
export function forwardHeaders(): Record<string, string> {
  const current = store.getStore();
  return { ...(current ? { 'x-request-id': current.requestId } : {}), ...traceHeaders() };
}
