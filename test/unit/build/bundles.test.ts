// Activation cost guard: the extension and CLI bundles must not carry the
// tokenizer's BPE ranks or the OpenTelemetry SDK (they load from bundles of
// their own on first use), and those bundles must exist beside them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const dist = path.resolve(__dirname, '../../../../dist');

test('extension and CLI bundles leave the tokenizer ranks and the OpenTelemetry SDK to lazily loaded bundles', () => {
  for (const name of ['extension.js', 'cli.js']) {
    const file = path.join(dist, name);
    assert.ok(existsSync(file), `${name} is built (npm test builds before the unit tests)`);
    const code = readFileSync(file, 'utf8');
    assert.ok(!code.includes('BatchSpanProcessor'), `${name} does not bundle the OpenTelemetry SDK`);
    assert.ok(code.includes('./telemetry-exporter.js'), `${name} loads the exporter bundle on demand`);
    assert.ok(code.includes('./gpt-tokenizer.js'), `${name} loads the tokenizer bundle on demand`);
  }
  assert.ok(readFileSync(path.join(dist, 'telemetry-exporter.js'), 'utf8').includes('BatchSpanProcessor'));
  assert.ok(existsSync(path.join(dist, 'gpt-tokenizer.js')));
});
