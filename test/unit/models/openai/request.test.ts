import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effortForBudget, isReasoningModel } from '../../../../src/core/models/openai';
import { backoffDelay, parseRetryAfter } from '../../../../src/core/models/openai/retry';
import { startFakeOpenAI, streamReply } from '../../../helpers/fake-openai-server';
import { provider, recorder } from './helpers';

test('non-reasoning models get max_tokens and sampling parameters, never reasoning_effort', async () => {
  const server = await startFakeOpenAI(() => streamReply({ text: ['x'] }));
  try {
    await provider(server.baseUrl, { model: 'gpt-4o' }).chat(recorder({ maxOutputTokens: 321, temperature: 0.2, topP: 0.9, seed: 7, stop: ['END'], thinking: { budgetTokens: 5000 } }).request);
    const body = server.chatRequests[0]?.body;
    assert.equal(body?.max_tokens, 321);
    assert.equal(body?.max_completion_tokens, undefined);
    assert.equal(body?.reasoning_effort, undefined);
    assert.equal(body?.temperature, 0.2);
    assert.equal(body?.top_p, 0.9);
    assert.equal(body?.seed, 7);
    assert.deepEqual(body?.stop, ['END']);

    await provider(server.baseUrl, { model: 'llama3', useMaxCompletionTokens: true }).chat(recorder({ maxOutputTokens: 50 }).request);
    assert.equal(server.chatRequests[1]?.body.max_completion_tokens, 50);
    assert.equal(server.chatRequests[1]?.body.max_tokens, undefined);
  } finally {
    await server.close();
  }
});

test('reasoning models get max_completion_tokens and reasoning_effort mapped from the thinking budget', async () => {
  const server = await startFakeOpenAI(() => streamReply({ text: ['x'] }));
  try {
    const cases: [string, number, string][] = [
      ['gpt-5-mini', 500, 'minimal'],
      ['gpt-5-mini', 2000, 'low'],
      ['gpt-5', 8000, 'medium'],
      ['openai/gpt-5', 20000, 'high'],
      ['o3', 500, 'low'],
      ['o4-mini', 16384, 'high'],
    ];
    for (const [model, budget] of cases) {
      await provider(server.baseUrl, { model }).chat(recorder({ maxOutputTokens: 900, temperature: 0.5, thinking: { budgetTokens: budget } }).request);
    }
    cases.forEach(([model, budget, effort], i) => {
      const body = server.chatRequests[i]?.body;
      assert.equal(body?.reasoning_effort, effort, `${model} @ ${budget}`);
      assert.equal(body?.max_completion_tokens, 900);
      assert.equal(body?.max_tokens, undefined);
      assert.equal(body?.temperature, undefined, 'reasoning models reject temperature');
    });

    await provider(server.baseUrl, { model: 'o3' }).chat(recorder({ thinking: { budgetTokens: 100, effort: 'high' } }).request);
    assert.equal(server.chatRequests[cases.length]?.body.reasoning_effort, 'high', 'an explicit effort wins');
  } finally {
    await server.close();
  }
});

test('model-family rules', () => {
  assert.equal(isReasoningModel('o1'), true);
  assert.equal(isReasoningModel('gpt-5.1'), true);
  assert.equal(isReasoningModel('gpt-5-chat-latest'), false);
  assert.equal(isReasoningModel('gpt-4.1-mini'), false);
  assert.equal(isReasoningModel('qwen3:8b'), false);
  assert.equal(effortForBudget(1023, 'gpt-5'), 'minimal');
  assert.equal(effortForBudget(1024, 'gpt-5'), 'low');
  assert.equal(effortForBudget(4096, 'gpt-5'), 'medium');
});

test('Retry-After parsing: seconds, fractions, HTTP date, retry-after-ms, junk', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': '3' }), now), 3000);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': '0.25' }), now), 250);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), now), 7000);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }), now), 0);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after-ms': '150', 'retry-after': '9' }), now), 150);
  assert.equal(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now), undefined);
  assert.equal(parseRetryAfter(new Headers(), now), undefined);
});

test('backoff doubles per attempt, jitters within [0.5, 1), and is capped', () => {
  assert.equal(backoffDelay(1, 100, 10_000, () => 0), 50);
  assert.equal(backoffDelay(3, 100, 10_000, () => 0), 200);
  assert.equal(backoffDelay(3, 100, 10_000, () => 0.999), 400);
  assert.equal(backoffDelay(20, 100, 1_500, () => 0.5), 1_500);
});
