// Options of the OpenTelemetry exporter, and how they are read from the
// standard OTEL_* environment variables. Callers (CLI flags, VS Code settings)
// merge their own values over `otelOptionsFromEnv(process.env)`.

export interface OtelExporterOptions {
  /** OTLP/HTTP base URL, e.g. http://127.0.0.1:4318 (`/v1/traces`, `/v1/metrics` are appended). */
  endpoint: string;
  /** Full traces URL, used as is (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). Overrides `endpoint` for traces. */
  tracesEndpoint?: string;
  /** Full metrics URL, used as is (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT). Overrides `endpoint` for metrics. */
  metricsEndpoint?: string;
  /**
   * Sent with every export (API keys, tenant ids). The caller reads them from
   * SecretStorage or the environment. They are never logged by this module:
   * use `describeOtelOptions` to print a configuration.
   */
  headers?: Record<string, string>;
  /** Extra resource attributes (deployment.environment, host.name, …). */
  resourceAttributes?: Record<string, string>;
  /** Default 'budget-agent'. */
  serviceName?: string;
  serviceVersion?: string;
  /** Shorthand for the resource attribute `budget_agent.team`. */
  team?: string;
  /** Shorthand for the resource attribute `user.name`. */
  user?: string;
  /**
   * Send prompt, answer, tool argument and model output text. Default false:
   * spans then carry counts, names and money only.
   */
  includeContent?: boolean;
  /** How often batched spans are sent (ms). Default 5000. */
  spanExportIntervalMs?: number;
  /** How often metrics are sent (ms). Default 60000. */
  metricExportIntervalMs?: number;
  /** Per-export timeout, retries included (ms). Default 3000: a dead collector must not hold up the end of a CLI run. */
  exportTimeoutMs?: number;
  /** 'cumulative' (default, what Prometheus wants) or 'delta'. */
  metricTemporality?: 'cumulative' | 'delta';
  /**
   * Called when an export or flush fails. The message never contains headers.
   * Default: ignore (telemetry must never break a run).
   */
  onError?: (message: string) => void;
}

export type Env = Record<string, string | undefined>;

/**
 * Parses the W3C-baggage-like `key=value,key2=value2` lists used by
 * OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES (values are
 * percent-decoded; malformed entries are skipped, as the spec asks).
 */
export function parseKeyValueList(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = safeDecode(part.slice(0, eq).trim());
    const value = safeDecode(part.slice(eq + 1).trim());
    if (key) out[key] = value;
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const TRUE = /^(1|true|yes|on)$/i;

/**
 * Exporter options from the standard environment variables:
 * OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_{TRACES,METRICS}_ENDPOINT,
 * OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES, OTEL_SERVICE_NAME,
 * OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_METRIC_EXPORT_INTERVAL, OTEL_BSP_SCHEDULE_DELAY,
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT (the GenAI instrumentations'
 * content opt-in) and OTEL_SDK_DISABLED (=true yields no endpoint).
 * `endpoint` is absent when nothing is configured: telemetry stays off.
 */
export function otelOptionsFromEnv(env: Env): Partial<OtelExporterOptions> {
  if (TRUE.test(env.OTEL_SDK_DISABLED ?? '')) return {};
  const out: Partial<OtelExporterOptions> = {};
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const metrics = env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT?.trim();
  if (endpoint) out.endpoint = endpoint;
  if (traces) out.tracesEndpoint = traces;
  if (metrics) out.metricsEndpoint = metrics;
  // Signal-specific URLs alone are enough to turn export on.
  if (!out.endpoint && (traces || metrics)) out.endpoint = baseOf((traces ?? metrics) as string);

  const headers = parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS);
  if (Object.keys(headers).length > 0) out.headers = headers;
  const resource = parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES);
  if (Object.keys(resource).length > 0) out.resourceAttributes = resource;
  if (env.OTEL_SERVICE_NAME?.trim()) out.serviceName = env.OTEL_SERVICE_NAME.trim();

  const timeout = positiveInt(env.OTEL_EXPORTER_OTLP_TIMEOUT);
  if (timeout !== undefined) out.exportTimeoutMs = timeout;
  const metricInterval = positiveInt(env.OTEL_METRIC_EXPORT_INTERVAL);
  if (metricInterval !== undefined) out.metricExportIntervalMs = metricInterval;
  const spanDelay = positiveInt(env.OTEL_BSP_SCHEDULE_DELAY);
  if (spanDelay !== undefined) out.spanExportIntervalMs = spanDelay;
  const temporality = env.OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE?.trim().toLowerCase();
  if (temporality === 'delta' || temporality === 'cumulative') out.metricTemporality = temporality;
  if (TRUE.test(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT ?? '')) out.includeContent = true;
  return out;
}

function positiveInt(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

function baseOf(url: string): string {
  return url.replace(/\/v1\/(traces|metrics|logs)\/?$/, '');
}

/** `base` + `/v1/<signal>`, tolerant of a trailing slash. */
export function signalUrl(base: string, signal: 'traces' | 'metrics'): string {
  return `${base.replace(/\/+$/, '')}/v1/${signal}`;
}

/** A one-line description safe to log: header names only, never their values. */
export function describeOtelOptions(options: Partial<OtelExporterOptions>): string {
  const headerNames = Object.keys(options.headers ?? {});
  const parts = [
    `endpoint=${options.endpoint ?? '(none)'}`,
    `headers=${headerNames.length ? `[${headerNames.join(', ')}] (values hidden)` : 'none'}`,
    `content=${options.includeContent ? 'included' : 'excluded'}`,
  ];
  if (options.team) parts.push(`team=${options.team}`);
  if (options.user) parts.push(`user=${options.user}`);
  return parts.join(' ');
}

/** Throws a clear error when a configured URL is unusable (caught at set-up, not at export time). */
export function assertHttpUrl(url: string, what: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL itself is not echoed: it may carry credentials (user:pass@).
    throw new Error(`${what} is not a valid URL (expected e.g. http://127.0.0.1:4318)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`${what} must be an http(s) URL (OTLP/HTTP), got ${parsed.protocol}`);
  }
}
