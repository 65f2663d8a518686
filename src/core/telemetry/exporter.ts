// Wires the official SDK pieces together: a tracer provider with a batch span
// processor and a meter provider with a periodic reader, both exporting over
// OTLP/HTTP (JSON), fed by RunSpans from one or more EventStreams.
//
// The providers are private to this exporter (never registered globally), so
// two exporters, or the tests, cannot step on each other or on a host's own
// OpenTelemetry set-up.
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Disposable, EventStream } from '../events/emitter';
import { RESOURCE_TEAM, RESOURCE_USER } from './attributes';
import { GenAiMetrics } from './metrics';
import type { OtelExporterOptions } from './options';
import { assertHttpUrl, signalUrl } from './options';
import { reportingMetricExporter } from './reporting-exporter';
import { RunSpans } from './spans';

const SCOPE = 'budget-agent';

export interface OtelExporter {
  /** Export the runs seen on `events`; dispose to stop listening. Several streams may be attached. */
  attach(events: EventStream): Disposable;
  /** Send everything recorded so far (spans and metrics). Never rejects; failures go to `onError`. */
  flush(): Promise<void>;
  /**
   * Detach, end open run spans (marked incomplete), export what is pending and
   * release the SDK. Call it alone at exit (no flush() first). Never rejects.
   */
  shutdown(): Promise<void>;
}

export function createOtelExporter(options: OtelExporterOptions): OtelExporter {
  const tracesUrl = options.tracesEndpoint ?? signalUrl(options.endpoint, 'traces');
  const metricsUrl = options.metricsEndpoint ?? signalUrl(options.endpoint, 'metrics');
  assertHttpUrl(tracesUrl, 'OTLP traces endpoint');
  assertHttpUrl(metricsUrl, 'OTLP metrics endpoint');
  // Short: the exporter retries within this window, and a CLI run waits for
  // it at exit when the collector is down.
  const timeoutMillis = options.exportTimeoutMs ?? 3000;
  const headers = { ...options.headers };
  const onError = options.onError ?? (() => undefined);
  // Errors are reduced to their message: SDK errors can carry request
  // objects, and request objects carry headers.
  const report = (what: string, err: unknown) => onError(`OpenTelemetry ${what} failed: ${err instanceof Error ? err.message : String(err)}`);

  const resource = resourceFromAttributes({
    ...options.resourceAttributes,
    [ATTR_SERVICE_NAME]: options.serviceName ?? options.resourceAttributes?.[ATTR_SERVICE_NAME] ?? 'budget-agent',
    ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    ...(options.team ? { [RESOURCE_TEAM]: options.team } : {}),
    ...(options.user ? { [RESOURCE_USER]: options.user } : {}),
  });

  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl, headers, timeoutMillis }), {
        scheduledDelayMillis: options.spanExportIntervalMs ?? 5000,
        exportTimeoutMillis: timeoutMillis,
      }),
    ],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: reportingMetricExporter(
          new OTLPMetricExporter({
            url: metricsUrl,
            headers,
            timeoutMillis,
            temporalityPreference: options.metricTemporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
          }),
          report,
        ),
        exportIntervalMillis: options.metricExportIntervalMs ?? 60_000,
        exportTimeoutMillis: timeoutMillis,
      }),
    ],
  });

  const spans = new RunSpans(
    tracerProvider.getTracer(SCOPE),
    new GenAiMetrics(meterProvider.getMeter(SCOPE)),
    options.includeContent === true,
  );
  const subscriptions = new Set<Disposable>();
  let closed = false;

  const flush = async (): Promise<void> => {
    const results = await Promise.allSettled([tracerProvider.forceFlush(), meterProvider.forceFlush()]);
    // Metric export failures are reported by reportingMetricExporter.
    if (results[0].status === 'rejected') report('span export', results[0].reason);
  };

  return {
    attach(events) {
      if (closed) return { dispose: () => undefined };
      const sub = events.on((event) => {
        if (!closed) spans.handle(event);
      });
      const handle = {
        dispose: () => {
          sub.dispose();
          subscriptions.delete(handle);
        },
      };
      subscriptions.add(handle);
      return handle;
    },
    flush,
    async shutdown() {
      if (closed) return;
      for (const s of [...subscriptions]) s.dispose();
      spans.endAll();
      closed = true;
      // Shutting the providers down exports what is pending, once: a separate
      // flush first would double the wait when the collector is down.
      const results = await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
      if (results[0].status === 'rejected') report('span export', results[0].reason);
      if (results[1].status === 'rejected') report('metric shutdown', results[1].reason);
    },
  };
}
