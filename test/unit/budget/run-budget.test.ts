import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunBudget } from '../../../src/core/budget/run-budget';
import { PriceTable } from '../../../src/core/budget/pricing';
import { EventStream } from '../../../src/core/events/emitter';
import type { AgentEvent } from '../../../src/core/events/types';

const reported = (input: number, output: number, reasoning = 0) => ({ inputTokens: input, cachedInputTokens: 0, outputTokens: output, reasoningTokens: reasoning, estimated: false });
const cause = (step: number) => ({ runId: 'r', step, model: 'gpt-4o' });

function collect(): { events: EventStream; seen: AgentEvent[] } {
  const events = new EventStream();
  const seen: AgentEvent[] = [];
  events.on((e) => seen.push(e));
  return { events, seen };
}

test('plan holds input × margin plus the clamp; a charge settles the hold', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxTokens: 10_000 }, inputSafetyMargin: 0.1 });
  const plan = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 1000 });
  assert.ok(plan.ok);
  assert.equal(plan.maxOutputTokens, 10_000 - 1100);
  assert.equal(b.reserved().tokens, 10_000);
  assert.equal(b.remaining().inputTokens, 0);
  b.chargeModel(reported(1000, 200), cause(1), plan.reservation);
  assert.equal(b.reserved().tokens, 0);
  assert.equal(b.remaining().inputTokens, 8_800);
  plan.reservation.release(); // a second release is harmless
  assert.equal(b.reserved().tokens, 0);
});

test('refuses below minUsefulOutputTokens with the binding cap as stop reason', () => {
  const { events, seen } = collect();
  const b = new RunBudget({ runId: 'r', limits: { maxTokens: 1000 }, inputSafetyMargin: 0, events });
  b.chargeModel(reported(900, 84), cause(1));
  // 16 left: exactly the minimum is allowed.
  const ok = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 0 });
  assert.ok(ok.ok);
  assert.equal(ok.maxOutputTokens, 16);
  ok.reservation.release();
  const no = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 1 });
  assert.equal(no.ok, false);
  assert.equal(!no.ok && no.stoppedBy, 'budget:tokens');
  const refused = seen.filter((e) => e.type === 'budget_refused');
  assert.equal(refused.length, 1);
  // A caller may lower the minimum.
  const small = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 1, minUsefulOutputTokens: 5 });
  assert.ok(small.ok && small.maxOutputTokens === 15);
});

test('wanted max is honoured and never raised; default applies when nothing bounds it', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxOutputTokens: 500 } });
  const p1 = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 10, wantedMaxOutputTokens: 100 });
  assert.ok(p1.ok && p1.maxOutputTokens === 100);
  p1.reservation.release();
  const p2 = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 10, wantedMaxOutputTokens: 5000 });
  assert.ok(p2.ok && p2.maxOutputTokens === 500);
  const free = new RunBudget({ runId: 'f', defaultMaxOutputTokens: 1234 });
  const p3 = free.planCompletion({ model: 'x', estimatedInputTokens: 10 });
  assert.ok(p3.ok && p3.maxOutputTokens === 1234);
});

test('money cap: unpriced model is refused with an actionable reason; local model is free', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxUsd: 1 } });
  const p = b.planCompletion({ model: 'mystery-model', estimatedInputTokens: 10 });
  assert.equal(p.ok, false);
  assert.ok(!p.ok && p.stoppedBy === 'budget:usd' && /no price/.test(p.reason));
  const local = new RunBudget({ runId: 'l', limits: { maxUsd: 1, maxOutputTokens: 300 }, provider: 'onnx' });
  const lp = local.planCompletion({ model: 'stories260K', estimatedInputTokens: 10 });
  assert.ok(lp.ok && lp.maxOutputTokens === 300);
  local.chargeModel(reported(10, 300), { runId: 'l', step: 1, model: 'stories260K' }, lp.reservation);
  assert.equal(local.spent().usd, 0);
  assert.equal(local.spent().outputTokens, 300);
});

test('thinking plan returns the thinking allowance', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxThinkingTokens: 2000, maxOutputTokens: 8000 } });
  const p = b.planCompletion({ model: 'o4-mini', estimatedInputTokens: 100, thinking: true });
  assert.ok(p.ok);
  assert.equal(p.maxOutputTokens, 8000);
  assert.equal(p.maxThinkingTokens, 2000);
  b.chargeModel(reported(100, 2500, 2000), { runId: 'r', step: 1, model: 'o4-mini' }, p.reservation);
  const q = b.planCompletion({ model: 'o4-mini', estimatedInputTokens: 100, thinking: true, thinkingEnforced: false });
  assert.equal(q.ok, false, 'thinking exhausted and not enforceable: nothing safe to send');
  const r = b.planCompletion({ model: 'o4-mini', estimatedInputTokens: 100, thinking: true });
  assert.ok(r.ok && r.maxThinkingTokens === 0 && r.maxOutputTokens === 5500);
});

test('tool calls: total cap and per-tool cap refuse, reservations count', () => {
  const { events, seen } = collect();
  const b = new RunBudget({ runId: 'r', limits: { maxToolCalls: 3, maxToolCallsPerTool: { run_command: 1 } }, events });
  const a = b.reserveToolCall('run_command');
  assert.ok(a.ok);
  const again = b.reserveToolCall('run_command');
  assert.ok(!again.ok && again.stoppedBy === 'budget:tool_calls', 'held call counts against the per-tool cap');
  if (a.ok) b.chargeTool('run_command', { runId: 'r', step: 1 }, a.reservation);
  const g1 = b.reserveToolCall('grep');
  const g2 = b.reserveToolCall('grep');
  assert.ok(g1.ok && g2.ok);
  const g3 = b.reserveToolCall('grep');
  assert.ok(!g3.ok && /tool-call cap of 3/.test(g3.reason));
  g2.reservation.release();
  assert.ok(b.reserveToolCall('grep').ok, 'a released call frees its slot');
  assert.equal(b.ledger.toolCalls('run_command'), 1);
  assert.equal(seen.filter((e) => e.type === 'budget_refused').length, 2);
});

test('tool calls are priced (BATS P_i) and refused when the money cap cannot pay', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxUsd: 0.0025 }, pricing: new PriceTable({ tools: { search: 0.001 } }) });
  for (let i = 0; i < 2; i++) {
    const p = b.reserveToolCall('search');
    assert.ok(p.ok);
    b.chargeTool('search', { runId: 'r', step: i }, p.reservation);
  }
  const p = b.reserveToolCall('search');
  assert.ok(!p.ok && p.stoppedBy === 'budget:usd');
  assert.ok(Math.abs(b.spent().usd - 0.002) < 1e-12);
  assert.ok(Math.abs(b.unifiedCostUsd('gpt-4o') - 0.002) < 1e-12);
});

test('checkTime and planning stop at the wall-time cap', () => {
  let now = 0;
  const b = new RunBudget({ runId: 'r', limits: { maxSeconds: 10 }, clock: () => now });
  assert.equal(b.checkTime(), null);
  now = 9_999;
  assert.equal(b.checkTime(), null);
  now = 10_000;
  assert.equal(b.checkTime(), 'budget:time');
  const p = b.planCompletion({ model: 'gpt-4o', estimatedInputTokens: 1 });
  assert.ok(!p.ok && p.stoppedBy === 'budget:time');
  const t = b.reserveToolCall('grep');
  assert.ok(!t.ok && t.stoppedBy === 'budget:time');
});

test("'spend' after every charge and 'tier_changed' only on change", () => {
  const { events, seen } = collect();
  const b = new RunBudget({ runId: 'r', limits: { maxTokens: 1000 }, events });
  b.chargeModel(reported(100, 100), cause(1)); // 80 % HIGH
  b.chargeModel(reported(100, 100), cause(2)); // 60 % MEDIUM
  b.chargeModel(reported(50, 50), cause(3)); // 50 % MEDIUM
  b.chargeModel(reported(400, 100), cause(4)); // 0 % CRITICAL
  const spends = seen.filter((e) => e.type === 'spend');
  assert.equal(spends.length, 4);
  const last = spends[3];
  assert.ok(last?.type === 'spend' && last.spent.inputTokens === 650 && last.tier === 'CRITICAL' && last.fractionRemaining === 0);
  const changes = seen.filter((e) => e.type === 'tier_changed').map((e) => (e.type === 'tier_changed' ? `${e.from}>${e.to}:${e.resource}` : ''));
  assert.deepEqual(changes, ['HIGH>MEDIUM:tokens', 'MEDIUM>CRITICAL:tokens']);
});

test('remaining() reports the tightest level of the chain', () => {
  const b = new RunBudget({ runId: 'r', limits: { maxTokens: 1000, maxOutputTokens: 300, maxToolCalls: 5 } });
  b.chargeModel(reported(600, 100), cause(1));
  assert.deepEqual(b.remaining(), { inputTokens: 300, outputTokens: 200, toolCalls: 5 });
});
