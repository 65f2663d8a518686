// A tiny in-process OTLP/HTTP receiver for tests: accepts what the JS
// exporters POST to /v1/traces and /v1/metrics (JSON, which is what
// exporter-*-otlp-http send; gzip too, in case OTEL_EXPORTER_OTLP_COMPRESSION
// is set on the machine running the tests) and keeps the raw text and the
// decoded documents.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  text: string;
  body: OtlpJson;
}

// Only the parts of the OTLP JSON the tests read.
export interface OtlpJson {
  resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
  resourceMetrics?: Array<{ resource?: { attributes?: KeyValue[] }; scopeMetrics?: Array<{ metrics?: OtlpMetric[] }> }>;
}
export interface KeyValue {
  key: string;
  value: AnyValue;
}
interface AnyValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: KeyValue[];
  events?: Array<{ name: string; attributes?: KeyValue[] }>;
  status?: { code?: number; message?: string };
}
interface DataPoint {
  attributes?: KeyValue[];
  asDouble?: number;
  asInt?: number | string;
  count?: number | string;
  sum?: number;
}
export interface OtlpMetric {
  name: string;
  unit?: string;
  histogram?: { dataPoints?: DataPoint[] };
  sum?: { dataPoints?: DataPoint[] };
}

export function value(v: AnyValue | undefined): unknown {
  if (!v) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  return undefined;
}

export function attrs(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, value(kv.value)]));
}

export class OtlpReceiver {
  readonly received: Received[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let raw = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
        const text = raw.toString('utf8');
        let body: OtlpJson = {};
        try {
          body = JSON.parse(text) as OtlpJson;
        } catch {
          // Protobuf would land here; the tests then fail on missing data, visibly.
        }
        this.received.push({ path: req.url ?? '', headers: req.headers, text, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get allText(): string {
    return this.received.map((r) => r.text).join('\n');
  }

  spans(): Array<OtlpSpan & { resource: Record<string, unknown> }> {
    return this.received.flatMap((r) =>
      (r.body.resourceSpans ?? []).flatMap((rs) =>
        (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => ({ ...s, resource: attrs(rs.resource?.attributes) }))),
      ),
    );
  }

  /** Metrics of the most recent metrics export (cumulative: it holds the totals). */
  latestMetrics(): OtlpMetric[] {
    const last = [...this.received].reverse().find((r) => r.body.resourceMetrics);
    return (last?.body.resourceMetrics ?? []).flatMap((rm) => (rm.scopeMetrics ?? []).flatMap((sm) => sm.metrics ?? []));
  }
}

/** Sum of a metric's points (histogram sums or counter values), optionally filtered by attributes. */
export function metricTotal(metrics: OtlpMetric[], name: string, where: Record<string, unknown> = {}): number {
  const metric = metrics.find((m) => m.name === name);
  const points = metric?.histogram?.dataPoints ?? metric?.sum?.dataPoints ?? [];
  return points
    .filter((p) => Object.entries(where).every(([k, v]) => attrs(p.attributes)[k] === v))
    .reduce((acc, p) => acc + (metric?.histogram ? (p.sum ?? 0) : Number(p.asDouble ?? p.asInt ?? 0)), 0);
}
