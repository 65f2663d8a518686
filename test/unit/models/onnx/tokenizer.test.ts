import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModelFolder } from '../../../../src/core/models/onnx/modelFolder';
import { IncrementalDecoder, loadTokenizer } from '../../../../src/core/models/onnx/tokenizer';
import { FULL_40_TEXT, GREEDY_40, GREEDY_40_TEXT, MODEL_DIR, PROMPT, PROMPT_IDS } from './fixture';

const tokenizer = loadModelFolder(MODEL_DIR).then(loadTokenizer);

test('encodes the README prompt with BOS exactly', async () => {
  const tok = await tokenizer;
  assert.deepEqual(tok.encode(PROMPT), PROMPT_IDS);
  assert.deepEqual(tok.encode(PROMPT, false), PROMPT_IDS.slice(1));
});

test('decodes the fixture ids to the README text, special tokens skipped', async () => {
  const tok = await tokenizer;
  assert.equal(tok.decode([...PROMPT_IDS, ...GREEDY_40]), FULL_40_TEXT);
  assert.equal(tok.decode(GREEDY_40), GREEDY_40_TEXT);
});

test('incremental decoding streams the same text as one decode', async () => {
  const tok = await tokenizer;
  const dec = new IncrementalDecoder(tok);
  const deltas = GREEDY_40.map((id) => dec.push(id));
  assert.equal(deltas.join('') + dec.flush(), GREEDY_40_TEXT);
  assert.equal(deltas[1], ' there', 'a later word keeps its leading space');
});

test('byte-fallback pieces are held back until their character is complete', async () => {
  const tok = await tokenizer;
  const text = 'Tim’s cat said héllo 🙂 and 日本';
  const ids = tok.encode(text, false);
  assert.ok(ids.some((id) => id >= 3 && id <= 258), 'the text needs byte-fallback tokens');
  const dec = new IncrementalDecoder(tok);
  const deltas = ids.map((id) => dec.push(id));
  for (const d of deltas) assert.ok(!d.includes('\uFFFD'), `no partial character streamed: ${JSON.stringify(d)}`);
  assert.ok(deltas.some((d) => d === ''), 'some pieces were held back');
  assert.equal(deltas.join('') + dec.flush(), text);
  assert.equal(tok.decode(ids), text);
});

test('a decoder with context keeps the first token\'s leading space', async () => {
  const tok = await tokenizer;
  const dec = new IncrementalDecoder(tok, GREEDY_40.slice(0, 1));
  assert.equal(dec.push(GREEDY_40[1]!), ' there');
  assert.equal(new IncrementalDecoder(tok).push(GREEDY_40[1]!), 'there');
});
