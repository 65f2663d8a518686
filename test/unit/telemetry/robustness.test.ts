// The exporter must never break or stall a run: a dead collector, a stream
// attached mid-run, a shutdown before run_finished.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { EventStream } from '../../../src/core/events/emitter';
import { createOtelExporter } from '../../../src/core/telemetry';
import { OtlpReceiver, attrs, metricTotal } from './otlp-receiver';
import { TOOL_USD, scriptedRun } from './scripted-run';
import type { AgentEvent } from '../../../src/core/events/types';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an unreachable collector: flush and shutdown resolve, errors reported without header values', async () => {
  const errors: string[] = [];
  const otel = createOtelExporter({
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    headers: { authorization: 'Bearer never-log-me' },
    exportTimeoutMs: 300,
    onError: (m) => errors.push(m),
  });
  const stream = new EventStream();
  otel.attach(stream);
  for (const e of scriptedRun().events) stream.emit(e);
  const t0 = Date.now();
  await otel.flush();
  await otel.shutdown();
  assert.ok(Date.now() - t0 < 5000, 'a dead collector does not hold the run up');
  assert.ok(errors.some((m) => m.includes('span export failed')), `span failure reported: ${errors.join(' | ')}`);
  assert.ok(errors.some((m) => m.includes('metric export failed')), `metric failure reported: ${errors.join(' | ')}`);
  assert.ok(errors.every((m) => m.startsWith('OpenTelemetry ') && !m.includes('never-log-me')));
});

test('attached mid-run, and shut down before run_finished: spans still get a parent, marked incomplete', async () => {
  const receiver = await new OtlpReceiver().start();
  try {
    const otel = createOtelExporter({ endpoint: receiver.url });
    const stream = new EventStream();
    otel.attach(stream);
    const { events } = scriptedRun('late');
    // Skip run_started and everything from run_finished on.
    const firstCall = events.findIndex((e) => e.type === 'model_call');
    for (const e of events.slice(firstCall).filter((e) => e.type !== 'run_finished')) stream.emit(e);
    await otel.shutdown();
    const spans = receiver.spans();
    const root = spans.find((s) => s.name === 'invoke_agent');
    assert.ok(root, 'a parent span is created for a run seen mid-stream');
    assert.equal(attrs(root.attributes)['budget_agent.incomplete'], true);
    assert.equal(spans.filter((s) => s.parentSpanId === root.spanId).length, 5);
  } finally {
    await receiver.stop();
  }
});

test('a disposed subscription stops exporting; concurrent runs get separate traces', async () => {
  const receiver = await new OtlpReceiver().start();
  try {
    const otel = createOtelExporter({ endpoint: receiver.url });
    const a = new EventStream();
    const b = new EventStream();
    otel.attach(a);
    const subB = otel.attach(b);
    const runA = scriptedRun('A').events;
    const runB = scriptedRun('B').events;
    // Interleave the two runs, as two agents sharing one exporter would.
    for (let i = 0; i < Math.max(runA.length, runB.length); i++) {
      if (runA[i]) a.emit(runA[i]!);
      if (runB[i]) b.emit(runB[i]!);
    }
    subB.dispose();
    b.emit(scriptedRun('C').events[0]!);
    await otel.shutdown();
    const roots = receiver.spans().filter((s) => s.name === 'invoke_agent');
    assert.deepEqual(roots.map((r) => attrs(r.attributes)['gen_ai.conversation.id']).sort(), ['A', 'B']);
    assert.notEqual(roots[0]!.traceId, roots[1]!.traceId);
  } finally {
    await receiver.stop();
  }
});

test('spend that no event carried (a tool that threw, a failed model call) still reaches the cost counter', async () => {
  const receiver = await new OtlpReceiver().start();
  try {
    const otel = createOtelExporter({ endpoint: receiver.url });
    const stream = new EventStream();
    otel.attach(stream);
    const { events, spent } = scriptedRun('odd');
    const finished = events.pop() as Extract<AgentEvent, { type: 'run_finished' }>;
    const limits = finished.limits;
    // A tool that threw: charged (spend event) but no tool_call event follows.
    const thrown = { ...spent, toolCalls: spent.toolCalls + 1, usd: spent.usd + TOOL_USD };
    // A model call that failed after a partial charge: model_call with finishReason 'error'.
    const failed = { ...thrown, inputTokens: thrown.inputTokens + 100, usd: thrown.usd + 0.0001 };
    const ts = finished.ts;
    for (const e of events) stream.emit(e);
    stream.emit({ runId: 'odd', ts, type: 'spend', spent: thrown, limits, fractionRemaining: 0.9, tier: 'HIGH' });
    stream.emit({ runId: 'odd', ts, type: 'spend', spent: failed, limits, fractionRemaining: 0.9, tier: 'HIGH' });
    stream.emit({ runId: 'odd', ts, type: 'model_call', step: 4, model: 'gpt-4o-mini', maxOutputTokens: 256, inputTokens: 100, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, usd: 0.0001, latencyMs: 30, estimated: false, finishReason: 'error', purpose: 'act' });
    stream.emit({ ...finished, stoppedBy: 'error', error: 'SECRET_provider_said_no', spent: failed });
    await otel.shutdown();
    const total = metricTotal(receiver.latestMetrics(), 'budget_agent.cost.usd');
    assert.ok(Math.abs(total - failed.usd) < 1e-9, `${total} != ${failed.usd}`);
    const errored = receiver.spans().filter((s) => s.status?.code === 2).map((s) => s.name).sort();
    assert.deepEqual(errored, ['chat gpt-4o-mini', 'execute_tool run_command', 'invoke_agent']);
    assert.ok(!receiver.allText.includes('SECRET_'), 'error messages are content: not exported by default');
  } finally {
    await receiver.stop();
  }
});
