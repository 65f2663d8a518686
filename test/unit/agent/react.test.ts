import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TIER_INSTRUCTIONS } from '../../../src/core/budget';
import { emptyToolSet } from '../../../src/core/tools';
import { longestCompletion, streamReply } from '../../helpers/fake-openai-server';
import { contentOf, messagesOf, ofType, runScripted, text, toolCall } from './harness';

test('react: a tool call then a text answer ends with that answer and the events of the run', async () => {
  const h = await runScripted([toolCall('read_file', { path: 'README.md' }), text('The answer is 42.')]);
  assert.equal(h.summary.stoppedBy, 'answer');
  assert.equal(h.summary.answer, 'The answer is 42.');
  assert.equal(h.summary.spent.toolCalls, 1);
  const toolMessage = messagesOf(h.requests[1]).find((m) => m.role === 'tool');
  assert.match(contentOf(toolMessage), /The answer is 42\./);
  assert.doesNotMatch(contentOf(toolMessage), /<budget>/, 'plain ReAct shows no budget block');
  const types = h.events.map((e) => e.type);
  for (const t of ['run_started', 'step_started', 'model_call', 'text_delta', 'tool_call', 'answer_candidate', 'run_finished']) assert.ok(types.includes(t as never), t);
  assert.equal(ofType(h.events, 'model_call').length, 2);
  assert.equal(h.events.at(-1)?.type, 'run_finished');
});

test('react: the tool-call cap ends the loop without exceeding it, and a final tool-less call gives the answer', async () => {
  const loop = (_b: unknown, i: number) => (i < 10 ? toolCall('list_files', {}) : text('best guess: 42'));
  const h = await runScripted((body, i) => (body.tools ? loop(body, i) : text('forced answer 42')), { limits: { maxToolCalls: 3 } });
  assert.equal(h.summary.stoppedBy, 'budget:tool_calls');
  assert.equal(h.summary.spent.toolCalls, 3);
  assert.equal(ofType(h.events, 'tool_call').length, 3);
  assert.equal(h.summary.answer, 'forced answer 42');
  const last = h.requests.at(-1)!;
  assert.equal(last.body.tools, undefined, 'the forced answer call offers no tools');
  assert.equal(ofType(h.events, 'budget_refused').length, 1, 'one refusal event, not duplicated');
});

test('react: the token cap ends the loop with tokens never exceeded, even against a server that fills every completion', async () => {
  const h = await runScripted((body) => longestCompletion(body), { limits: { maxTokens: 1500 } });
  assert.equal(h.summary.stoppedBy, 'budget:tokens');
  const spent = h.summary.spent.inputTokens + h.summary.spent.outputTokens;
  assert.ok(spent <= 1500, `spent ${spent} tokens`);
  for (const r of h.requests) assert.ok(Number(r.body.max_tokens ?? r.body.max_completion_tokens) > 0);
});

test('react: the money cap ends the loop with usd never exceeded', async () => {
  const h = await runScripted(() => toolCall('list_files', {}), { limits: { maxUsd: 0.01 } });
  assert.equal(h.summary.stoppedBy, 'budget:usd');
  assert.ok(h.summary.spent.usd <= 0.01, `spent $${h.summary.spent.usd}`);
  assert.ok(h.summary.spent.usd > 0);
});

test('react: the time cap stops a slow run with budget:time', async () => {
  const slow = () => streamReply({ toolCalls: [{ id: 'c', name: 'list_files', argumentFragments: ['{', '}'] }], delayMs: 150 });
  const h = await runScripted(slow, { limits: { maxSeconds: 0.5 } });
  assert.equal(h.summary.stoppedBy, 'budget:time');
  assert.ok(h.summary.spent.seconds < 2);
});

test('react: malformed arguments, invalid arguments and unknown tools come back as tool errors, and the run goes on', async () => {
  const h = await runScripted([
    toolCall('read_file', '{"path": '),
    toolCall('read_file', { path: 42 }),
    toolCall('delete_everything', {}),
    toolCall('read_file', { path: '../../etc/passwd' }),
    text('done'),
  ]);
  assert.equal(h.summary.stoppedBy, 'answer');
  assert.equal(h.summary.answer, 'done');
  const toolMessages = messagesOf(h.requests[4]).filter((m) => m.role === 'tool').map(contentOf);
  assert.equal(toolMessages.length, 4);
  assert.match(toolMessages[0]!, /not valid JSON/);
  assert.match(toolMessages[1]!, /Invalid arguments for read_file/);
  assert.match(toolMessages[2]!, /Unknown tool "delete_everything"/);
  assert.match(toolMessages[3]!, /outside the workspace/);
  assert.deepEqual(ofType(h.events, 'tool_call').map((e) => e.ok), [false, false, false, false]);
});

test('react: cancellation returns the best answer so far with stoppedBy cancelled', async () => {
  const abort = new AbortController();
  const h = await runScripted(
    (_b, i) => {
      if (i === 1) setTimeout(() => abort.abort(), 20);
      return i === 0
        ? streamReply({ text: ['Probably 42.'], toolCalls: [{ id: 'a', name: 'list_files', argumentFragments: ['{}'] }] })
        : { type: 'hang' };
    },
    { signal: abort.signal },
  );
  assert.equal(h.summary.stoppedBy, 'cancelled');
  assert.equal(h.summary.answer, 'Probably 42.');
});

test('tracker: the budget block follows every tool result with the right numbers and the tier changes at 70/30/10 %', async () => {
  const h = await runScripted((body) => (body.tools ? toolCall('list_files', {}) : text('42')), {
    strategy: 'tracker',
    limits: { maxToolCalls: 10 },
  });
  assert.equal(h.summary.stoppedBy, 'budget:tool_calls');
  assert.equal(h.summary.spent.toolCalls, 10);
  const tools = messagesOf(h.requests.at(-1)).filter((m) => m.role === 'tool').map(contentOf);
  const withBlocks = tools.filter((t) => t.includes('<budget>'));
  assert.equal(withBlocks.length, 10, 'a block after each of the 10 tool results');
  withBlocks.forEach((content, k) => {
    const used = k + 1;
    assert.match(content, new RegExp(`Tool Budget Used: ${used}, Tool Budget Remaining: ${10 - used}\\b`));
    const fraction = (10 - used) / 10;
    const tier = fraction >= 0.7 ? 'HIGH' : fraction >= 0.3 ? 'MEDIUM' : fraction >= 0.1 ? 'LOW' : 'CRITICAL';
    assert.ok(content.includes(TIER_INSTRUCTIONS[tier]), `after ${used} calls the tier is ${tier}`);
  });
  assert.match(contentOf(messagesOf(h.requests[0])[1]), /Tool Budget Used: 0, Tool Budget Remaining: 10/);
});

test('a tool-less run (no tools, like stories260K) ends with the model text as the answer', async () => {
  for (const strategy of ['react', 'tracker', 'bats'] as const) {
    const h = await runScripted([text('Once upon a time there was a cat.')], { strategy, tools: () => emptyToolSet() });
    assert.equal(h.summary.stoppedBy, 'answer', strategy);
    assert.equal(h.summary.answer, 'Once upon a time there was a cat.');
    assert.equal(h.requests.length, 1);
    assert.equal(h.requests[0]!.body.tools, undefined);
  }
});
