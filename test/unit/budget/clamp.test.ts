import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampCompletion, tokensAffordable } from '../../../src/core/budget/clamp';
import type { Cap } from '../../../src/core/budget/scope';

const cap = (resource: Cap['resource'], limit: number, used = 0, reserved = 0): Cap => ({ scope: 'run', resource, limit, used, reserved });
const free = { input: 0, cachedInput: 0, output: 0 };
const base = { price: free, thinking: false, thinkingEnforced: true };

test('exactly 0 tokens left: nothing fits', () => {
  const r = clampCompletion([cap('tokens', 1000, 900)], { ...base, inputTokens: 100 });
  assert.equal(r.maxOutputTokens, 0);
  assert.equal(r.binding?.resource, 'tokens');
});

test('1 token left fits exactly one output token', () => {
  const r = clampCompletion([cap('tokens', 1000, 899)], { ...base, inputTokens: 100 });
  assert.equal(r.maxOutputTokens, 1);
  const out = clampCompletion([cap('outputTokens', 50, 49)], { ...base, inputTokens: 10_000 });
  assert.equal(out.maxOutputTokens, 1);
});

test('input estimate beyond the remaining tokens gives a negative bound', () => {
  const r = clampCompletion([cap('tokens', 1000, 0)], { ...base, inputTokens: 1200 });
  assert.ok(r.maxOutputTokens < 0);
});

test('reservations of others count as spent', () => {
  const r = clampCompletion([cap('tokens', 1000, 100, 500)], { ...base, inputTokens: 100 });
  assert.equal(r.maxOutputTokens, 300);
});

test('money cap tighter than token cap binds, at the model output price after input cost', () => {
  // $10/M output, $2/M input. $0.01 left; 1000 input = $0.002; rest $0.008 → 800 tokens.
  const price = { input: 2, cachedInput: 1, output: 10 };
  const caps = [cap('tokens', 100_000), { ...cap('usd', 0.05, 0.04) }];
  const r = clampCompletion(caps, { ...base, price, inputTokens: 1000 });
  assert.equal(r.binding?.resource, 'usd');
  assert.equal(r.maxOutputTokens, 800);
  assert.ok(r.inputUsd + r.maxOutputTokens * r.outputUsdPerToken <= 0.05 - 0.04 + 1e-15);
});

test('money cap below the input cost refuses outright', () => {
  const price = { input: 2, cachedInput: 1, output: 10 };
  const r = clampCompletion([cap('usd', 0.001)], { ...base, price, inputTokens: 1000 });
  assert.equal(r.maxOutputTokens, -1);
});

test('an unpriced model under a money cap cannot be bounded', () => {
  const r = clampCompletion([cap('usd', 5)], { ...base, price: undefined, inputTokens: 10 });
  assert.equal(r.unpricedUnderMoneyCap, true);
  assert.ok(r.maxOutputTokens < 0);
});

test('tokensAffordable never rounds up past the money left', () => {
  for (const [left, input, per] of [
    [0.3, 0.1, 0.00001],
    [1, 0, 0.000003],
    [0.07, 0.01, 0.0000006],
  ] as const) {
    const n = tokensAffordable(left, input, per);
    assert.ok(input + n * per <= left, `${n} tokens overshoot`);
    assert.ok(input + (n + 1) * per > left, `${n} is not the largest`);
  }
});

test('thinking cap: enforced separately it only sets the thinking allowance', () => {
  const caps = [cap('outputTokens', 1000), cap('reasoningTokens', 300, 100)];
  const r = clampCompletion(caps, { ...base, inputTokens: 0, thinking: true });
  assert.equal(r.maxOutputTokens, 1000);
  assert.equal(r.maxThinkingTokens, 200);
});

test('thinking cap: not enforceable by the provider, it bounds the whole completion', () => {
  const caps = [cap('outputTokens', 1000), cap('reasoningTokens', 300, 100)];
  const r = clampCompletion(caps, { ...base, inputTokens: 0, thinking: true, thinkingEnforced: false });
  assert.equal(r.maxOutputTokens, 200);
  assert.equal(r.binding?.resource, 'reasoningTokens');
});

test('thinking cap does not touch a request that does not think', () => {
  const r = clampCompletion([cap('reasoningTokens', 10, 10)], { ...base, inputTokens: 0, thinking: false });
  assert.equal(r.maxOutputTokens, Infinity);
  assert.equal(r.maxThinkingTokens, undefined);
});
