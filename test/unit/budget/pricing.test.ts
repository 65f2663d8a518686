import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PriceTable, tokenCostUsd, unifiedCostUsd, DEFAULT_TOOL_CALL_USD } from '../../../src/core/budget/pricing';

const close = (a: number, b: number, eps = 1e-12): void => assert.ok(Math.abs(a - b) <= eps, `${a} != ${b}`);

test('cached input tokens are billed at the cached rate, the rest at the input rate', () => {
  const price = new PriceTable().resolve('gpt-4o');
  assert.deepEqual(price, { input: 2.5, cachedInput: 1.25, output: 10 });
  // 1M input of which 400k cached, 100k output: 0.6M×2.5 + 0.4M×1.25 + 0.1M×10
  const usd = tokenCostUsd({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 }, price!);
  close(usd, 1.5 + 0.5 + 1.0);
});

test('cached count larger than input is clamped (never a negative uncached part)', () => {
  const usd = tokenCostUsd({ inputTokens: 100, cachedInputTokens: 500, outputTokens: 0 }, { input: 1, cachedInput: 0.5, output: 2 });
  close(usd, (100 * 0.5) / 1e6);
});

test('dated and vendor-prefixed names resolve to the longest matching key', () => {
  const t = new PriceTable();
  assert.equal(t.resolve('gpt-4o-2024-08-06')?.input, 2.5);
  assert.equal(t.resolve('gpt-4o-mini-2024-07-18')?.input, 0.15);
  assert.equal(t.resolve('openai/gpt-4.1-mini')?.output, 1.6);
  assert.equal(t.resolve('gpt-4.1-nano-2025-04-14')?.input, 0.1);
  assert.equal(t.resolve('GPT-5-Mini')?.input, 0.25);
  assert.equal(t.resolve('gpt-5-nano')?.output, 0.4);
  assert.equal(t.resolve('o4-mini-2025-04-16')?.output, 4.4);
  assert.equal(t.resolve('o3')?.input, 2);
  assert.equal(t.resolve('gpt-4o-latest')?.input, 2.5, 'alias');
  // A key is only a prefix at a version separator: gpt-4 must not price gpt-4o-ish names.
  assert.equal(t.resolve('gpt-4x'), undefined);
  assert.equal(t.resolve('my-local-llama'), undefined);
});

test('local provider models cost no money whatever their name', () => {
  const t = new PriceTable();
  assert.deepEqual(t.resolve('gpt-4o', 'onnx'), { input: 0, cachedInput: 0, output: 0 });
  assert.equal(t.resolve('stories260K', 'onnx')?.output, 0);
});

test('user table overrides, adds, globs, and bad entries are reported not thrown', () => {
  const t = new PriceTable({
    models: { 'gpt-4o': { output: 12 }, 'my-model': { input: 1, output: 3 }, 'llama*': { input: 0, output: 0 }, 'half-done': { input: 1 } },
    aliases: { fast: 'gpt-4o-mini' },
    tools: { web_search: 0.01 },
    defaultToolCall: 0,
  });
  assert.deepEqual(t.resolve('gpt-4o'), { input: 2.5, cachedInput: 1.25, output: 12 });
  assert.deepEqual(t.resolve('my-model'), { input: 1, cachedInput: 1, output: 3 }, 'no cache discount unless given');
  assert.equal(t.resolve('llama3.1:8b')?.input, 0);
  assert.equal(t.resolve('fast')?.input, 0.15);
  assert.equal(t.resolve('half-done'), undefined);
  assert.equal(t.problems.length, 1);
  assert.equal(t.toolCallPrice('web_search'), 0.01);
  assert.equal(t.toolCallPrice('read_file'), 0);

  const bad = new PriceTable({ models: { x: { input: -1, output: 1 } } });
  assert.equal(bad.problems.length, 1);
  assert.equal(bad.resolve('x'), undefined);
  assert.equal(bad.resolve('gpt-4o')?.input, 2.5, 'defaults survive a bad settings object');
});

test('unified cost adds Σ c_i·P_i at $0.001 per tool call by default', () => {
  const t = new PriceTable({ tools: { search: 0.005 } });
  assert.equal(t.toolCallPrice('anything'), DEFAULT_TOOL_CALL_USD);
  const price = t.resolve('gpt-4o-mini')!;
  const usage = { inputTokens: 10_000, cachedInputTokens: 2_000, outputTokens: 1_000 };
  const c = unifiedCostUsd(usage, price, { search: 3, read_file: 10 }, t);
  close(c, tokenCostUsd(usage, price) + 3 * 0.005 + 10 * 0.001);
});
