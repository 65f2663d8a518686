import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZERO_USAGE, type Usage } from '../../../src/core/budget/usage';
import { cellStats, costOfPass, e3, maxOvershoot, overshootOf, tokenCost, unifiedCost } from '../../../src/eval/metrics';
import { buildReport, formatUsd, markdownTable } from '../../../src/eval/report';
import { parseBudgets } from '../../../src/eval/budgets';
import { resultKey, type RunRecord } from '../../../src/eval/results';

const usage = (u: Partial<Usage>): Usage => ({ ...ZERO_USAGE, ...u });

function record(task: string, correct: boolean, spent: Partial<Usage>, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    key: resultKey(task, 'react', 'tools:10', 0),
    task,
    strategy: 'react',
    budget: 'tools:10',
    repeat: 0,
    seed: 1,
    provider: 'openai',
    model: 'm',
    answer: correct ? 'yes' : 'no',
    correct,
    stoppedBy: 'answer',
    spent: usage(spent),
    limits: { maxToolCalls: 10 },
    steps: 1,
    modelCalls: 1,
    wallMs: 5,
    finishedAt: '2025-01-01T00:00:00Z',
    ...extra,
  };
}

const price = { input: 2, cachedInput: 0.5, output: 8 };

test('token cost prices uncached input, cached input and output separately', () => {
  // 1M input of which 400k cached, 100k output: 600k×2 + 400k×0.5 + 100k×8 = 1.2 + 0.2 + 0.8
  assert.equal(tokenCost(usage({ inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 100_000 }), price), 2.2);
  assert.equal(tokenCost(usage({ inputTokens: 1000 }), undefined), 0);
});

test('unified cost adds tool calls at P_i (BATS: $0.001 each)', () => {
  const spent = usage({ inputTokens: 500_000, outputTokens: 0, toolCalls: 7 });
  assert.ok(Math.abs(unifiedCost(spent, { price, toolCallUsd: 0.001 }) - (1 + 0.007)) < 1e-12);
  assert.equal(unifiedCost(spent, { toolCallUsd: 0.001 }), 0.007); // unpriced model: only tools
});

test('cost of pass is total cost over correct answers, null (∞) with none correct', () => {
  assert.equal(costOfPass(3, 4), 0.75);
  assert.equal(costOfPass(3, 0), null);
  assert.equal(costOfPass(0, 2), 0);
});

test('E³ = A² / T', () => {
  assert.equal(e3(0.5, 1000), 0.00025);
  assert.equal(e3(1, 4), 0.25);
  assert.equal(e3(0.7, 0), 0);
});

test('overshoot is spent − limit per limited resource, and the max over runs of its positive part', () => {
  assert.deepEqual(overshootOf(usage({ toolCalls: 3, inputTokens: 900, outputTokens: 200 }), { maxToolCalls: 5, maxTokens: 1000 }), { toolCalls: -2, tokens: 100 });
  const runs = [
    { spent: usage({ toolCalls: 5 }), limits: { maxToolCalls: 5 } },
    { spent: usage({ toolCalls: 4 }), limits: { maxToolCalls: 5 } },
  ];
  assert.equal(maxOvershoot(runs).max, 0);
  const over = maxOvershoot([...runs, { spent: usage({ toolCalls: 7, inputTokens: 50 }), limits: { maxToolCalls: 5, maxTokens: 100 } }]);
  assert.equal(over.toolCalls, 2);
  assert.equal(over.tokens, 0);
  assert.equal(over.max, 2);
  // USD float noise is not an overshoot; a real cent is.
  assert.equal(maxOvershoot([{ spent: usage({ usd: 0.1 + 0.2 }), limits: { maxUsd: 0.3 } }]).max, 0);
  assert.equal(maxOvershoot([{ spent: usage({ usd: 0.31 }), limits: { maxUsd: 0.3 } }]).usd.toFixed(2), '0.01');
});

test('cell stats: accuracy, means, cost of pass, E³ and stop reasons over the runs of a cell', () => {
  const cost = { price: { input: 1, cachedInput: 1, output: 1 }, toolCallUsd: 0.001 };
  const runs = [
    record('a', true, { inputTokens: 1000, outputTokens: 0, toolCalls: 2 }),
    record('b', false, { inputTokens: 3000, outputTokens: 0, toolCalls: 4 }, { stoppedBy: 'budget:tool_calls', modelCalls: 3 }),
  ];
  const c = cellStats('react', 'tools:10', runs, cost);
  assert.equal(c.accuracy, 0.5);
  assert.equal(c.meanTokens, 2000);
  assert.equal(c.meanToolCalls, 3);
  assert.equal(c.meanModelCalls, 2);
  const total = 0.001 + 0.002 + 0.003 + 0.004;
  assert.ok(Math.abs(c.totalCostUsd - total) < 1e-12);
  assert.ok(Math.abs(c.costOfPassUsd! - total) < 1e-12);
  assert.equal(c.e3, 0.25 / 2000);
  assert.deepEqual(c.stoppedBy, { answer: 1, 'budget:tool_calls': 1 });
  assert.equal(c.capOvershoot, 0);
  const none = cellStats('react', 'tools:10', [record('a', false, { inputTokens: 10 })], cost);
  assert.equal(none.costOfPassUsd, null);
  assert.equal(none.e3, 0);
});

test('the report keeps grid order, counts missing runs, and the Markdown table shows ∞ and overshoot', () => {
  const budgets = parseBudgets(['tools:10']);
  const records = new Map<string, RunRecord>();
  const ok = record('a', true, { inputTokens: 100, toolCalls: 1 });
  const over = record('b', false, { toolCalls: 11 }, { key: resultKey('b', 'react', 'tools:10', 0) });
  records.set(ok.key, ok);
  records.set(over.key, over);
  const report = buildReport({
    suiteFile: 's.jsonl',
    taskIds: ['a', 'b', 'c'],
    strategies: ['react', 'bats'],
    budgets,
    repeats: 1,
    seed: 1,
    provider: 'openai',
    model: 'm',
    pricing: { input: null, cachedInput: null, output: null, toolCallUsd: 0.001, source: 'unpriced' },
    cost: { toolCallUsd: 0.001 },
    records,
  });
  assert.deepEqual(report.cells.map((c) => [c.strategy, c.runs, c.expectedRuns]), [['react', 2, 3], ['bats', 0, 3]]);
  assert.equal(report.totals.expectedRuns, 6);
  assert.equal(report.totals.completedRuns, 2);
  assert.equal(report.capsHeld, false);
  const md = markdownTable(report);
  assert.match(md, /\| react \| tools:10 \| 2\/3 \| 50\.0 % \(1\) \| \$0\.00600 \| \$0\.0120 \| 50 \| 6\.00 \| 5\.000e-3 \| \*\*1\*\* \|/);
  assert.match(md, /\| bats \| tools:10 \| 0\/3 \| 0\.0 % \(0\) \| \$0 \| ∞ \|/);
});

test('formatUsd', () => {
  assert.equal(formatUsd(null), '∞');
  assert.equal(formatUsd(0), '$0');
  assert.equal(formatUsd(1.234), '$1.23');
  assert.equal(formatUsd(0.0012345), '$0.00123');
});
