// A metric exporter decorator that reports failed exports. The periodic
// metric reader swallows export failures (they only reach the global diag
// logger, which is silent unless set up), so without this a wrong endpoint or
// a rejected API key would go unnoticed. Spans need no decorator: their
// failures surface as rejected flushes.
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';

type ResultCallback = Parameters<PushMetricExporter['export']>[1];
type ExportResult = Parameters<ResultCallback>[0];

/** ExportResultCode.SUCCESS of @opentelemetry/core (not a direct dependency of ours). */
const SUCCESS = 0;

export function reportingMetricExporter(inner: PushMetricExporter, report: (what: string, err: unknown) => void): PushMetricExporter {
  const out: PushMetricExporter = {
    export(metrics, resultCallback) {
      inner.export(metrics, (result: ExportResult) => {
        if (result.code !== SUCCESS) report('metric export', result.error ?? 'unknown error');
        resultCallback(result);
      });
    },
    forceFlush: () => inner.forceFlush(),
    shutdown: () => inner.shutdown(),
  };
  // Forwarded only when present: the reader's defaults apply otherwise, and
  // dropping them would silently lose the temporality preference.
  if (inner.selectAggregationTemporality) out.selectAggregationTemporality = (t) => inner.selectAggregationTemporality!(t);
  if (inner.selectAggregation) out.selectAggregation = (t) => inner.selectAggregation!(t);
  return out;
}
