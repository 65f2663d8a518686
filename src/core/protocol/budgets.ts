// The workspace budgets the panel's editor shows and changes. Keys are the
// BudgetLimits names (per-run caps) plus the workspace's daily/monthly money
// caps. Each key maps onto its `budgetAgent.budget.*` setting (`setting`); the
// extension writes it at ConfigurationTarget.Workspace.
//
// "No limit" is `null`, everywhere: in the settings (`"budgetAgent.budget.maxUsd": null`),
// in the panel (an empty field) and in the run factory (the limit is left out of
// BudgetLimits). `0` is a real cap of zero (no tool calls, no thinking, no money).
//
// BUDGET_FIELDS is the one source of truth for the bounds and defaults:
// src/vscode/settings.ts builds its zod schemas from it, and a unit test
// (test/unit/protocol/budget-settings.test.ts) checks that package.json
// contributes.configuration says the same.

export const BUDGET_KEYS = [
  'maxTokens',
  'maxOutputTokens',
  'maxThinkingTokens',
  'maxToolCalls',
  'maxUsd',
  'maxSeconds',
  'dailyUsd',
  'monthlyUsd',
] as const;

export type BudgetKey = (typeof BUDGET_KEYS)[number];
export type BudgetUnit = 'tokens' | 'calls' | 'usd' | 'seconds';

export interface BudgetField {
  key: BudgetKey;
  label: string;
  help: string;
  unit: BudgetUnit;
  integer: boolean;
  /** Smallest allowed value (inclusive). */
  min: number;
  /** Largest allowed value (inclusive). */
  max: number;
  /** The setting (after `budgetAgent.`) that holds this budget. */
  setting: string;
  /** The setting's default; null = no limit. */
  default: number | null;
}

export const BUDGET_FIELDS: readonly BudgetField[] = [
  { key: 'maxTokens', label: 'Max tokens per run', help: 'Input + output tokens together.', unit: 'tokens', integer: true, min: 100, max: 10_000_000, setting: 'budget.maxTokens', default: 100_000 },
  { key: 'maxOutputTokens', label: 'Max output tokens per run', help: 'Completion tokens, thinking included.', unit: 'tokens', integer: true, min: 1, max: 10_000_000, setting: 'budget.maxOutputTokens', default: null },
  { key: 'maxThinkingTokens', label: 'Max thinking tokens per run', help: 'Reasoning tokens of thinking models. 0 turns thinking off.', unit: 'tokens', integer: true, min: 0, max: 1_000_000, setting: 'budget.maxThinkingTokens', default: 4096 },
  { key: 'maxToolCalls', label: 'Max tool calls per run', help: 'All tools together. 0 answers without tools.', unit: 'calls', integer: true, min: 0, max: 10_000, setting: 'budget.maxToolCalls', default: 30 },
  { key: 'maxUsd', label: 'Max USD per run', help: 'US dollars at the model price table. 0 allows only free (local) models.', unit: 'usd', integer: false, min: 0, max: 1_000, setting: 'budget.maxUsd', default: 0.5 },
  { key: 'maxSeconds', label: 'Max seconds per run', help: 'Wall-clock time.', unit: 'seconds', integer: true, min: 1, max: 86_400, setting: 'budget.maxSeconds', default: 300 },
  { key: 'dailyUsd', label: 'Daily USD cap (workspace)', help: 'US dollars, all runs in this workspace per calendar day.', unit: 'usd', integer: false, min: 0, max: 100_000, setting: 'budget.dailyUsdCap', default: 5 },
  { key: 'monthlyUsd', label: 'Monthly USD cap (workspace)', help: 'US dollars, all runs in this workspace per calendar month.', unit: 'usd', integer: false, min: 0, max: 1_000_000, setting: 'budget.monthlyUsdCap', default: 50 },
];

export function budgetField(key: BudgetKey): BudgetField {
  const f = BUDGET_FIELDS.find((x) => x.key === key);
  if (!f) throw new Error(`unknown budget key ${String(key)}`);
  return f;
}

/** The budget key of a setting (after `budgetAgent.`), if it is one. */
export function budgetKeyOfSetting(setting: string): BudgetKey | undefined {
  return BUDGET_FIELDS.find((f) => f.setting === setting)?.key;
}

export function isBudgetKey(key: unknown): key is BudgetKey {
  return typeof key === 'string' && (BUDGET_KEYS as readonly string[]).includes(key);
}

export type BudgetValidation = { ok: true; value: number | null } | { ok: false; error: string };

/**
 * Validates one budget value as typed by a person (string) or sent over the
 * protocol (number | null). Empty input clears the cap. The same function runs
 * in the webview (inline errors) and in the extension (before writing settings).
 */
export function validateBudgetValue(key: BudgetKey, raw: string | number | null): BudgetValidation {
  const f = budgetField(key);
  if (raw === null) return { ok: true, value: null };
  let value: number;
  if (typeof raw === 'string') {
    const s = raw.trim().replace(/[_,\s]/g, '').replace(/^\$/, '');
    if (s === '') return { ok: true, value: null };
    // '12k', '1.5M' are accepted for counts and money alike.
    const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+]?\d+)?)([kKmM]?)$/.exec(s);
    if (!m) {
      return { ok: false, error: `${f.label}: “${raw.trim()}” is not a number. Enter a number (e.g. 50000 or 50k), or leave empty for no limit.` };
    }
    const scale = m[2] === '' ? 1 : m[2] === 'k' || m[2] === 'K' ? 1_000 : 1_000_000;
    value = Math.round(Number(m[1]) * scale * 1e9) / 1e9;
  } else {
    value = raw;
  }
  if (!Number.isFinite(value)) return { ok: false, error: `${f.label}: must be a finite number.` };
  if (f.integer && !Number.isInteger(value)) return { ok: false, error: `${f.label}: must be a whole number of ${f.unit}.` };
  if (value < f.min) return { ok: false, error: `${f.label}: must be at least ${formatLimit(f, f.min)}.` };
  if (value > f.max) return { ok: false, error: `${f.label}: must be at most ${formatLimit(f, f.max)}.` };
  if (f.unit === 'usd' && Math.abs(Math.round(value * 1e6) - value * 1e6) > 1e-6) {
    return { ok: false, error: `${f.label}: at most 6 decimal places.` };
  }
  return { ok: true, value };
}

function formatLimit(f: BudgetField, n: number): string {
  if (f.unit === 'usd') return `$${n.toLocaleString('en-US')}`;
  const unit = n === 1 ? { tokens: 'token', calls: 'call', seconds: 'second' }[f.unit] : f.unit;
  return `${n.toLocaleString('en-US')} ${unit}`;
}
