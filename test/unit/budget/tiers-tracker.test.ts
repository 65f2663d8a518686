import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tierFor, TIER_INSTRUCTIONS } from '../../../src/core/budget/tiers';
import { renderTrackerBlock, formatCount } from '../../../src/core/budget/tracker';
import { RunBudget } from '../../../src/core/budget/run-budget';

test('tier boundaries are inclusive at 70 / 30 / 10 %', () => {
  assert.equal(tierFor(1), 'HIGH');
  assert.equal(tierFor(0.7), 'HIGH');
  assert.equal(tierFor(0.6999), 'MEDIUM');
  assert.equal(tierFor(0.3), 'MEDIUM');
  assert.equal(tierFor(0.2999), 'LOW');
  assert.equal(tierFor(0.1), 'LOW');
  assert.equal(tierFor(0.0999), 'CRITICAL');
  assert.equal(tierFor(0), 'CRITICAL');
  // Float arithmetic: 1 - 0.3 and 0.7 of a dollar are still HIGH.
  assert.equal(tierFor((1 - 0.3) / 1), 'HIGH');
  assert.equal(tierFor(0.7000000000000001 - 1e-16), 'HIGH');
});

test('tiers follow the tightest resource of a run, at the exact boundaries', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxToolCalls: 10, maxTokens: 1000 } });
  const cause = { runId: 'r', step: 1 };
  const tiers: string[] = [];
  for (let i = 0; i < 10; i++) {
    b.chargeTool('t', cause);
    tiers.push(b.tier());
  }
  // remaining after each call: 90 80 70 | 60 50 40 30 | 20 10 | 0 %
  assert.deepEqual(tiers.slice(0, 3), ['HIGH', 'HIGH', 'HIGH']);
  assert.deepEqual(tiers.slice(3, 7), ['MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM']);
  assert.deepEqual(tiers.slice(7, 9), ['LOW', 'LOW']);
  assert.equal(tiers[9], 'CRITICAL');
  assert.equal(b.fractionRemaining().resource, 'toolCalls');
});

test('money boundaries survive float sums: 3 × $0.001 of $0.01 is exactly 70 % (HIGH)', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxUsd: 0.01 } });
  const tiers: string[] = [];
  for (let i = 0; i < 9; i++) {
    b.chargeTool('search', { runId: 'r', step: i });
    tiers.push(b.tier());
  }
  assert.deepEqual(tiers, ['HIGH', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'LOW', 'LOW']);
  assert.equal(b.fractionRemaining().resource, 'usd');
});

test('tracker block matches the BATS format with thousands separators', () => {
  const text = renderTrackerBlock({ toolCallsUsed: 12, toolCallsRemaining: 88, tokensUsed: 41_200, tokensRemaining: 58_800, tier: 'MEDIUM' });
  assert.equal(
    text,
    [
      '<budget>',
      'Tool Budget Used: 12, Tool Budget Remaining: 88',
      'Token Budget Used: 41,200, Token Budget Remaining: 58,800',
      TIER_INSTRUCTIONS.MEDIUM,
      '</budget>',
    ].join('\n'),
  );
  assert.equal(formatCount(1_234_567), '1,234,567');
  assert.equal(formatCount(999), '999');
});

test('tracker block of a priced run shows money, thinking, and unlimited resources', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxUsd: 1, maxThinkingTokens: 5000 }, pricing: undefined });
  b.chargeModel({ inputTokens: 10_000, cachedInputTokens: 0, outputTokens: 2_000, reasoningTokens: 1_500, estimated: false }, { runId: 'r', step: 1, model: 'gpt-4o' });
  // 10k × $2.5/M + 2k × $10/M = $0.045
  assert.equal(
    b.trackerBlock(),
    [
      '<budget>',
      'Tool Budget Used: 0, Tool Budget Remaining: unlimited',
      'Token Budget Used: 12,000, Token Budget Remaining: unlimited',
      'Thinking Budget Used: 1,500, Thinking Budget Remaining: 3,500',
      'Money Budget Used: $0.0450, Money Budget Remaining: $0.9550',
      TIER_INSTRUCTIONS.HIGH,
      '</budget>',
    ].join('\n'),
  );
});

test('each tier has its own instruction', () => {
  const texts = new Set(Object.values(TIER_INSTRUCTIONS));
  assert.equal(texts.size, 4);
  assert.match(TIER_INSTRUCTIONS.CRITICAL, /unknown/);
});
