import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PROTOCOL_VERSION,
  agentEventSchema,
  foldEvents,
  initialPanelState,
  parseToExtension,
  parseToWebview,
} from '../../../src/core/protocol';
import { scriptedRun } from './script';

test('every event of a scripted run passes the AgentEvent schema unchanged', () => {
  const { events } = scriptedRun({ steps: 9 });
  for (const e of events) {
    const r = agentEventSchema.safeParse(e);
    assert.ok(r.success, `${e.type}: ${r.success ? '' : r.error.message}`);
    assert.deepEqual(r.data, e);
  }
});

test('valid extension → webview messages are accepted', () => {
  const { events } = scriptedRun({ steps: 6 });
  const state = foldEvents(initialPanelState(), events);
  const ok: unknown[] = [
    { type: 'snapshot', protocol: PROTOCOL_VERSION, state },
    { type: 'snapshot', protocol: PROTOCOL_VERSION, state: initialPanelState() },
    { type: 'events', events },
    { type: 'events', events: [] },
    {
      type: 'config',
      config: {
        budgets: { maxTokens: 50_000, maxUsd: 0.5, dailyUsd: null },
        strategies: ['react', 'bats'],
        models: [{ id: 'onnx:stories260K', label: 'stories260K (local)', provider: 'onnx' }],
        selectedStrategy: 'bats',
        selectedModel: null,
      },
    },
    {
      type: 'history',
      history: {
        runs: [{ runId: 'r', ts: 1, task: 't', strategy: 'react', model: 'm', stoppedBy: 'answer', spent: state.spent, steps: 3 }],
        daily: [{ period: '2025-01-02', usd: 0.1, tokens: 10, toolCalls: 1, runs: 1 }],
        monthly: [{ period: '2025-01', usd: 0.1, tokens: 10, toolCalls: 1, runs: 1 }],
        caps: { dailyUsd: 1, monthlyUsd: null },
      },
    },
    { type: 'budgetResult', key: 'maxUsd', ok: true, value: 1 },
    { type: 'budgetResult', key: 'maxUsd', ok: false, value: null, error: 'not allowed' },
    { type: 'error', message: 'no model configured', context: 'run' },
  ];
  for (const m of ok) {
    const r = parseToWebview(m);
    assert.ok(r.ok, r.ok ? '' : r.reason);
  }
});

test('invalid extension → webview messages are rejected with a reason', () => {
  const bad: unknown[] = [
    null,
    'snapshot',
    42,
    {},
    { type: 'nope' },
    { type: 'snapshot', protocol: 99, state: initialPanelState() },
    { type: 'snapshot', protocol: PROTOCOL_VERSION, state: { ...initialPanelState(), tier: 'ULTRA' } },
    { type: 'events', events: [{ type: 'spend', runId: 'r', ts: 1 }] },
    { type: 'events', events: [{ type: 'model_call', runId: 'r', ts: 1, step: 1 }] },
    { type: 'events', events: [{ type: 'unknown_event', runId: 'r', ts: 1 }] },
    { type: 'events', events: [{ type: 'text_delta', runId: 'r', ts: Number.NaN, step: 1, delta: 'x' }] },
    { type: 'budgetResult', key: 'maxFoo', ok: true, value: 1 },
    { type: 'config', config: { budgets: { maxTokens: -5 }, strategies: [], models: [], selectedStrategy: null, selectedModel: null } },
    { type: 'error' },
  ];
  for (const m of bad) {
    const r = parseToWebview(m);
    assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 120));
    if (!r.ok) assert.match(r.reason, /invalid/);
  }
});

test('valid webview → extension messages are accepted', () => {
  const ok: unknown[] = [
    { type: 'ready', protocol: PROTOCOL_VERSION },
    { type: 'runTask', task: 'Summarize README.md', strategy: 'bats', model: 'onnx:stories260K' },
    { type: 'runTask', task: 'x', strategy: 'auto', model: null },
    { type: 'stop' },
    { type: 'setBudget', key: 'maxTokens', value: 10_000 },
    { type: 'setBudget', key: 'dailyUsd', value: null },
    { type: 'requestHistory' },
    { type: 'requestConfig' },
    { type: 'selectModel', model: 'gpt-4.1-mini' },
    { type: 'selectStrategy', strategy: 'react' },
  ];
  for (const m of ok) {
    const r = parseToExtension(m);
    assert.ok(r.ok, r.ok ? '' : r.reason);
  }
  const trimmed = parseToExtension({ type: 'runTask', task: '  hello  ', strategy: 'react', model: null });
  assert.ok(trimmed.ok && trimmed.message.type === 'runTask' && trimmed.message.task === 'hello');
});

test('invalid webview → extension messages are rejected with a reason', () => {
  const bad: unknown[] = [
    undefined,
    [],
    { type: 'ready' },
    { type: 'ready', protocol: 2 },
    { type: 'runTask', task: '   ', strategy: 'bats', model: null },
    { type: 'runTask', task: 'x', strategy: '', model: null },
    { type: 'runTask', task: 5, strategy: 'bats', model: null },
    { type: 'setBudget', key: 'maxTokens', value: -1 },
    { type: 'setBudget', key: 'maxTokens', value: '100' },
    { type: 'setBudget', key: 'maxTokens', value: Number.POSITIVE_INFINITY },
    { type: 'setBudget', key: 'constructor', value: 1 },
    { type: 'selectModel', model: '' },
    { type: 'eval', code: 'alert(1)' },
  ];
  for (const m of bad) {
    const r = parseToExtension(m);
    assert.equal(r.ok, false, JSON.stringify(m) ?? 'undefined');
    if (!r.ok) assert.ok(r.reason.length > 0);
  }
});

test('unknown extra fields are stripped, not passed through', () => {
  const r = parseToExtension({ type: 'stop', __proto__x: 1, extra: 'y' });
  assert.ok(r.ok);
  assert.deepEqual(r.ok && r.message, { type: 'stop' });
});
