// OpenTelemetry tracing, off unless OTEL_TRACES_EXPORTER is set (otlp → OTEL_EXPORTER_OTLP_ENDPOINT, or console).
// The SDK is required lazily, so a hub without tracing never loads it. Each HTTP request to the gateway or a
// subgraph gets a SERVER span; the gateway passes the W3C `traceparent` to subgraphs, which continue the trace.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as Api from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace';

interface Tracing {
  api: typeof Api;
  tracer: Api.Tracer;
  shutdown(): Promise<void>;
}
let active: Tracing | undefined;

export function tracingEnabled(): boolean {
  return !!active;
}

/** Starts tracing for this process once; `exporter` overrides the environment (tests pass an in-memory one). */
export function startTracing(service: string, exporter?: SpanExporter): boolean {
  if (active) return true;
  const kind = (process.env.OTEL_TRACES_EXPORTER ?? 'none').toLowerCase();
  if (!exporter && (kind === 'none' || kind === '')) return false;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const api = require('@opentelemetry/api') as typeof Api;
  const sdk = require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace');
  const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
  const { W3CTraceContextPropagator } = require('@opentelemetry/core') as typeof import('@opentelemetry/core');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  let spanExporter = exporter;
  if (!spanExporter) {
    if (kind === 'console') spanExporter = new sdk.ConsoleSpanExporter();
    else if (kind === 'otlp') {
      const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
      spanExporter = new OTLPTraceExporter(); // reads OTEL_EXPORTER_OTLP_ENDPOINT / _HEADERS
    } else throw new Error(`OTEL_TRACES_EXPORTER 应为 none、otlp 或 console，实际为 "${kind}"`);
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  const processor = exporter ? new sdk.SimpleSpanProcessor({ exporter: spanExporter }) : new sdk.BatchSpanProcessor({ exporter: spanExporter });
  const provider = new sdk.TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? service }),
    spanProcessors: [processor],
  });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(provider);
  active = { api, tracer: provider.getTracer('joint-supervision-hub'), shutdown: () => provider.shutdown() };
  return true;
}

export async function stopTracing(): Promise<void> {
  const t = active;
  active = undefined;
  if (!t) return;
  await t.shutdown();
  t.api.trace.disable();
  t.api.context.disable();
  t.api.propagation.disable();
}

/** Runs `handle` inside a SERVER span continuing the caller's trace (when tracing is on). */
export function inServerSpan(service: string, req: IncomingMessage, res: ServerResponse, handle: () => void): void {
  const t = active;
  if (!t) return handle();
  const { api } = t;
  const parent = api.propagation.extract(api.ROOT_CONTEXT, req.headers);
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const span = t.tracer.startSpan(`${req.method} ${path}`, {
    kind: api.SpanKind.SERVER,
    attributes: { 'http.request.method': req.method ?? '', 'url.path': path, 'hub.service': service },
  }, parent);
  res.once('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
    span.end();
  });
  api.context.with(api.trace.setSpan(parent, span), handle);
}

/** `traceparent` (and friends) for the active span as a plain record; empty without tracing. */
export function traceHeaders(): Record<string, string> {
  const t = active;
  if (!t) return {};
  const out: Record<string, string> = {};
  t.api.propagation.inject(t.api.context.active(), out, { set: (h, k, v) => void (h[k] = v) });
  return out;
}

