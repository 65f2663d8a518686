import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAnswer, checkerSchema, firstDurationSeconds, normalizeAnswer, numbersIn, type Checker } from '../../../src/eval/checkers';

const fn = (name: string, args: unknown): Checker => checkerSchema.parse({ type: 'fn', name, args });

test('answers are normalised: Markdown, quotes, "Answer:" and a trailing period', () => {
  assert.equal(normalizeAnswer('  **Answer:** `computeInvoiceTax`.  '), 'computeInvoiceTax');
  assert.equal(normalizeAnswer('"\'NL\'"'), 'NL');
  assert.equal(normalizeAnswer('GATEWAY_RATE_LIMIT__BURST'), 'GATEWAY_RATE_LIMIT__BURST');
});

test('exact, regex and contains', () => {
  assert.ok(checkAnswer({ type: 'exact', value: 'info' }, 'INFO.'));
  assert.ok(!checkAnswer({ type: 'exact', value: 'info', caseSensitive: true }, 'INFO'));
  assert.ok(checkAnswer({ type: 'regex', pattern: '^\\W*NL\\b' }, '`NL` (Netherlands)'));
  assert.ok(!checkAnswer({ type: 'regex', pattern: '^\\W*NL\\b' }, 'DE, not NL'));
  assert.ok(checkAnswer({ type: 'contains', value: ['half', 'even'] }, 'round half to even'));
  assert.ok(!checkAnswer({ type: 'contains', value: ['half', 'even'] }, 'round half up'));
  assert.ok(checkAnswer({ type: 'contains', value: ['half-even', 'banker'], mode: 'any' }, "Banker's rounding"));
});

test('no answer never passes', () => {
  assert.ok(!checkAnswer({ type: 'contains', value: 'x' }, null));
  assert.ok(!checkAnswer({ type: 'regex', pattern: '.*' }, '   '));
});

test('number: the first number of the answer, with separators, signs, words and tolerance', () => {
  assert.deepEqual(numbersIn('16,384 bytes (16 * 1024), −60 °C, .5 and five'), [16384, 16, 1024, -60, 0.5, 5]);
  assert.ok(checkAnswer(fn('number', { value: 5 }), 'There are 5 call sites (in 4 files).'));
  assert.ok(!checkAnswer(fn('number', { value: 5 }), 'In 4 files there are 5 call sites.'));
  assert.ok(checkAnswer(fn('number', { value: 5 }), 'five'));
  assert.ok(checkAnswer(fn('number', { value: [19, 0.19] }), '0.19'));
  assert.ok(checkAnswer(fn('number', { value: 33.5, tolerance: 0.05 }), '≈ 33.48 knots'));
  assert.ok(checkAnswer(fn('number', { value: -60 }), '-60 °C'));
  assert.ok(!checkAnswer(fn('number', { value: 60 }), '-60'));
  assert.ok(!checkAnswer(fn('number', { value: 3 }), 'WL-03'), 'a number inside an identifier is not an answer');
});

test('identifier: whole word, and forbidden alternatives fail the answer', () => {
  const c = fn('identifier', { value: 'computeInvoiceTax', forbid: ['computeInvoiceTotals'] });
  assert.ok(checkAnswer(c, 'It is `computeInvoiceTax` in src/invoice/tax.ts'));
  assert.ok(!checkAnswer(c, 'computeInvoiceTaxes'));
  assert.ok(!checkAnswer(c, 'computeInvoiceTax or computeInvoiceTotals'));
  assert.ok(!checkAnswer(fn('identifier', { value: 'station_readings' }), 'readings'));
});

test('choice: the option named first wins', () => {
  const c = fn('choice', { expected: 'no', options: ['yes', 'no'] });
  assert.ok(checkAnswer(c, 'No — exempt lines are excluded, so yes-answers would be wrong'));
  assert.ok(!checkAnswer(c, 'Yes, they do, no doubt'));
  assert.ok(!checkAnswer(c, 'maybe'));
  assert.throws(() => fn('choice', { expected: 'x', options: ['yes', 'no'] }));
});

test('set: every item as a whole word', () => {
  const c = fn('set', { items: ['authorization', 'x-api-key', 'cookie'] });
  assert.ok(checkAnswer(c, 'Authorization, X-API-Key and Cookie'));
  assert.ok(!checkAnswer(c, 'authorization and cookie'));
  assert.ok(!checkAnswer(c, 'authorization, x-api-keys, cookie'));
});

test('duration: units are converted to seconds', () => {
  assert.equal(firstDurationSeconds('5 minutes'), 300);
  assert.equal(firstDurationSeconds('300000 ms'), 300);
  assert.equal(firstDurationSeconds('1,200 seconds'), 1200);
  assert.ok(checkAnswer(fn('duration', { seconds: 900 }), '900 (15 minutes)'));
  assert.ok(checkAnswer(fn('duration', { seconds: 900 }), '15 min'));
  assert.ok(!checkAnswer(fn('duration', { seconds: 900 }), '300 s, overridden to 900'));
});

test('path: leading ./ and backslashes do not matter; a longer path does', () => {
  const c = fn('path', { value: 'src/http/routes.ts' });
  assert.ok(checkAnswer(c, './src/http/routes.ts'));
  assert.ok(checkAnswer(c, 'src\\http\\routes.ts (routeRequest)'));
  assert.ok(!checkAnswer(c, 'src/http/routes.tsx'));
  assert.ok(!checkAnswer(c, 'src/invoice/totals.ts'));
});

test('bad checkers are rejected by the schema', () => {
  assert.throws(() => checkerSchema.parse({ type: 'regex', pattern: '(' }));
  assert.throws(() => checkerSchema.parse({ type: 'fn', name: 'nope', args: {} }));
  assert.throws(() => checkerSchema.parse({ type: 'fn', name: 'number', args: { value: 'five' } }));
});
