// Telemetry and team settings → exporter / source options (no vscode).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { teamAuthHeaders, telemetryOptionsFrom, validateHeaderList } from '../../../src/vscode/telemetry/options';

test('export is off without an endpoint, and off (with a problem that does not echo the URL) for a non-http one', () => {
  assert.deepEqual(telemetryOptionsFrom({ otlpEndpoint: '', includeContent: true, resourceAttributes: {} }, 'a=b'), { problems: [] });
  assert.deepEqual(telemetryOptionsFrom({ otlpEndpoint: undefined, includeContent: undefined, resourceAttributes: undefined }, undefined), { problems: [] });
  const bad = telemetryOptionsFrom({ otlpEndpoint: 'ftp://user:hunter2@collector', includeContent: false, resourceAttributes: {} }, undefined);
  assert.equal(bad.options, undefined);
  assert.equal(bad.problems.length, 1);
  assert.ok(!bad.problems[0]?.includes('hunter2'));
  assert.equal(telemetryOptionsFrom({ otlpEndpoint: 'not a url', includeContent: false, resourceAttributes: {} }, undefined).options, undefined);
});

test('team and user become the exporter shorthands; other attributes pass through; headers parsed; content only on true', () => {
  const { options, problems } = telemetryOptionsFrom(
    { otlpEndpoint: ' http://127.0.0.1:4318 ', includeContent: 'true', resourceAttributes: { team: 'payments', user: 'alice', 'deployment.environment': 'dev', shard: 3 } },
    'x-api-key=abc,x-tenant=t%201',
    '0.1.0',
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(options, {
    endpoint: 'http://127.0.0.1:4318',
    includeContent: false,
    headers: { 'x-api-key': 'abc', 'x-tenant': 't 1' },
    resourceAttributes: { 'deployment.environment': 'dev', shard: '3' },
    team: 'payments',
    user: 'alice',
    serviceVersion: '0.1.0',
  });
  assert.equal(telemetryOptionsFrom({ otlpEndpoint: 'https://c', includeContent: true, resourceAttributes: undefined }, undefined).options?.includeContent, true);
});

test('invalid resource attributes are ignored with a problem; export stays on', () => {
  const r = telemetryOptionsFrom({ otlpEndpoint: 'http://c:4318', includeContent: false, resourceAttributes: ['team'] }, undefined);
  assert.equal(r.options?.endpoint, 'http://c:4318');
  assert.equal(r.options?.team, undefined);
  assert.match(r.problems[0] ?? '', /resourceAttributes must be an object/);
  const nested = telemetryOptionsFrom({ otlpEndpoint: 'http://c:4318', includeContent: false, resourceAttributes: { team: { name: 'x' } } }, undefined);
  assert.equal(nested.problems.length, 1);
});

test('Set Telemetry Headers… input: key=value pairs with valid header names; values never echoed', () => {
  assert.equal(validateHeaderList(''), undefined);
  assert.equal(validateHeaderList('x-api-key=abc'), undefined);
  assert.equal(validateHeaderList('authorization=Bearer abc,x-tenant=1'), undefined);
  assert.match(validateHeaderList('novalue') ?? '', /Entry 1 is not key=value/);
  assert.match(validateHeaderList('a=1,=secret') ?? '', /Entry 2/);
  assert.match(validateHeaderList('bad name=secret') ?? '', /not a valid header name/);
  assert.match(validateHeaderList('x-key=') ?? '', /value of "x-key" is empty/);
  assert.ok(!(validateHeaderList('bad name=s3cr3t') ?? '').includes('s3cr3t'));
});

test('team token: a bare token is a Bearer token; "Scheme credentials" is sent as is; none → no header', () => {
  assert.deepEqual(teamAuthHeaders('abc'), { authorization: 'Bearer abc' });
  assert.deepEqual(teamAuthHeaders(' Basic dXNlcjpwYXNz '), { authorization: 'Basic dXNlcjpwYXNz' });
  assert.equal(teamAuthHeaders(''), undefined);
  assert.equal(teamAuthHeaders(undefined), undefined);
});
