import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOtelExporter, describeOtelOptions, otelOptionsFromEnv, parseKeyValueList } from '../../../src/core/telemetry';

test('otelOptionsFromEnv reads the standard OTEL_* variables', () => {
  const o = otelOptionsFromEnv({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D,x-tenant = payments,broken',
    OTEL_RESOURCE_ATTRIBUTES: 'team=payments,deployment.environment=dev',
    OTEL_SERVICE_NAME: 'budget-agent-cli',
    OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
    OTEL_METRIC_EXPORT_INTERVAL: '15000',
    OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
  });
  assert.equal(o.endpoint, 'https://otel.example.com:4318');
  assert.deepEqual(o.headers, { 'x-api-key': 'abc==', 'x-tenant': 'payments' });
  assert.deepEqual(o.resourceAttributes, { team: 'payments', 'deployment.environment': 'dev' });
  assert.equal(o.serviceName, 'budget-agent-cli');
  assert.equal(o.exportTimeoutMs, 2500);
  assert.equal(o.metricExportIntervalMs, 15000);
  assert.equal(o.includeContent, true);
});

test('otelOptionsFromEnv: nothing set or SDK disabled means no endpoint (telemetry off)', () => {
  assert.deepEqual(otelOptionsFromEnv({}), {});
  assert.deepEqual(otelOptionsFromEnv({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }), {});
  assert.equal(otelOptionsFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }).includeContent, undefined);
});

test('otelOptionsFromEnv: a signal-specific endpoint alone turns export on', () => {
  const o = otelOptionsFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' });
  assert.equal(o.endpoint, 'http://collector:4318');
  assert.equal(o.tracesEndpoint, 'http://collector:4318/v1/traces');
});

test('parseKeyValueList skips malformed entries', () => {
  assert.deepEqual(parseKeyValueList('a=1,=2,b,c=x=y'), { a: '1', c: 'x=y' });
  assert.deepEqual(parseKeyValueList(undefined), {});
});

test('describeOtelOptions names headers but never shows their values', () => {
  const line = describeOtelOptions({ endpoint: 'http://127.0.0.1:4318', headers: { authorization: 'Bearer s3cr3t' }, team: 'payments' });
  assert.match(line, /authorization/);
  assert.match(line, /team=payments/);
  assert.ok(!line.includes('s3cr3t'));
});

test('createOtelExporter rejects a non-http endpoint with a clear message', () => {
  assert.throws(() => createOtelExporter({ endpoint: 'grpc://collector:4317' }), /must be an http\(s\) URL/);
  assert.throws(() => createOtelExporter({ endpoint: 'not a url' }), /not a valid URL/);
});
