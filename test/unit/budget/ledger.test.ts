import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ledger } from '../../../src/core/budget/ledger';
import { RunBudget } from '../../../src/core/budget/run-budget';
import { ZERO_USAGE } from '../../../src/core/budget/usage';

const usage = (input: number, output: number, extra: Partial<typeof ZERO_USAGE> = {}) => ({ ...ZERO_USAGE, inputTokens: input, outputTokens: output, ...extra });

test('records keep their cause, sequence and timestamp', () => {
  let now = 1_000;
  const l = new Ledger({ clock: () => now });
  const a = l.record({ runId: 'r', step: 1, model: 'm', requestId: 'req-1', purpose: 'act' }, usage(10, 5), false);
  now = 2_000;
  const b = l.record({ runId: 'r', step: 2, tool: 'grep' }, usage(0, 0, { toolCalls: 1 }), false);
  assert.equal(a.seq, 1);
  assert.equal(b.seq, 2);
  assert.equal(a.ts, 1_000);
  assert.equal(b.ts, 2_000);
  assert.equal(l.records()[0]?.cause.requestId, 'req-1');
  assert.equal(l.toolCalls('grep'), 1);
  assert.deepEqual(l.toolCounts(), { grep: 1 });
});

test('used / remaining / fraction per resource, and wall time from an injected clock', () => {
  let now = 0;
  const l = new Ledger({ clock: () => now, limits: { maxTokens: 1000, maxOutputTokens: 200, maxSeconds: 60, maxToolCallsPerTool: { grep: 4 } } });
  l.record({ runId: 'r', step: 1 }, usage(300, 100), false);
  l.record({ runId: 'r', step: 1, tool: 'grep' }, usage(0, 0, { toolCalls: 1 }), false);
  now = 15_000;
  assert.equal(l.used('tokens'), 400);
  assert.equal(l.remaining('tokens'), 600);
  assert.equal(l.fractionRemaining('outputTokens'), 0.5);
  assert.equal(l.used('seconds'), 15);
  assert.equal(l.fractionRemaining('seconds'), 0.75);
  assert.equal(l.remaining('tool:grep'), 3);
  assert.equal(l.remaining('usd'), undefined, 'unlimited');
  assert.equal(l.fractionRemaining('usd'), 1);
  assert.equal(l.spent().seconds, 15);
  // Overshoot reads as 0 remaining, never negative.
  l.record({ runId: 'r', step: 2 }, usage(0, 500), false);
  assert.equal(l.remaining('outputTokens'), 0);
  assert.equal(l.fractionRemaining('outputTokens'), 0);
});

test('estimated vs reported usage: flag per record, separate totals', () => {
  const b = new RunBudget({ runId: 'r', model: 'gpt-4o-mini' });
  const reported = b.chargeModel({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 50, reasoningTokens: 0, estimated: false }, { runId: 'r', step: 1 });
  const counted = b.chargeModel({ inputTokens: 700, cachedInputTokens: 0, outputTokens: 30, reasoningTokens: 0, estimated: true }, { runId: 'r', step: 2 });
  assert.equal(reported.estimated, false);
  assert.equal(counted.estimated, true);
  assert.equal(reported.cause.model, 'gpt-4o-mini', 'default model is recorded in the cause');
  const est = b.ledger.estimated();
  assert.equal(est.records, 1);
  assert.equal(est.usage.inputTokens, 700);
  assert.equal(est.usage.outputTokens, 30);
  assert.equal(b.spent().inputTokens, 1700);
  assert.deepEqual(
    b.ledger.records().map((r) => r.estimated),
    [false, true],
  );
});

test('keepRecords=false keeps totals but not the list', () => {
  const l = new Ledger({ keepRecords: false });
  for (let i = 0; i < 100; i++) l.record({ runId: 'r', step: i }, usage(1, 1), false);
  assert.equal(l.records().length, 0);
  assert.equal(l.count(), 100);
  assert.equal(l.used('tokens'), 200);
});
