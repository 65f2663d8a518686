import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatBody } from '../../helpers/fake-openai-server';
import { contentOf, messagesOf, ofType, runScripted, text, toolCall, verdict } from './harness';

const isVerify = (body: ChatBody) => contentOf(body.messages?.[0]).startsWith('You verify a proposed answer');

test('bats: plan checklist with spend per item is kept in the context and published; SUCCESS ends the run', async () => {
  const h = await runScripted(
    [
      toolCall('read_file', { path: 'README.md' }),
      text('<plan>\n[x] read the README\n[ ] answer\n</plan>\n<answer>42</answer>'),
      verdict('SUCCESS'),
    ],
    { strategy: 'bats' },
  );
  assert.equal(h.summary.stoppedBy, 'answer');
  assert.equal(h.summary.answer, '42');
  const plans = ofType(h.events, 'plan_updated');
  assert.ok(plans.length >= 1);
  const last = plans.at(-1)!.items;
  assert.deepEqual(last.map((i) => [i.text, i.status]), [['read the README', 'done'], ['answer', 'open']]);
  assert.ok(last[1]!.spent.tokens > 0, 'the step that proposed the answer is charged to the open item');
  assert.equal(ofType(h.events, 'verifier')[0]?.decision, 'SUCCESS');
  assert.ok(ofType(h.events, 'answer_candidate').some((e) => e.verified && e.answer === '42'));
});

test('bats: the plan with spend rides on the tool result, after the budget block', async () => {
  const h = await runScripted(
    [
      streamReply2('<plan>\n[ ] look around\n  [ ] list files\n[ ] answer\n</plan>', 'list_files'),
      text('<answer>42</answer>'),
      verdict('SUCCESS'),
    ],
    { strategy: 'bats', limits: { maxToolCalls: 5 } },
  );
  const tool = contentOf(messagesOf(h.requests[1]).find((m) => m.role === 'tool'));
  assert.match(tool, /<budget>\nTool Budget Used: 1, Tool Budget Remaining: 4/);
  assert.match(tool, /<\/budget>\n<plan>\n\[ \] look around \(spent: tokens [\d,]+, tool calls 1/);
  assert.match(tool, /\n {2}\[ \] list files \(spent: tokens [\d,]+, tool calls 1/);
});

function streamReply2(content: string, tool: string) {
  return { type: 'stream' as const, text: [content], toolCalls: [{ id: 'c1', name: tool, argumentFragments: ['{}'] }] };
}

test('bats: PIVOT drops the trajectory and starts again from the summary', async () => {
  const h = await runScripted(
    [
      toolCall('read_file', { path: 'README.md' }, 'first_call'),
      text('<answer>7</answer>'),
      verdict('PIVOT', 'README says 42; src/main.ts not checked', 'wrong file'),
      text('<answer>42</answer>'),
      verdict('SUCCESS'),
    ],
    { strategy: 'bats' },
  );
  assert.equal(h.summary.answer, '42');
  const afterPivot = messagesOf(h.requests[3]);
  assert.equal(afterPivot.length, 2, 'system + one user message: the old trajectory is gone');
  assert.ok(!afterPivot.some((m) => m.role === 'tool' || m.tool_calls), 'no tool messages or calls carried over');
  assert.match(contentOf(afterPivot[1]), /README says 42; src\/main\.ts not checked/);
  assert.match(contentOf(afterPivot[1]), /wrong file/);
  assert.equal(ofType(h.events, 'pivot')[0]?.summary, 'README says 42; src/main.ts not checked');
});

test('bats: CONTINUE keeps the trajectory and digs deeper', async () => {
  const h = await runScripted(
    [
      toolCall('read_file', { path: 'README.md' }),
      text('<answer>maybe 42</answer>'),
      verdict('CONTINUE', '', 'check src too'),
      toolCall('read_file', { path: 'src/main.ts' }),
      text('<answer>42</answer>'),
      verdict('SUCCESS'),
    ],
    { strategy: 'bats' },
  );
  assert.equal(h.summary.answer, '42');
  const dig = messagesOf(h.requests[3]);
  assert.ok(dig.some((m) => m.role === 'tool'), 'the earlier tool result is still there');
  assert.match(contentOf(dig.at(-1)), /CONTINUE — check src too/);
});

test('bats: invalid verifier JSON is retried once, then treated as CONTINUE', async () => {
  const h = await runScripted(
    [
      text('<answer>42</answer>'),
      text('I think it is fine'),
      text('{"decision": "MAYBE"}'),
      text('<answer>42 (checked)</answer>'),
      verdict('SUCCESS'),
    ],
    { strategy: 'bats' },
  );
  assert.equal(h.summary.answer, '42 (checked)');
  assert.ok(isVerify(h.requests[1]!.body) && isVerify(h.requests[2]!.body), 'two verifier attempts');
  assert.match(contentOf(messagesOf(h.requests[2]).at(-1)), /not a valid JSON object/);
  assert.equal(ofType(h.events, 'verifier')[0]?.decision, 'CONTINUE');
});

test('bats: when the budget runs out the best candidate comes back (CONTINUE beats a later PIVOTed one)', async () => {
  const h = await runScripted(
    (body) => {
      if (isVerify(body)) {
        const candidate = contentOf(body.messages?.[1]);
        return candidate.includes('<proposed_answer>\nA\n') ? verdict('CONTINUE', '', 'plausible') : verdict('PIVOT', 'B was wrong');
      }
      const n = (body.messages ?? []).length;
      if (n <= 2) return toolCall('list_files', {});
      return contentOf(body.messages?.at(-1)).includes('CONTINUE') || n > 6 ? text('<answer>B</answer>') : text('<answer>A</answer>');
    },
    { strategy: 'bats', limits: { maxToolCalls: 3, maxTokens: 6000 } },
  );
  assert.notEqual(h.summary.stoppedBy, 'answer');
  assert.match(h.summary.stoppedBy, /^budget:/);
  assert.equal(h.summary.answer, 'A');
  assert.ok(h.summary.spent.inputTokens + h.summary.spent.outputTokens <= 6000);
  assert.ok(h.summary.spent.toolCalls <= 3);
});

test('bats: the tool-call cap is never exceeded and the run still returns an answer', async () => {
  const h = await runScripted((body) => (isVerify(body) ? verdict('SUCCESS') : body.tools ? toolCall('search_text', { pattern: 'answer' }) : text('forced 42')), {
    strategy: 'bats',
    limits: { maxToolCalls: 4 },
  });
  assert.equal(h.summary.stoppedBy, 'budget:tool_calls');
  assert.equal(h.summary.spent.toolCalls, 4);
  assert.equal(h.summary.answer, 'forced 42');
});
