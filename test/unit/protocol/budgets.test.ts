import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUDGET_FIELDS, BUDGET_KEYS, isBudgetKey, validateBudgetValue } from '../../../src/core/protocol';

test('every budget key has a field description', () => {
  assert.deepEqual(BUDGET_FIELDS.map((f) => f.key), [...BUDGET_KEYS]);
  assert.ok(isBudgetKey('maxUsd'));
  assert.ok(!isBudgetKey('toString'));
});

test('typed budget values are parsed and validated with clear errors', () => {
  assert.deepEqual(validateBudgetValue('maxTokens', '50000'), { ok: true, value: 50_000 });
  assert.deepEqual(validateBudgetValue('maxTokens', ' 50,000 '), { ok: true, value: 50_000 });
  assert.deepEqual(validateBudgetValue('maxTokens', '1e5'), { ok: true, value: 100_000 });
  assert.deepEqual(validateBudgetValue('maxUsd', '$0.25'), { ok: true, value: 0.25 });
  assert.deepEqual(validateBudgetValue('maxTokens', '12.5k'), { ok: true, value: 12_500 });
  assert.deepEqual(validateBudgetValue('maxTokens', '2M'), { ok: true, value: 2_000_000 });
  assert.deepEqual(validateBudgetValue('maxUsd', ''), { ok: true, value: null });
  assert.deepEqual(validateBudgetValue('dailyUsd', null), { ok: true, value: null });

  const cases: [Parameters<typeof validateBudgetValue>[0], string | number, RegExp][] = [
    ['maxTokens', 'abc', /not a number/],
    ['maxTokens', '-5', /at least 1/],
    ['maxTokens', '5x', /not a number/],
    ['maxTokens', '12.5', /whole number/],
    ['maxTokens', '0', /at least 1/],
    ['maxSeconds', 10_000_000, /at most/],
    ['maxUsd', Number.NaN, /finite/],
    ['maxUsd', '0.0000001', /decimal places/],
    ['maxToolCalls', 'Infinity', /not a number/],
  ];
  for (const [key, raw, re] of cases) {
    const r = validateBudgetValue(key, raw);
    assert.equal(r.ok, false, `${key}=${raw}`);
    if (!r.ok) assert.match(r.error, re);
  }
});
