import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from '../../../../src/core/models/onnx/generate';
import { createOnnxProvider } from '../../../../src/core/models/onnx/onnxProvider';
import { Sampler } from '../../../../src/core/models/onnx/sampler';
import type { ChatStreamEvent, ReportedUsage } from '../../../../src/core/models/types';
import { GREEDY_40, GREEDY_40_TEXT, MODEL_DIR, PROMPT, PROMPT_IDS, loadStack } from './fixture';

const user = (content: string) => [{ role: 'user' as const, content }];
const provider = createOnnxProvider({ modelPath: MODEL_DIR });

test('greedy decoding reproduces the 40-token README fixture token for token', async () => {
  const { tokenizer, folder, newSequence } = await loadStack();
  const out = await generate(newSequence(), new Sampler(), tokenizer, {
    promptIds: PROMPT_IDS,
    maxOutputTokens: 40,
    maxPositions: folder.maxPositions,
    eosIds: folder.eosTokenIds,
  });
  assert.deepEqual(out.outputIds, GREEDY_40);
  assert.equal(out.text, GREEDY_40_TEXT);
  assert.equal(out.finishReason, 'length');
});

test('the provider streams deltas that add up to the fixture text and reports exact usage', async () => {
  const p = await provider;
  const events: ChatStreamEvent[] = [];
  const usages: ReportedUsage[] = [];
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 40, onEvent: (e) => events.push(e), onUsage: (u, info) => {
    usages.push(u);
    assert.equal(info.outcome, 'ok');
  } });
  const deltas = events.flatMap((e) => (e.type === 'text' ? [e.delta] : []));
  assert.ok(deltas.length >= 30, 'streamed as produced, not in one piece');
  assert.equal(deltas.join(''), r.text);
  assert.equal(r.text, GREEDY_40_TEXT);
  assert.deepEqual(r.usage, { inputTokens: 5, cachedInputTokens: 0, outputTokens: 40, reasoningTokens: 0, estimated: false });
  assert.deepEqual(usages, [r.usage]);
  assert.equal(r.finishReason, 'length');
  assert.equal(p.kind, 'onnx');
  assert.equal(p.model, 'stories260K');
  assert.equal(p.contextWindow, 512);
  assert.equal(await p.countTokens(user(PROMPT)), 5);
});

test('stops on the generated eos id 1 (the story end), not on the prompt BOS', async () => {
  const { tokenizer, folder, newSequence } = await loadStack();
  const out = await generate(newSequence(), new Sampler(), tokenizer, {
    promptIds: PROMPT_IDS,
    maxOutputTokens: 500,
    maxPositions: folder.maxPositions,
    eosIds: folder.eosTokenIds,
  });
  // README: the story ends after 341 new tokens; the 342nd is <s>.
  assert.equal(out.finishReason, 'stop');
  assert.equal(out.outputIds.length, 342);
  assert.equal(out.outputIds.at(-1), 1);
  assert.ok(!out.outputIds.slice(0, -1).some((id) => folder.eosTokenIds.includes(id)));
});

test('maxOutputTokens is a hard cap', async () => {
  const p = await provider;
  for (const cap of [0, 1, 7]) {
    const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: cap });
    assert.equal(r.usage.outputTokens, cap);
    assert.equal(r.finishReason, 'length');
  }
});

test('stop strings end the answer and are never streamed', async () => {
  const p = await provider;
  let streamed = '';
  const r = await p.chat({ messages: user(PROMPT), maxOutputTokens: 40, stop: ['named Li'], onEvent: (e) => { if (e.type === 'text') streamed += e.delta; } });
  assert.equal(r.finishReason, 'stop');
  assert.equal(r.text, ', there was a little girl ');
  assert.equal(streamed, r.text);
  assert.ok(r.usage.outputTokens < 15);
});

test('seeded sampling is reproducible, and different seeds differ', async () => {
  const p = await provider;
  const run = (seed: number) => p.chat({ messages: user(PROMPT), maxOutputTokens: 30, temperature: 1, topK: 40, topP: 0.95, seed });
  const [a, b, c] = [await run(7), await run(7), await run(8)];
  assert.equal(a.text, b.text);
  assert.notEqual(a.text, c.text);
  assert.notEqual(a.text, GREEDY_40_TEXT.slice(0, a.text.length), 'sampling is not greedy');
});

test('cancellation between tokens stops at once with what was produced', async () => {
  const p = await provider;
  const ac = new AbortController();
  let seen = 0;
  const usages: ReportedUsage[] = [];
  const r = await p.chat({
    messages: user(PROMPT),
    maxOutputTokens: 200,
    signal: ac.signal,
    onEvent: (e) => {
      if (e.type === 'text' && ++seen === 5) ac.abort();
    },
    onUsage: (u, info) => {
      usages.push(u);
      assert.equal(info.outcome, 'cancelled');
    },
  });
  assert.equal(r.finishReason, 'cancelled');
  assert.equal(r.usage.outputTokens, 5);
  assert.equal(r.text, ', there was a little');
  assert.equal(usages.length, 1);
});

test('a prompt longer than the context window is refused with context_length', async () => {
  const p = await provider;
  await assert.rejects(p.chat({ messages: user('Once upon a time '.repeat(200)), maxOutputTokens: 10 }), (err: Error & { kind?: string }) => {
    assert.equal(err.kind, 'context_length');
    return true;
  });
});

test('generation never runs past the context window', async () => {
  const { tokenizer, folder, newSequence } = await loadStack();
  const prompt = tokenizer.encode('Once upon a time '.repeat(100));
  const out = await generate(newSequence(), new Sampler(), tokenizer, { promptIds: prompt, maxOutputTokens: 500, maxPositions: folder.maxPositions, eosIds: [] });
  assert.equal(prompt.length + out.outputIds.length, folder.maxPositions);
  assert.equal(out.finishReason, 'length');
});
