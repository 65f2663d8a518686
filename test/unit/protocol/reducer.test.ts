import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SERIES, MAX_TIMELINE, foldEvents, gaugesOf, initialPanelState, reduce } from '../../../src/core/protocol';
import type { PanelState } from '../../../src/core/protocol';
import { scriptedRun } from './script';

test('a long scripted run folds into exact totals equal to the ledger and the last spend event', () => {
  const { events, ledger, lastSpend } = scriptedRun({ steps: 600, deltasPerCall: 15, limits: { maxTokens: 5_000_000, maxToolCalls: 1_000, maxUsd: 5 } });
  assert.ok(events.length > 10_000);
  let state = initialPanelState();
  for (const e of events) state = reduce(state, e);
  assert.ok(lastSpend);
  assert.deepEqual(state.spent, lastSpend.spent);
  assert.deepEqual(state.spent, ledger);
  assert.equal(state.status, 'finished');
  assert.equal(state.run?.stoppedBy, 'answer');
  assert.equal(state.modelCalls, 600);
  assert.equal(state.toolCallsSeen, ledger.toolCalls);
  // bounded views, exact ends
  assert.equal(state.timeline.length, MAX_TIMELINE);
  assert.ok(state.timelineDropped > 0);
  assert.ok(state.series.length <= MAX_SERIES);
  const last = state.series[state.series.length - 1]!;
  assert.equal(last.usd, ledger.usd);
  assert.equal(last.tokens, ledger.inputTokens + ledger.outputTokens);
  assert.equal(last.toolCalls, ledger.toolCalls);
  assert.equal(state.series[0]!.t, 0);
  for (let i = 1; i < state.series.length; i++) assert.ok(state.series[i]!.t >= state.series[i - 1]!.t);
  assert.equal(state.answer?.final, true);
  assert.equal(state.answer?.verified, true);
});

test('folding in batches gives the same state as folding one event at a time', () => {
  const { events } = scriptedRun({ steps: 40 });
  let one = initialPanelState();
  for (const e of events) one = reduce(one, e);
  let batched = initialPanelState();
  for (let i = 0; i < events.length; i += 37) batched = foldEvents(batched, events.slice(i, i + 37));
  assert.deepEqual(batched, one);
});

test('the reducer never mutates the state it is given', () => {
  const { events } = scriptedRun({ steps: 6 });
  const mid = foldEvents(initialPanelState(), events.slice(0, 60));
  const frozen = JSON.stringify(mid);
  foldEvents(mid, events.slice(60));
  assert.equal(JSON.stringify(mid), frozen);
});

test('timeline records model calls, tool calls, verifier decisions, tier changes', () => {
  const { events } = scriptedRun({ steps: 12, limits: { maxTokens: 30_000, maxToolCalls: 10 } });
  const s = foldEvents(initialPanelState(), events);
  const kinds = new Set(s.timeline.map((t) => t.kind));
  for (const k of ['model', 'tool', 'verifier', 'tier']) assert.ok(kinds.has(k as never), k);
  const model = s.timeline.find((t) => t.kind === 'model');
  assert.ok(model && model.kind === 'model' && model.outputTokens > 0 && model.latencyMs > 0);
  const ids = s.timeline.map((t) => t.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  assert.notEqual(s.tier, 'HIGH');
  assert.equal(s.plan.length, 3);
  assert.equal(s.plan[0]!.status, 'done');
});

test('tokens/s is measured while streaming and cleared at the end', () => {
  const { events } = scriptedRun({ steps: 3, deltasPerCall: 40, msPerEvent: 10 });
  const firstCall = events.findIndex((e) => e.type === 'model_call');
  const streaming = foldEvents(initialPanelState(), events.slice(0, firstCall));
  assert.equal(streaming.streaming, true);
  assert.ok(streaming.tokensPerSec > 10 && streaming.tokensPerSec < 1_000, String(streaming.tokensPerSec));
  assert.ok(streaming.streamTail.length > 0);
  const after = foldEvents(streaming, events.slice(firstCall, firstCall + 1));
  assert.equal(after.streaming, false);
  assert.ok((after.lastCallTokensPerSec ?? 0) > 0);
  const done = foldEvents(after, events.slice(firstCall + 1));
  assert.equal(done.tokensPerSec, 0);
});

test('a new run resets the panel; events of another run are ignored while one runs', () => {
  const a = scriptedRun({ runId: 'a', steps: 3 });
  const b = scriptedRun({ runId: 'b', steps: 3, unfinished: true, startTs: 1_800_000_000_000 });
  let s: PanelState = foldEvents(initialPanelState(), a.events);
  s = foldEvents(s, b.events);
  assert.equal(s.run?.runId, 'b');
  assert.equal(s.status, 'running');
  assert.deepEqual(s.spent, b.ledger);
  const stray = { ...a.events[5]!, runId: 'zzz' };
  const s2 = reduce(s, stray);
  assert.equal(s2.eventsIgnored, s.eventsIgnored + 1);
  assert.deepEqual(s2.spent, s.spent);
});

test('gauges show limited resources first, with fraction and per-resource tier', () => {
  const g = gaugesOf(
    { inputTokens: 700, cachedInputTokens: 0, outputTokens: 200, reasoningTokens: 0, toolCalls: 9, usd: 0.02, seconds: 3 },
    { maxTokens: 1_000, maxToolCalls: 10 },
  );
  assert.deepEqual(g.slice(0, 2).map((x) => x.key), ['tokens', 'toolCalls']);
  assert.equal(g[0]!.fraction, 0.9);
  assert.equal(g[0]!.tier, 'LOW');
  assert.equal(g[1]!.tier, 'LOW');
  assert.equal(g.find((x) => x.key === 'usd')!.limit, null);
  const over = gaugesOf({ inputTokens: 2_000, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, toolCalls: 0, usd: 0, seconds: 0 }, { maxTokens: 1_000 });
  assert.equal(over[0]!.fraction, 1);
  assert.equal(over[0]!.tier, 'CRITICAL');
});
