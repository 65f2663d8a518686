// The minimal replacement the WorkspaceEdit writer applies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minimalChange } from '../../../src/vscode/tools/textChange';

function apply(from: string, to: string): string {
  const c = minimalChange(from, to);
  return c ? from.slice(0, c.start) + c.text + from.slice(c.end) : from;
}

test('keeps the common prefix and suffix; equal texts need no change', () => {
  assert.equal(minimalChange('same', 'same'), undefined);
  assert.deepEqual(minimalChange('const a = 1;\n', 'const a = 2;\n'), { start: 10, end: 11, text: '2' });
  assert.deepEqual(minimalChange('aa', 'aaa'), { start: 2, end: 2, text: 'a' });
  assert.deepEqual(minimalChange('abc', ''), { start: 0, end: 3, text: '' });
  assert.deepEqual(minimalChange('', 'new'), { start: 0, end: 0, text: 'new' });
});

test('never splits a surrogate pair', () => {
  const c = minimalChange('x😀y', 'x😃y');
  assert.ok(c);
  assert.equal(c.text, '😃');
  assert.equal('x😀y'.slice(c.start, c.end), '😀');
});

test('applying the change always yields the target (randomized)', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const alphabet = ['a', 'b', '\n', '\r\n', '😀', ' '];
  const word = () => Array.from({ length: rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
  for (let i = 0; i < 2000; i++) {
    const from = word();
    const to = rand(3) === 0 ? from : word();
    assert.equal(apply(from, to), to, JSON.stringify({ from, to }));
  }
});
