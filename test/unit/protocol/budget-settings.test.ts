// One source of truth for the budget settings: BUDGET_FIELDS (src/core/protocol/budgets.ts).
// package.json contributes.configuration and src/vscode/settings.ts must say the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_FIELDS, budgetKeyOfSetting, validateBudgetValue } from '../../../src/core/protocol';
import { SETTINGS, budgetSettingKey, panelBudgets, parseSetting, parseSettings, runLimits } from '../../../src/vscode/settings';

interface ManifestProperty {
  type: string | string[];
  default: unknown;
  minimum?: number;
  maximum?: number;
  markdownDescription?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, ManifestProperty> } };
};
const props = manifest.contributes.configuration.properties;

test('package.json declares every budget setting with the bounds, default and null of BUDGET_FIELDS', () => {
  for (const f of BUDGET_FIELDS) {
    const p = props[`budgetAgent.${f.setting}`];
    assert.ok(p, `budgetAgent.${f.setting} in package.json`);
    assert.deepEqual(p.type, [f.integer ? 'integer' : 'number', 'null'], f.setting);
    assert.equal(p.minimum, f.min, `${f.setting} minimum`);
    assert.equal(p.maximum, f.max, `${f.setting} maximum`);
    assert.equal(p.default, f.default, `${f.setting} default`);
    assert.match(p.markdownDescription ?? '', /`null` means no limit/, `${f.setting} documents null`);
  }
  const declared = Object.keys(props).filter((k) => k.startsWith('budgetAgent.budget.'));
  assert.deepEqual(declared.sort(), BUDGET_FIELDS.map((f) => `budgetAgent.${f.setting}`).sort(), 'no budget setting without a field');
});

test('settings.ts validates the budget settings with the same bounds and defaults', () => {
  for (const f of BUDGET_FIELDS) {
    const key = budgetSettingKey(f.key);
    assert.equal(budgetKeyOfSetting(key), f.key);
    assert.equal(SETTINGS[key].default, f.default, key);
    assert.equal(parseSetting(key, undefined).value, f.default, `${key} unset → default`);
    assert.equal(parseSetting(key, null).value, null, `${key} null → no limit`);
    assert.equal(parseSetting(key, null).problem, undefined);
    for (const v of [f.min, f.max]) {
      assert.equal(parseSetting(key, v).value, v, `${key}=${v} accepted`);
      assert.deepEqual(validateBudgetValue(f.key, v), { ok: true, value: v }, `${f.key}=${v} accepted by the panel`);
    }
    for (const v of [f.min - 1, f.max + 1]) {
      assert.ok(parseSetting(key, v).problem, `${key}=${v} refused`);
      assert.equal(validateBudgetValue(f.key, v).ok, false, `${f.key}=${v} refused by the panel`);
    }
    if (f.integer) {
      assert.ok(parseSetting(key, f.min + 0.5).problem, `${key} integer`);
      assert.equal(validateBudgetValue(f.key, f.min + 0.5).ok, false);
    }
  }
});

test('null budgets are left out of the run limits; 0 is a real cap', () => {
  const raw: Record<string, unknown> = { 'budget.maxTokens': null, 'budget.maxToolCalls': 0, 'budget.maxUsd': null, 'budget.maxOutputTokens': 500, 'budget.dailyUsdCap': null };
  const { settings, problems } = parseSettings((k) => raw[k]);
  assert.deepEqual(problems, []);
  assert.deepEqual(runLimits(settings), { maxOutputTokens: 500, maxToolCalls: 0, maxThinkingTokens: 4096, maxSeconds: 300 });
  assert.deepEqual(panelBudgets(settings), { maxTokens: null, maxOutputTokens: 500, maxThinkingTokens: 4096, maxToolCalls: 0, maxUsd: null, maxSeconds: 300, dailyUsd: null, monthlyUsd: 50 });
  // Unset everywhere: the defaults, and no output-token cap.
  const defaults = parseSettings(() => undefined).settings;
  assert.deepEqual(runLimits(defaults), { maxTokens: 100_000, maxToolCalls: 30, maxUsd: 0.5, maxThinkingTokens: 4096, maxSeconds: 300 });
});
