// The pieces that need no ONNX session: folder loading errors, graph checks,
// prompt rendering, sampling, stop-string scanning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadModelFolder, toIdList } from '../../../../src/core/models/onnx/modelFolder';
import { createRenderer, renderPlain } from '../../../../src/core/models/onnx/prompt';
import { checkGraph, loadOrt } from '../../../../src/core/models/onnx/runtime';
import { createOnnxProvider } from '../../../../src/core/models/onnx/onnxProvider';
import { Sampler, argmax, mulberry32 } from '../../../../src/core/models/onnx/sampler';
import { NeedleScanner } from '../../../../src/core/models/onnx/textScan';
import { ProviderError } from '../../../../src/core/models/types';
import { MODEL_DIR } from './fixture';

test('a missing model folder is a not_found error that names the folder', async () => {
  const missing = path.join(os.tmpdir(), 'no-such-model-folder-xyz');
  await assert.rejects(loadModelFolder(missing), (err: unknown) => {
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'not_found');
    assert.match(err.message, /Local model folder not found: .*no-such-model-folder-xyz/);
    return true;
  });
});

test('a folder without onnx/model.onnx, or without config.json, says which file is missing', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'onnx-folder-'));
  await assert.rejects(loadModelFolder(dir), /missing ONNX graph .*onnx[/\\]model\.onnx/);
  mkdirSync(path.join(dir, 'onnx'));
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), '');
  await assert.rejects(loadModelFolder(dir), /cannot read config\.json/);
});

test('stories260K loads: shapes, context window, eos ids [2, 1], no chat template', async () => {
  const f = await loadModelFolder(MODEL_DIR);
  assert.equal(f.name, 'stories260K');
  assert.deepEqual([f.numLayers, f.numKvHeads, f.headDim, f.vocabSize, f.maxPositions], [5, 4, 8, 512, 512]);
  assert.deepEqual(f.eosTokenIds, [2, 1]);
  assert.equal(f.chatTemplate, undefined);
  assert.deepEqual(toIdList(2), [2]);
});

test('a graph without KV-cache inputs is rejected with the names it lacks', async () => {
  const f = await loadModelFolder(MODEL_DIR);
  const plain = { inputNames: ['input_ids', 'attention_mask'], outputNames: ['logits'] };
  assert.throws(() => checkGraph(plain, f), (err: unknown) => {
    assert.ok(err instanceof ProviderError);
    assert.equal(err.kind, 'malformed');
    assert.match(err.message, /not a decoder-with-past graph for 5 layers; missing past_key_values\.0\.key/);
    return true;
  });
});

test('without a chat template, messages render as plain text; with one, jinja renders it', async () => {
  assert.equal(renderPlain([{ role: 'user', content: 'Once upon a time' }]), 'Once upon a time');
  assert.equal(renderPlain([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]), 'Be brief.\n\nHi');
  const f = await loadModelFolder(MODEL_DIR);
  const render = await createRenderer({
    ...f,
    chatTemplate: "{{ bos_token }}{% for m in messages %}<|{{ m.role }}|>{{ m.content }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|><think>\n{% endif %}",
    tokenizerConfig: { bos_token: { content: '<s>' } },
  });
  assert.equal(render!([{ role: 'user', content: 'Hi' }]), '<s><|user|>Hi\n<|assistant|><think>\n');
});

test('sampling: greedy is argmax, a seed fixes the stream, top-k 1 and tiny top-p are greedy', () => {
  const logits = new Float32Array([0.1, 2.5, -1, 2.4, 0]);
  assert.equal(argmax(logits), 1);
  assert.equal(new Sampler().sample(logits), 1);
  assert.equal(new Sampler().sample(logits, new Set([1])), 3);
  assert.equal(new Sampler({ temperature: 1, topK: 1, seed: 3 }).sample(logits), 1);
  assert.equal(new Sampler({ temperature: 1, topP: 0.01, seed: 3 }).sample(logits), 1);
  const draw = (seed: number) => {
    const s = new Sampler({ temperature: 1.5, seed });
    return Array.from({ length: 50 }, () => s.sample(logits));
  };
  assert.deepEqual(draw(42), draw(42));
  assert.notDeepEqual(draw(42), draw(43));
  assert.equal(new Set(draw(42)).size > 2, true);
  const a = mulberry32(1);
  const b = mulberry32(1);
  assert.equal(a(), b());
});

test('stop-string scanning holds back possible prefixes and cuts at the match', () => {
  const s = new NeedleScanner(['STOP']);
  assert.deepEqual(s.push('abc ST'), { emit: 'abc ' });
  assert.deepEqual(s.push('x'), { emit: 'STx' });
  assert.deepEqual(s.push('yy S'), { emit: 'yy ' });
  assert.deepEqual(s.push('TOP tail'), { emit: '', matched: 'STOP', after: ' tail' });
  const t = new NeedleScanner(['</think>']);
  t.push('thinking </thi');
  assert.equal(t.flush(), '</thi');
  assert.deepEqual(new NeedleScanner([]).push('x'), { emit: 'x' });
});

test('top-k on a large vocabulary only ever picks one of the k best', () => {
  const logits = new Float32Array(20000).map((_, i) => Math.sin(i * 12.9898) * 3);
  const best = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!).slice(0, 5);
  const s = new Sampler({ temperature: 2, topK: 5, seed: 1 });
  const seen = new Set(Array.from({ length: 200 }, () => s.sample(logits)));
  for (const id of seen) assert.ok(best.includes(id), `picked ${id}, not in the top 5`);
  assert.ok(seen.size >= 3);
  assert.equal(new Sampler({ temperature: 1, topK: 1, seed: 9 }).sample(logits), best[0]);
});

test('creating the provider and counting tokens does not load onnxruntime-node; the first session does', async () => {
  const loaded = () => Object.keys(require.cache).some((k) => k.includes(`${path.sep}onnxruntime-node${path.sep}`));
  const p = await createOnnxProvider({ modelPath: MODEL_DIR });
  assert.equal(await p.countTokens([{ role: 'user', content: 'Once upon a time' }]), 5);
  assert.equal(loaded(), false);
  await loadOrt();
  assert.equal(loaded(), true);
});
