// Fault injection inside a step: bad tool calls from the model, tools that
// throw or hang, cancellation at every point of a step, and the provider's
// beforeRetry hook that keeps retries inside the run's hard caps.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { RunBudget } from '../../../src/core/budget';
import { OpenAIProvider } from '../../../src/core/models/openai';
import { ProviderError, type ReportedUsage } from '../../../src/core/models/types';
import { errorReply, startFakeOpenAI, streamReply, type FakeReply, type RecordedRequest } from '../../helpers/fake-openai-server';
import { assertLedgerComplete, faultTools, hangingTool, printFigures, runFault, text, toolCall, tried } from './harness';

after(printFigures);
const SUITE = 'faults (steps)';
const fault = (name: string, fn: () => Promise<string | void>) => test(name, () => tried(SUITE, name, fn));

function toolMessage(req: RecordedRequest | undefined): string {
  const m = req?.body.messages?.find((x) => x.role === 'tool');
  return typeof m?.content === 'string' ? m.content : '';
}

// ---------------------------------------------------------------- bad tool calls

fault('a tool call with broken JSON arguments comes back to the model as a tool error; the run goes on', async () => {
  const r = await runFault([toolCall('read_file', '{"path": "README.md"'), text('42')]);
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.match(toolMessage(r.requests[1]), /arguments of read_file are not valid JSON .*Send one JSON object/);
  assertLedgerComplete(r, { serverRequests: 2 });
  assert.equal(r.summary.spent.toolCalls, 1, 'the failed call still counts toward the cap');
});

fault('an unknown tool comes back as a tool error naming the available tools', async () => {
  const r = await runFault([toolCall('delete_everything', {}), text('42')]);
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.match(toolMessage(r.requests[1]), /Unknown tool "delete_everything"\. Available tools: list_files, read_file/);
  assertLedgerComplete(r, { serverRequests: 2 });
});

fault('a tool that throws comes back as "<tool> failed: <reason>"; the run goes on', async () => {
  const r = await runFault([toolCall('explode', {}), text('42')]);
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.match(toolMessage(r.requests[1]), /explode failed: disk on fire/);
  assertLedgerComplete(r, { serverRequests: 2 });
});

fault('a tool that hangs is cut by the per-tool timeout and the run goes on', async () => {
  const r = await runFault([toolCall('hang', {}), text('42')], { extra: { toolTimeoutMs: 150 } });
  assert.equal(r.summary.stoppedBy, 'answer');
  assert.match(toolMessage(r.requests[1]), /hang timed out after 150 ms/);
  const ev = r.events.find((e) => e.type === 'tool_call');
  assert.ok(ev && ev.type === 'tool_call' && ev.durationMs < 1000, 'the turn came back promptly');
  assertLedgerComplete(r, { serverRequests: 2 });
});

// ---------------------------------------------------------------- cancellation at every point of a step

fault('cancel before the request: nothing is sent, nothing is charged, stoppedBy cancelled', async () => {
  const ac = new AbortController();
  ac.abort();
  const r = await runFault([text('42')], { signal: ac.signal });
  assert.equal(r.summary.stoppedBy, 'cancelled');
  assert.equal(r.requests.length, 0);
  assert.equal(r.lines.length, 0);
  assertLedgerComplete(r, { serverRequests: 0 });
});

fault('cancel while waiting for the response headers: the request is aborted, its input estimate charged', async () => {
  const ac = new AbortController();
  const r = await runFault([{ type: 'hang' } as FakeReply], { signal: ac.signal, onEvent: (e) => e.type === 'step_started' && setTimeout(() => ac.abort(), 80) });
  assert.equal(r.summary.stoppedBy, 'cancelled');
  assert.ok(r.ms < 1500, `took ${r.ms} ms`);
  assert.equal(r.provider.reports[0]?.info.outcome, 'cancelled');
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('cancel mid-stream: aborts at once, charges the partial output, returns no half tool call', async () => {
  const ac = new AbortController();
  const slow = streamReply({ text: ['The ', 'answer ', 'is ', '42.'], delayMs: 300 });
  const r = await runFault([slow], { signal: ac.signal, onEvent: (e) => e.type === 'text_delta' && ac.abort() });
  assert.equal(r.summary.stoppedBy, 'cancelled');
  assert.ok(r.ms < 1000, `took ${r.ms} ms`);
  const rep = r.provider.reports[0];
  assert.equal(rep?.info.outcome, 'cancelled');
  assert.ok((rep?.usage.outputTokens ?? 0) >= 1 && (rep?.usage.inputTokens ?? 0) > 0);
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('cancel during a tool call: the tool is stopped, the call is charged, no further request', async () => {
  const ac = new AbortController();
  const r = await runFault([toolCall('hang', {}), text('never asked')], {
    signal: ac.signal,
    // The tool ignores its signal; only the run's abort, 30 ms after it started, can end it.
    tools: (root) => faultTools(root, [hangingTool(() => setTimeout(() => ac.abort(), 30))]),
    extra: { toolTimeoutMs: 10_000 },
  });
  assert.ok(r.ms < 2000, `took ${r.ms} ms`);
  assert.equal(r.summary.stoppedBy, 'cancelled');
  assert.equal(r.requests.length, 1, 'nothing sent after the cancel');
  assert.equal(r.summary.spent.toolCalls, 1, 'the interrupted call is charged');
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('cancel between steps (after a tool result, before the next model call): no further request', async () => {
  const ac = new AbortController();
  const r = await runFault([toolCall('read_file', { path: 'README.md' }), text('never asked')], { signal: ac.signal, onEvent: (e) => e.type === 'tool_call' && ac.abort() });
  assert.equal(r.summary.stoppedBy, 'cancelled');
  assert.equal(r.requests.length, 1);
  assert.equal(r.summary.spent.toolCalls, 1);
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('cancel at the start of the next step: no further request', async () => {
  const ac = new AbortController();
  let steps = 0;
  const r = await runFault([toolCall('list_files', {}), text('never asked')], { signal: ac.signal, onEvent: (e) => e.type === 'step_started' && ++steps === 2 && ac.abort() });
  assert.equal(r.summary.stoppedBy, 'cancelled');
  assert.equal(r.requests.length, 1);
  assertLedgerComplete(r, { serverRequests: 1 });
});

fault('cancel during a retry backoff (503 with Retry-After 5 s): ends at once, the failed attempt charged', async () => {
  const ac = new AbortController();
  const r = await runFault([errorReply(503, { retryAfter: 5 }), text('42')], { signal: ac.signal, onEvent: (e) => e.type === 'step_started' && setTimeout(() => ac.abort(), 150) });
  assert.equal(r.summary.stoppedBy, 'cancelled');
  assert.ok(r.ms < 2000, `took ${r.ms} ms`);
  assert.equal(r.requests.length, 1);
  assertLedgerComplete(r, { serverRequests: 1 });
});

// ---------------------------------------------------------------- beforeRetry: retries inside the hard cap

const MESSAGES = [{ role: 'user' as const, content: 'Say hello.' }];

fault('beforeRetry: false stops retrying at once with a message that says why; true lets it retry', async () => {
  const server = await startFakeOpenAI([errorReply(503), errorReply(503), text('ok')]);
  try {
    const p = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'k', model: 'gpt-4o', retryBaseDelayMs: 1, random: () => 0 });
    const asked: number[] = [];
    const charges: ReportedUsage[] = [];
    const err = await p
      .chat({ messages: MESSAGES, maxOutputTokens: 50, onUsage: (u) => charges.push(u), beforeRetry: (attempt, e) => (asked.push(attempt), assert.equal(e.kind, 'server'), false) })
      .then(() => assert.fail('expected a failure'), (e: unknown) => e as ProviderError);
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'server');
    assert.equal(err.retryable, false);
    assert.match(err.message, /failed with 503 .*\(not retried after 1 attempt: the run's budget has no room for another attempt\)/);
    assert.deepEqual(asked, [2]);
    assert.equal(server.chatRequests.length, 1, 'no second request');
    assert.equal(charges.length, 1, 'the failed attempt was reported before the hook was asked');

    const ok = await p.chat({ messages: MESSAGES, maxOutputTokens: 50, beforeRetry: () => true });
    assert.equal(ok.text, 'ok');
    assert.equal(server.chatRequests.length, 3);
  } finally {
    await server.close();
  }
});

fault('beforeRetry that throws counts as "do not retry"', async () => {
  const server = await startFakeOpenAI([errorReply(500), text('ok')]);
  try {
    const p = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'k', model: 'gpt-4o', retryBaseDelayMs: 1 });
    await assert.rejects(
      p.chat({
        messages: MESSAGES,
        maxOutputTokens: 50,
        beforeRetry: () => {
          throw new Error('boom');
        },
      }),
      /not retried after 1 attempt/,
    );
    assert.equal(server.chatRequests.length, 1);
  } finally {
    await server.close();
  }
});

fault('beforeRetry wired to the budget keeps 5xx retries under a hard token cap that retries would overshoot', async () => {
  // Each failed attempt is charged its input estimate; without the hook, four attempts of a
  // ~600-token prompt overshoot a 1 500-token cap. With it, a retry is sent only while a
  // fresh reservation of the whole attempt (prompt + same max output) fits.
  const prompt = [{ role: 'user' as const, content: 'word '.repeat(600) }];
  for (const wired of [false, true]) {
    const server = await startFakeOpenAI(() => errorReply(503));
    try {
      const p = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'k', model: 'gpt-4o', retryBaseDelayMs: 1, random: () => 0, maxAttempts: 4 });
      const budget = new RunBudget({ runId: 'r', limits: { maxTokens: 1500 }, provider: 'openai', model: 'gpt-4o' });
      const estimatedInputTokens = await p.countTokens(prompt);
      const plan = budget.planCompletion({ model: 'gpt-4o', estimatedInputTokens, wantedMaxOutputTokens: 50 });
      assert.ok(plan.ok);
      let reservation: typeof plan.reservation | undefined = plan.reservation;
      const beforeRetry = () => {
        const again = budget.planCompletion({ model: 'gpt-4o', estimatedInputTokens, wantedMaxOutputTokens: plan.maxOutputTokens, minUsefulOutputTokens: plan.maxOutputTokens });
        if (!again.ok) return false;
        reservation = again.reservation;
        return true;
      };
      await assert.rejects(
        p.chat({
          messages: prompt,
          maxOutputTokens: plan.maxOutputTokens,
          onUsage: (u, info) => {
            budget.chargeModel(u, { runId: 'r', step: 1, model: 'gpt-4o', requestId: info.requestId }, reservation);
            reservation = undefined;
          },
          ...(wired ? { beforeRetry } : {}),
        }),
        ProviderError,
      );
      const s = budget.spent();
      const tokens = s.inputTokens + s.outputTokens;
      if (wired) assert.ok(tokens <= 1500, `wired: spent ${tokens} tokens, cap 1500`);
      else assert.ok(tokens > 1500, `unwired: spent ${tokens} tokens (the hole the hook closes)`);
      if (wired) assert.equal(server.chatRequests.length, 2, 'a third attempt would not fit');
    } finally {
      await server.close();
    }
  }
});
