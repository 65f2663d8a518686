// Budget forcing on stories260K. The model never thinks, so the markers are
// configured to make its story the "thinking": the start marker "Once upon"
// is what the prompt opens with, so the span is open from the first
// generated token, and the greedy tokens are known (README fixture). That
// makes the insertion point and every count exactly checkable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOnnxProvider } from '../../../../src/core/models/onnx/onnxProvider';
import { promptOpensThinking, resolveMarkers, thinkingBudgetForMode } from '../../../../src/core/models/onnx/thinking';
import type { ChatStreamEvent } from '../../../../src/core/models/types';
import { generate } from '../../../../src/core/models/onnx/generate';
import { Sampler } from '../../../../src/core/models/onnx/sampler';
import { GREEDY_40, MODEL_DIR, PROMPT, PROMPT_IDS, loadStack } from './fixture';

const user = (content: string) => [{ role: 'user' as const, content }];
const CUE = '\n\nFinal answer:';
const provider = createOnnxProvider({ modelPath: MODEL_DIR, thinkMarkers: { start: 'Once upon', end: '</think>', answerCue: CUE } });

function collect() {
  const events: ChatStreamEvent[] = [];
  const text = () => events.flatMap((e) => (e.type === 'text' ? [e.delta] : [])).join('');
  const thinking = () => events.flatMap((e) => (e.type === 'thinking' ? [e.delta] : [])).join('');
  const forced = () => events.filter((e) => e.type === 'forced');
  return { events, onEvent: (e: ChatStreamEvent) => events.push(e), text, thinking, forced };
}

test('ThinkDial modes: High / Medium / Low = 100 / 50 / 25 % of the base budget', () => {
  assert.equal(thinkingBudgetForMode(1000, 'high'), 1000);
  assert.equal(thinkingBudgetForMode(1000, 'medium'), 500);
  assert.equal(thinkingBudgetForMode(1000, 'low'), 250);
  assert.equal(thinkingBudgetForMode(10, 'low'), 2);
  assert.throws(() => thinkingBudgetForMode(-1, 'high'), RangeError);
});

test('a prompt opens a thinking span when its last start marker is unclosed', () => {
  const m = { start: '<think>', end: '</think>' };
  assert.equal(promptOpensThinking('<|im_start|>assistant\n<think>\n', m), true);
  assert.equal(promptOpensThinking('<think>x</think> answer', m), false);
  assert.equal(promptOpensThinking('no markers', m), false);
});

test('budget forcing inserts end marker + cue at exactly the budgeted token; the answer gets its own cap', async () => {
  const p = await provider;
  const budget = 10;
  const inserted = p.tokenizer.encode('</think>' + CUE, false);
  const c = collect();
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 100, thinking: { budgetTokens: budget, answerTokens: 6 }, onEvent: c.onEvent });

  assert.deepEqual(c.forced(), [{ type: 'forced', action: 'end_thinking', atToken: budget, inserted: '</think>' + CUE }]);
  // The thinking is the first 10 greedy tokens, streamed as thinking deltas.
  assert.equal(r.thinking, p.tokenizer.decode(GREEDY_40.slice(0, budget)));
  assert.equal(c.thinking(), r.thinking);
  assert.equal(r.usage.reasoningTokens, budget);
  // Answer: 6 generated tokens after the insertion (Elastic Reasoning cap).
  assert.equal(r.usage.outputTokens, budget + inserted.length + 6);
  assert.equal(r.finishReason, 'length');
  assert.equal(c.text(), r.text);
  assert.ok(r.text.length > 0);
  assert.ok(!r.text.includes('Final answer'), 'the cue is input, not answer text');
  // Events: every thinking delta comes before the forced event, every text delta after.
  const at = c.events.findIndex((e) => e.type === 'forced');
  assert.ok(c.events.slice(0, at).every((e) => e.type === 'thinking'));
  assert.ok(c.events.slice(at + 1).every((e) => e.type === 'text'));
});

test('the answer after forcing is what the model says after the inserted tokens', async () => {
  const p = await provider;
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 100, thinking: { budgetTokens: 3, answerTokens: 8 } });
  // Same continuation as plain greedy decoding of prompt + 3 thinking tokens + insertion, fed as ids.
  const { tokenizer, folder, newSequence } = await loadStack();
  const inserted = tokenizer.encode('</think>' + CUE, false);
  const direct = await generate(newSequence(), new Sampler(), tokenizer, {
    promptIds: [...PROMPT_IDS, ...GREEDY_40.slice(0, 3), ...inserted],
    maxOutputTokens: 8,
    maxPositions: folder.maxPositions,
    eosIds: folder.eosTokenIds,
  });
  assert.equal(r.usage.outputTokens, 3 + inserted.length + 8);
  // The answer decoder starts with the cue as context, so it keeps the first token's leading space.
  assert.equal(r.text, tokenizer.decode([...inserted, ...direct.outputIds]).slice(tokenizer.decode(inserted).length));
  assert.equal(r.text.trim(), direct.text.trim());
  // Token level: thinking, then the insertion at exactly index 3, then the answer.
  const forced = await generate(newSequence(), new Sampler(), tokenizer, {
    promptIds: PROMPT_IDS,
    maxOutputTokens: 100,
    maxPositions: folder.maxPositions,
    eosIds: folder.eosTokenIds,
    markers: resolveMarkers({ start: 'Once upon', end: '</think>', answerCue: CUE }, tokenizer),
    startInThinking: true,
    limits: { budgetTokens: 3, answerTokens: 8 },
  });
  assert.deepEqual(forced.outputIds, [...GREEDY_40.slice(0, 3), ...inserted, ...direct.outputIds]);
  assert.deepEqual([forced.reasoningTokens, forced.insertedTokens, forced.answerTokens], [3, inserted.length, 8]);
});

test('a budget of 0 forces the end before the first token', async () => {
  const p = await provider;
  const c = collect();
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 40, thinking: { budgetTokens: 0, answerTokens: 4 }, onEvent: c.onEvent });
  assert.equal(c.forced().length, 1);
  assert.equal((c.forced()[0] as { atToken: number }).atToken, 0);
  assert.equal(r.usage.reasoningTokens, 0);
  assert.equal(r.thinking, '');
  assert.equal(r.usage.outputTokens, p.tokenizer.encode('</think>' + CUE, false).length + 4);
});

test('without a thinking budget the span runs on and all tokens are reasoning', async () => {
  const p = await provider;
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 12 });
  assert.equal(r.usage.reasoningTokens, 12);
  assert.equal(r.thinking, p.tokenizer.decode(GREEDY_40.slice(0, 12)));
  assert.equal(r.text, '');
});

test('the hard cap wins over forcing: no insertion when no answer token would fit', async () => {
  const p = await provider;
  const c = collect();
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 15, thinking: { budgetTokens: 10 }, onEvent: c.onEvent });
  assert.equal(c.forced().length, 0);
  assert.ok(r.usage.outputTokens <= 15);
  assert.equal(r.finishReason, 'length');
});

test('the model closing its own span ends thinking; the rest is the answer', async () => {
  // End marker "named": greedy token 8 is "▁named", so the span closes there by itself.
  const p = await createOnnxProvider({ modelPath: MODEL_DIR, thinkMarkers: { start: 'Once upon', end: 'named' } });
  const c = collect();
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 14, thinking: { budgetTokens: 100 }, onEvent: c.onEvent });
  assert.equal(c.forced().length, 0);
  assert.equal(r.thinking, ', there was a little girl ');
  assert.equal(r.usage.reasoningTokens, 9);
  assert.equal(r.text, p.tokenizer.decode(GREEDY_40.slice(0, 14)).slice(', there was a little girl named'.length));
  assert.equal(c.thinking(), r.thinking);
  assert.equal(c.text(), r.text);
});

test('extension: an end marker before the minimum becomes "Wait" at exactly that token', async () => {
  const p = await createOnnxProvider({ modelPath: MODEL_DIR, thinkMarkers: { start: 'Once upon', end: 'named' } });
  const wait = p.tokenizer.encode('Wait', false);
  const c = collect();
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 30, thinking: { budgetTokens: 20, minTokens: 15, answerTokens: 3 }, onEvent: c.onEvent });
  const forced = c.forced();
  assert.deepEqual(forced[0], { type: 'forced', action: 'extend_thinking', atToken: 8, inserted: 'Wait' });
  assert.ok(r.thinking.startsWith(', there was a little girl Wait'), r.thinking);
  // Generated thinking tokens: 8 before "Wait", then more up to the budget of 20 (or a natural end after the minimum).
  assert.ok(r.usage.reasoningTokens >= 15 && r.usage.reasoningTokens <= 20, String(r.usage.reasoningTokens));
  assert.ok(r.usage.outputTokens <= 30);
  assert.ok(forced.every((e) => e.type === 'forced' && e.action === 'extend_thinking' ? e.atToken < 30 : true));
  assert.ok(wait.length > 0);
});
