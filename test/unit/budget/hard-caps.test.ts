// Adversarial fakes against the hard caps: a "server" that always answers with
// the longest completion it is allowed, bills more input than estimated, and
// an agent that always asks for one more tool call. Recorded totals must never
// exceed a cap by more than the input-estimation error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunBudget } from '../../../src/core/budget/run-budget';
import { WorkspaceBudget } from '../../../src/core/budget/workspace';
import { BudgetScope } from '../../../src/core/budget/scope';
import { PriceTable } from '../../../src/core/budget/pricing';
import type { BudgetGate } from '../../../src/core/budget/gate';

/** Deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Greedy {
  calls: number;
  /** Largest (billed input − held input) over all calls: the estimation error. */
  maxInputExcess: number;
  stoppedBy?: string;
}

/**
 * One greedy agent: plans, "sends", and the fake server bills the whole
 * allowed completion (all of it reasoning when thinking) and `inflate` × the
 * estimated input. Yields between plan and charge so runs interleave.
 */
async function greedyRun(b: BudgetGate, model: string, inflate: number, rand: () => number, margin = 0.1, cached = 0): Promise<Greedy> {
  const out: Greedy = { calls: 0, maxInputExcess: 0 };
  for (let step = 0; step < 10_000; step++) {
    const est = 50 + Math.floor(rand() * 400);
    const plan = b.planCompletion({ model, estimatedInputTokens: est, wantedMaxOutputTokens: 100_000 });
    if (!plan.ok) {
      out.stoppedBy = plan.stoppedBy;
      return out;
    }
    await new Promise((r) => setImmediate(r));
    const billedInput = Math.ceil(est * inflate);
    out.maxInputExcess = Math.max(out.maxInputExcess, billedInput - Math.ceil(est * (1 + margin) - 1e-9));
    b.chargeModel(
      { inputTokens: billedInput, cachedInputTokens: Math.floor(billedInput * cached), outputTokens: plan.maxOutputTokens, reasoningTokens: 0, estimated: false },
      { runId: 'x', step, model },
      plan.reservation,
    );
    out.calls++;
  }
  throw new Error('greedy run never stopped');
}

test('longest completions with input within the margin: token caps are never exceeded', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rand = rng(seed);
    const b = new RunBudget({ runId: 'r', limits: { maxTokens: 5_000 + seed * 997, maxOutputTokens: 3_000 + seed * 101 } });
    const res = await greedyRun(b, 'gpt-4o', 1 + rand() * 0.1, rand);
    const s = b.spent();
    assert.ok(s.inputTokens + s.outputTokens <= b.limits.maxTokens!, `seed ${seed}: ${s.inputTokens + s.outputTokens} > ${b.limits.maxTokens}`);
    assert.ok(s.outputTokens <= b.limits.maxOutputTokens!);
    assert.equal(res.stoppedBy, 'budget:tokens');
    assert.ok(res.calls >= 1);
  }
});

test('usage larger than estimated: overshoot bounded by the input-estimation error', async () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rand = rng(seed);
    const cap = 20_000;
    const b = new RunBudget({ runId: 'r', limits: { maxTokens: cap } });
    const res = await greedyRun(b, 'gpt-4o', 1.5, rand);
    const s = b.spent();
    const total = s.inputTokens + s.outputTokens;
    assert.ok(res.maxInputExcess > 0, 'the fake really under-reports its input');
    assert.ok(total <= cap + res.maxInputExcess, `seed ${seed}: ${total} > ${cap} + ${res.maxInputExcess}`);
  }
});

test('money cap with greedy completions: spend stays within the cap (and within the input error when under-estimated)', async () => {
  for (const inflate of [1.05, 1.6]) {
    const rand = rng(7);
    const b = new RunBudget({ runId: 'r', limits: { maxUsd: 0.25 } });
    const res = await greedyRun(b, 'gpt-4.1', inflate, rand, 0.1, 0.3);
    const inputPricePerToken = 2 / 1e6; // gpt-4.1 uncached input, the worst case
    const slack = Math.max(0, res.maxInputExcess) * inputPricePerToken + 1e-9;
    assert.ok(b.spent().usd <= 0.25 + slack, `inflate ${inflate}: $${b.spent().usd}`);
    assert.equal(res.stoppedBy, 'budget:usd');
    assert.ok(b.spent().usd > 0.2, 'the run used most of its money before stopping');
  }
});

test('an agent that always wants another tool call gets exactly the cap', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxToolCalls: 37 } });
  let granted = 0;
  for (let i = 0; i < 1000; i++) {
    const p = b.reserveToolCall(i % 2 ? 'grep' : 'read_file');
    if (!p.ok) break;
    granted++;
    b.chargeTool(i % 2 ? 'grep' : 'read_file', { runId: 'r', step: i }, p.reservation);
  }
  assert.equal(granted, 37);
  assert.equal(b.spent().toolCalls, 37);
});

test('concurrent runs sharing a workspace daily cap do not jointly overshoot it', async () => {
  const now = Date.UTC(2025, 5, 1, 12);
  const ws = new WorkspaceBudget({ dailyUsd: 0.5, monthlyUsd: 100, clock: () => now, utc: true, pastDays: new Map([['2025-06-01', { usd: 0.1 }]]) });
  const pricing = new PriceTable();
  const runs = Array.from({ length: 4 }, (_, i) => new RunBudget({ runId: `r${i}`, parent: ws, pricing, clock: () => now }));
  const results = await Promise.all(runs.map((b, i) => greedyRun(b, 'gpt-4o-mini', 1.1, rng(100 + i))));
  const runSpend = runs.reduce((s, b) => s + b.spent().usd, 0);
  assert.ok(Math.abs(ws.spentToday() - 0.1 - runSpend) < 1e-9, 'workspace committed what the runs recorded');
  assert.ok(ws.spentToday() <= 0.5 + 1e-9, `jointly spent $${ws.spentToday()}`);
  assert.ok(ws.spentToday() > 0.45, 'and used nearly all of it');
  assert.ok(results.every((r) => r.stoppedBy === 'budget:usd'));
  assert.equal(ws.reservedUsd(), 0, 'every hold was settled');
});

test('a hold by one run shrinks what the next run may plan', () => {
  const ws = new WorkspaceBudget({ dailyUsd: 0.01 });
  const a = new RunBudget({ runId: 'a', parent: ws });
  const b = new RunBudget({ runId: 'b', parent: ws });
  const pa = a.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 100, wantedMaxOutputTokens: 500 });
  assert.ok(pa.ok);
  const before = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 100 });
  assert.ok(before.ok);
  before.reservation.release();
  // $0.01 − a's hold (110×2.5e-6 + 500×1e-5 = $0.005275) leaves room for fewer tokens.
  assert.ok(before.maxOutputTokens >= 444 && before.maxOutputTokens <= 445, String(before.maxOutputTokens));
  pa.reservation.release();
  const after = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 100 });
  assert.ok(after.ok && after.maxOutputTokens > before.maxOutputTokens);
  assert.equal(b.fractionRemaining().resource, 'workspace.daily:usd');
});

test('a shared token scope among runs, under a workspace: no level is overshot', async () => {
  const ws = new WorkspaceBudget({ monthlyUsd: 1 });
  const team = new BudgetScope('team', { maxTokens: 30_000, maxToolCalls: 10 }, ws);
  const runs = Array.from({ length: 3 }, (_, i) => new RunBudget({ runId: `t${i}`, parent: team, limits: { maxTokens: 15_000 } }));
  await Promise.all(runs.map((b, i) => greedyRun(b, 'gpt-4o-mini', 1.0, rng(i + 1))));
  const teamTokens = team.spent().tokens;
  assert.ok(teamTokens <= 30_000, `team spent ${teamTokens}`);
  assert.ok(teamTokens > 28_000);
  for (const b of runs) assert.ok(b.spent().inputTokens + b.spent().outputTokens <= 15_000);
  let tools = 0;
  for (const b of runs) for (;;) {
    const p = b.reserveToolCall('x');
    if (!p.ok) break;
    b.chargeTool('x', { runId: b.runId, step: 0 }, p.reservation);
    tools++;
  }
  assert.equal(tools, 10);
});
