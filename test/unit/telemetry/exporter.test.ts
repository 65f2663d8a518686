import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventStream } from '../../../src/core/events/emitter';
import { createOtelExporter } from '../../../src/core/telemetry';
import type { OtelExporterOptions } from '../../../src/core/telemetry';
import { OtlpReceiver, attrs, metricTotal } from './otlp-receiver';
import { CALLS, LIMITS, SECRETS, T0, TOOL_USD, scriptedRun } from './scripted-run';

let receiver: OtlpReceiver;
before(async () => {
  receiver = await new OtlpReceiver().start();
});
after(async () => {
  await receiver.stop();
});

/** Replays the scripted run through a fresh exporter and returns what reached the receiver. */
async function exportRun(extra: Partial<OtelExporterOptions> = {}) {
  const from = receiver.received.length;
  const errors: string[] = [];
  const otel = createOtelExporter({
    endpoint: receiver.url,
    headers: { authorization: 'Bearer team-token-123' },
    team: 'payments',
    user: 'alice',
    // Long intervals: everything must arrive through flush(), keeping the test deterministic.
    spanExportIntervalMs: 60_000,
    metricExportIntervalMs: 60_000,
    onError: (m) => errors.push(m),
    ...extra,
  });
  const stream = new EventStream();
  const sub = otel.attach(stream);
  const { events, spent } = scriptedRun();
  for (const e of events) stream.emit(e);
  sub.dispose();
  await otel.flush();
  await otel.shutdown();
  const got = receiver.received.slice(from);
  const view = Object.assign(new OtlpReceiver(), { received: got });
  return { view, spent, errors, got };
}

const approx = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} != ${b}`);

test('exports invoke_agent > chat / execute_tool spans with GenAI and budget attributes', async () => {
  const { view, spent, errors, got } = await exportRun();
  assert.deepEqual(errors, []);
  assert.ok(got.some((r) => r.path === '/v1/traces'), 'traces were posted to /v1/traces');
  assert.ok(got.some((r) => r.path === '/v1/metrics'), 'metrics were posted to /v1/metrics');
  assert.ok(got.every((r) => r.headers.authorization === 'Bearer team-token-123'), 'configured headers are sent');
  assert.match(String(got[0]?.headers['content-type']), /json/);

  const spans = view.spans();
  const names = spans.map((s) => s.name).sort();
  assert.deepEqual(names, ['chat gpt-4o-mini', 'chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool read_file', 'execute_tool run_command', 'invoke_agent']);

  const root = spans.find((s) => s.name === 'invoke_agent')!;
  assert.ok(!root.parentSpanId, 'the run span is a root');
  for (const child of spans.filter((s) => s !== root)) {
    assert.equal(child.parentSpanId, root.spanId, `${child.name} is a child of invoke_agent`);
    assert.equal(child.traceId, root.traceId);
  }
  assert.equal(root.resource['service.name'], 'budget-agent');
  assert.equal(root.resource['budget_agent.team'], 'payments');
  assert.equal(root.resource['user.name'], 'alice');

  // Times come from the events: run span starts at run_started.ts, chat spans span latencyMs.
  assert.equal(BigInt(root.startTimeUnixNano), BigInt(T0) * 1_000_000n);
  const chats = spans.filter((s) => s.name.startsWith('chat ')).sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
  chats.forEach((s, i) => {
    assert.equal(Number((BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1_000_000n), CALLS[i]!.latencyMs);
  });

  const chatAttrs = chats.map((s) => attrs(s.attributes));
  assert.equal(chatAttrs[0]!['gen_ai.operation.name'], 'chat');
  assert.equal(chatAttrs[0]!['gen_ai.provider.name'], 'openai');
  assert.equal(chatAttrs[0]!['gen_ai.request.model'], 'gpt-4o-mini');
  assert.equal(chatAttrs[1]!['gen_ai.usage.cache_read.input_tokens'], 1024);
  assert.equal(chatAttrs[0]!['gen_ai.usage.reasoning.output_tokens'], 100);
  assert.equal(chatAttrs[1]!['budget_agent.estimated'], true);
  const sum = (list: Array<Record<string, unknown>>, key: string) => list.reduce((acc, a) => acc + Number(a[key]), 0);
  // Token totals of the chat spans, and cost of chat + tool spans, equal what the ledger recorded.
  assert.equal(sum(chatAttrs, 'gen_ai.usage.input_tokens'), spent.inputTokens);
  assert.equal(sum(chatAttrs, 'gen_ai.usage.output_tokens'), spent.outputTokens);
  const toolAttrs = spans.filter((s) => s.name.startsWith('execute_tool ')).map((s) => attrs(s.attributes));
  assert.equal(toolAttrs.length, 2);
  for (const a of toolAttrs) approx(Number(a['budget_agent.cost.usd']), TOOL_USD); // read from the spend events
  approx(sum(chatAttrs, 'budget_agent.cost.usd') + sum(toolAttrs, 'budget_agent.cost.usd'), spent.usd);

  const run = attrs(root.attributes);
  assert.equal(run['gen_ai.operation.name'], 'invoke_agent');
  assert.equal(run['gen_ai.usage.input_tokens'], spent.inputTokens);
  assert.equal(run['gen_ai.usage.output_tokens'], spent.outputTokens);
  approx(Number(run['budget_agent.cost.usd']), spent.usd);
  assert.equal(run['budget_agent.budget.limit.usd'], LIMITS.maxUsd);
  approx(Number(run['budget_agent.budget.remaining.usd']), (LIMITS.maxUsd as number) - spent.usd);
  assert.equal(run['budget_agent.budget.remaining.tool_calls'], 8);
  assert.equal(run['budget_agent.stopped_by'], 'answer');
  assert.equal(run['budget_agent.tier'], 'MEDIUM', 'the latest tier (tier_changed came last)');
  assert.equal(run['budget_agent.estimated'], true);
  assert.ok(root.events?.some((e) => e.name === 'budget_agent.tier_changed'));

  const failed = spans.find((s) => s.name === 'execute_tool run_command')!;
  assert.equal(failed.status?.code, 2, 'a failed tool call is an error span');
  assert.equal(attrs(failed.attributes)['error.type'], 'tool_error');
  assert.equal(attrs(failed.attributes)['gen_ai.tool.name'], 'run_command');
});

test('metrics: token usage by type, duration and cost counter match the ledger', async () => {
  const { view, spent } = await exportRun();
  const metrics = view.latestMetrics();
  const names = metrics.map((m) => m.name);
  for (const n of ['gen_ai.client.token.usage', 'gen_ai.client.operation.duration', 'budget_agent.cost.usd', 'budget_agent.tool.calls']) {
    assert.ok(names.includes(n), `metric ${n} exported (got ${names.join(', ')})`);
  }
  assert.equal(metricTotal(metrics, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'input' }), spent.inputTokens);
  assert.equal(metricTotal(metrics, 'gen_ai.client.token.usage', { 'gen_ai.token.type': 'output' }), spent.outputTokens);
  approx(metricTotal(metrics, 'budget_agent.cost.usd'), spent.usd);
  approx(metricTotal(metrics, 'budget_agent.cost.usd', { 'gen_ai.request.model': 'gpt-4o-mini' }), CALLS.reduce((a, c) => a + c.usd, 0));
  approx(metricTotal(metrics, 'budget_agent.cost.usd', { 'gen_ai.operation.name': 'execute_tool' }), 2 * TOOL_USD);
  approx(metricTotal(metrics, 'gen_ai.client.operation.duration'), CALLS.reduce((a, c) => a + c.latencyMs / 1000, 0));
  assert.equal(metricTotal(metrics, 'budget_agent.tool.calls'), spent.toolCalls);
  assert.equal(metrics.find((m) => m.name === 'gen_ai.client.token.usage')?.unit, '{token}');
});

test('no prompt, answer, tool argument or output text is exported by default', async () => {
  const { got } = await exportRun();
  const text = got.map((r) => r.text).join('\n');
  assert.ok(text.length > 0);
  assert.ok(!text.includes('SECRET_'), `content leaked: ${text.slice(text.indexOf('SECRET_') - 80, text.indexOf('SECRET_') + 80)}`);
  assert.ok(!text.includes('team-token-123'), 'header values never appear in payloads');
  assert.ok(!text.includes('gen_ai.input.messages') && !text.includes('gen_ai.output.messages'));
});

test('includeContent: task, output, arguments, answer and errors are exported', async () => {
  const { got } = await exportRun({ includeContent: true });
  const text = got.map((r) => r.text).join('\n');
  for (const marker of [SECRETS.task, `${SECRETS.delta}#1`, 'SECRET_ARGS_src/payments.ts', SECRETS.answer, SECRETS.toolError, SECRETS.justification]) {
    assert.ok(text.includes(marker), `${marker} exported with includeContent`);
  }
  // Plan items and log lines are not telemetry even with content on.
  assert.ok(!text.includes(SECRETS.plan) && !text.includes(SECRETS.log));
});
