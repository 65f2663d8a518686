import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateBudget, e3, normalizeCredits, scheduleWeight, totalBudgetFor } from '../../../src/core/agent/allocation';
import { parseRating, parseSubQuestions, toolCallShares } from '../../../src/core/agent/strategies/plan-and-budget';
import { emptyToolSet } from '../../../src/core/tools';
import { longestCompletion } from '../../helpers/fake-openai-server';
import { contentOf, messagesOf, ofType, runScripted, text, toolCall } from './harness';

test('allocation: weights = credit × schedule(i), floor, remainder to the largest weights, sum exact', () => {
  // constant: 100 × [0.5, 0.3, 0.2]
  assert.deepEqual(allocateBudget(100, [50, 30, 20], 'constant'), [50, 30, 20]);
  // linear N−i = 3,2,1 on equal credits: 300 × [3,2,1]/6 = 150,100,50
  assert.deepEqual(allocateBudget(300, [1, 1, 1], 'linear'), [150, 100, 50]);
  // polynomial (N−i)^2 = 4,1 on equal credits: 200 × [0.8, 0.2]
  assert.deepEqual(allocateBudget(200, [50, 50], 'polynomial'), [160, 40]);
  // exponential 0.9^i: 100 × [1, .9]/1.9 = 52.63, 47.36 → floors 52, 47, remainder 1 to index 0
  assert.deepEqual(allocateBudget(100, [50, 50], 'exponential'), [53, 47]);
  // cosine 0.5(1+cos(πi/(N−1)))+0.1 = 1.1, 0.6, 0.1 → 400 × [1.1,.6,.1]/1.8 = 244.4, 133.3, 22.2 → 244,133,22 +1 to the largest
  assert.deepEqual(allocateBudget(400, [1, 1, 1], 'cosine'), [245, 133, 22]);
  // remainder goes to the largest *weights*, not the first index
  assert.deepEqual(allocateBudget(10, [10, 20, 70], 'constant'), [1, 2, 7]);
  assert.deepEqual(allocateBudget(11, [1, 1, 1], 'constant'), [4, 4, 3]);
  for (const schedule of ['constant', 'linear', 'polynomial', 'exponential', 'cosine'] as const) {
    const b = allocateBudget(437, [13, 29, 31, 27], schedule);
    assert.equal(b.reduce((a, x) => a + x, 0), 437, schedule);
    assert.ok(b.every((x) => Number.isInteger(x) && x >= 0));
  }
});

test('allocation: schedules, complexity table, credits and E³', () => {
  assert.equal(scheduleWeight('cosine', 0, 3), 1.1);
  assert.ok(Math.abs(scheduleWeight('cosine', 2, 3) - 0.1) < 1e-12);
  assert.equal(scheduleWeight('cosine', 0, 1), 1.1);
  assert.equal(scheduleWeight('exponential', 2, 5), 0.81);
  assert.equal(scheduleWeight('polynomial', 1, 4), 9);
  assert.equal(totalBudgetFor(1), 200);
  assert.equal(totalBudgetFor(5), 600);
  assert.equal(totalBudgetFor(9), 600);
  assert.equal(totalBudgetFor(2, [10, 20, 30, 40, 50]), 20);
  assert.deepEqual(normalizeCredits([1, 3], 2), [25, 75]);
  assert.deepEqual(normalizeCredits([0, 0], 2), [50, 50]);
  assert.deepEqual(normalizeCredits([10, -1], 2), [50, 50]);
  assert.deepEqual(normalizeCredits([10], 2), [50, 50]);
  assert.equal(e3(0.5, 100), 0.0025);
  assert.deepEqual(parseSubQuestions('sure: {"sub_questions": ["a","b","c","d","e","f"]}', 't'), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(parseSubQuestions('no json', 't'), ['t']);
  assert.deepEqual(parseRating('{"complexity": 7, "credits": [1, 1]}', 2), { complexity: 5, credits: [50, 50] });
});

test('plan-and-budget without tools: decompose, rate, answer each under its budget, synthesize', async () => {
  const h = await runScripted(
    [
      text('{"sub_questions": ["What does the README say?", "What is the number?"]}'),
      text('{"complexity": 1, "credits": [30, 10]}'),
      text('It says 42.'),
      text('42'),
      text('The answer is 42.'),
    ],
    { strategy: 'plan-and-budget', tools: (root) => emptyToolSet(root), extra: { schedule: 'constant' } },
  );
  assert.equal(h.summary.stoppedBy, 'answer');
  assert.equal(h.summary.answer, 'The answer is 42.');
  assert.deepEqual(ofType(h.events, 'model_call').map((e) => e.purpose), ['decompose', 'rate', 'answer', 'answer', 'synthesize']);
  // complexity 1 → 200 words; credits 30:10 → 150 and 50 words
  assert.match(contentOf(messagesOf(h.requests[2])[0]), /using at most 150 words/);
  assert.match(contentOf(messagesOf(h.requests[3])[0]), /using at most 50 words/);
  assert.match(contentOf(messagesOf(h.requests[3])[0]), /It says 42\./, 'earlier answers are given');
  assert.equal(h.requests[2]!.body.tools, undefined);
});

test('plan-and-budget: the best sub-answer comes back when the budget runs out before synthesis', async () => {
  const h = await runScripted(
    (body, i) =>
      i === 0
        ? text('{"sub_questions": ["q1", "q2"]}')
        : i === 1
          ? text('{"complexity": 2, "credits": [50, 50]}')
          : i === 2
            ? text('partial: 42')
            : longestCompletion(body),
    { strategy: 'plan-and-budget', tools: (root) => emptyToolSet(root), limits: { maxTokens: 600 }, extra: { complexityBudgets: [1000, 1000, 1000, 1000, 1000] } },
  );
  assert.equal(h.summary.stoppedBy, 'budget:tokens');
  assert.ok(!ofType(h.events, 'model_call').some((e) => e.purpose === 'synthesize'), 'no room was left to synthesize');
  assert.ok(h.summary.answer && h.summary.answer.length > 0, 'a sub-answer is returned');
  assert.ok(h.summary.spent.inputTokens + h.summary.spent.outputTokens <= 600);
});

test('plan-and-budget: tool-call shares follow the word budgets (floor, remainder to the largest)', () => {
  assert.deepEqual(toolCallShares(4, [150, 50]), [3, 1]);
  assert.deepEqual(toolCallShares(10, [245, 133, 22]), [7, 3, 0]); // 6.125, 3.325, 0.55: the remainder goes to the largest weight
  assert.deepEqual(toolCallShares(1, [100, 100, 100]).reduce((a, x) => a + x, 0), 1);
  assert.deepEqual(toolCallShares(0, [100, 100]), [0, 0]);
  assert.deepEqual(toolCallShares(undefined, [10, 20]), [8, 8], 'uncapped runs give each sub-question the default share');
});

test('plan-and-budget with tools: each sub-question runs the tool loop under its share, then answers without tools', async () => {
  const h = await runScripted(
    [
      text('{"sub_questions": ["Which files are there?", "What is the number?"]}'),
      text('{"complexity": 1, "credits": [50, 50]}'),
      toolCall('list_files', {}),
      text('There is src/main.ts.'), // share of 1 spent: forced answer (no tools offered)
      toolCall('read_file', { path: 'src/main.ts' }),
      text('42'),
      text('The answer is 42.'),
    ],
    { strategy: 'plan-and-budget', limits: { maxToolCalls: 2 }, extra: { schedule: 'constant' } },
  );
  assert.equal(h.summary.stoppedBy, 'answer', h.summary.error);
  assert.equal(h.summary.answer, 'The answer is 42.');
  assert.deepEqual(ofType(h.events, 'model_call').map((e) => e.purpose), ['decompose', 'rate', 'act', 'answer', 'act', 'answer', 'synthesize']);
  assert.deepEqual(ofType(h.events, 'tool_call').map((e) => [e.name, e.ok]), [['list_files', true], ['read_file', true]]);
  assert.ok(Array.isArray(h.requests[2]!.body.tools), 'sub-questions are worked on with the tools');
  assert.equal(h.requests[3]!.body.tools, undefined, 'once its share is spent the sub-question is answered without tools');
  assert.match(contentOf(messagesOf(h.requests[2])[1]), /<budget>/, 'the tracker block tells the model its budget');
  assert.match(contentOf(messagesOf(h.requests[4])[1]), /There is src\/main\.ts\./, 'earlier sub-answers are carried');
  assert.equal(h.summary.spent.toolCalls, 2);
});
