// The extension's settings as typed data. Pure (zod only, no `vscode`): every
// key is validated on its own, so one broken setting falls back to its default
// with a clear problem message and never takes the others down with it.
// The budget settings (`budget.*`) come from BUDGET_FIELDS in
// src/core/protocol/budgets.ts, the one source of their bounds and defaults
// (package.json contributes.configuration says the same; a unit test checks).
// A budget set to `null` means "no limit"; `0` is a real cap of zero.
import { z } from 'zod';
import type { BudgetLimits } from '../core/budget/usage';
import type { StrategyName } from '../core/agent/types';
import { budgetField, budgetKeyOfSetting, validateBudgetValue, type BudgetKey } from '../core/protocol/budgets';

export const PROVIDERS = ['openai', 'onnx', 'vscode-lm'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export const THINKING_MODES = ['high', 'medium', 'low'] as const;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const num = (min: number, max: number) => z.number().finite().min(min).max(max);

/** A budget setting: its field's bounds, `null` = no limit. */
function budget(key: BudgetKey): { schema: z.ZodNullable<z.ZodNumber>; default: number | null; nullable: true } {
  const f = budgetField(key);
  return { schema: (f.integer ? int(f.min, f.max) : num(f.min, f.max)).nullable(), default: f.default, nullable: true };
}

const price = z.number().finite().min(0);
/** `budgetAgent.pricing.overrides`: the shape src/core/budget/pricing.ts (UserPriceTable) takes, USD per 1M tokens. */
export const priceOverridesSchema = z
  .object({
    models: z.record(z.string().min(1), z.object({ input: price.optional(), cachedInput: price.optional(), output: price.optional() }).strict()).optional(),
    aliases: z.record(z.string().min(1), z.string().min(1)).optional(),
    tools: z.record(z.string().min(1), price).optional(),
    defaultToolCall: price.optional(),
  })
  .strict();
export type PriceOverrides = z.infer<typeof priceOverridesSchema>;

/** Setting key (after `budgetAgent.`) → schema and default. */
export const SETTINGS = {
  'budget.maxTokens': budget('maxTokens'),
  'budget.maxOutputTokens': budget('maxOutputTokens'),
  'budget.maxToolCalls': budget('maxToolCalls'),
  'budget.maxUsd': budget('maxUsd'),
  'budget.maxThinkingTokens': budget('maxThinkingTokens'),
  'budget.maxSeconds': budget('maxSeconds'),
  'budget.dailyUsdCap': budget('dailyUsd'),
  'budget.monthlyUsdCap': budget('monthlyUsd'),
  strategy: { schema: z.enum(['react', 'tracker', 'bats', 'plan-and-budget', 'auto']), default: 'auto' as StrategyName | 'auto' },
  provider: { schema: z.enum(PROVIDERS), default: 'onnx' as ProviderName },
  'openai.baseUrl': { schema: z.url({ protocol: /^https?$/ }), default: 'https://api.openai.com/v1' },
  model: { schema: z.string().trim().max(200), default: '' },
  'local.modelPath': { schema: z.string().trim().max(4096), default: '' },
  'local.intraOpThreads': { schema: int(1, 64), default: 1 },
  'pricing.overrides': { schema: priceOverridesSchema, default: {} as PriceOverrides },
  'thinking.mode': { schema: z.enum(THINKING_MODES), default: 'medium' as (typeof THINKING_MODES)[number] },
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type Settings = { -readonly [K in SettingKey]: z.infer<(typeof SETTINGS)[K]['schema']> };

export interface SettingProblem {
  /** Full setting id, e.g. `budgetAgent.budget.maxUsd`. */
  setting: string;
  message: string;
}

export interface ParsedSettings {
  settings: Settings;
  problems: SettingProblem[];
}

/**
 * Validates one value; `undefined` means unset (the default, no problem).
 * `null` is "no limit" for the budget settings and unset for the others.
 */
export function parseSetting<K extends SettingKey>(key: K, raw: unknown): { value: Settings[K]; problem?: SettingProblem } {
  const spec = SETTINGS[key];
  if (raw === null && 'nullable' in spec) return { value: null as Settings[K] };
  if (raw === undefined || raw === null) return { value: spec.default as Settings[K] };
  const result = spec.schema.safeParse(raw);
  if (result.success) return { value: result.data as Settings[K] };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
  // A budget number out of bounds: the panel's own wording ("must be at least 1 second").
  const budgetKey = budgetKeyOfSetting(key);
  const budgetCheck = budgetKey && typeof raw === 'number' ? validateBudgetValue(budgetKey, raw) : undefined;
  const why = budgetCheck && !budgetCheck.ok ? budgetCheck.error.replace(/\.$/, '') : budgetKey && typeof raw !== 'number' ? 'must be a number, or null for no limit' : (issue?.message ?? 'invalid value');
  return {
    value: spec.default as Settings[K],
    problem: {
      setting: `budgetAgent.${key}`,
      message: `budgetAgent.${key} = ${preview(raw)} is invalid${budgetKey ? '' : where} (${why}); using the default ${preview(spec.default)}.`,
    },
  };
}

/** Reads every setting through `get` (raw values as stored), collecting problems. */
export function parseSettings(get: (key: SettingKey) => unknown): ParsedSettings {
  const settings = {} as Record<SettingKey, unknown>;
  const problems: SettingProblem[] = [];
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const { value, problem } = parseSetting(key, get(key));
    settings[key] = value;
    if (problem) problems.push(problem);
  }
  return { settings: settings as Settings, problems };
}

/** The per-run budget the settings describe; a `null` (no limit) setting is left out. */
export function runLimits(s: Settings): BudgetLimits {
  const limits: BudgetLimits = {};
  const set = (name: keyof BudgetLimits & BudgetKey, v: number | null) => {
    if (v !== null) (limits as Record<string, number>)[name] = v;
  };
  set('maxTokens', s['budget.maxTokens']);
  set('maxOutputTokens', s['budget.maxOutputTokens']);
  set('maxToolCalls', s['budget.maxToolCalls']);
  set('maxUsd', s['budget.maxUsd']);
  set('maxThinkingTokens', s['budget.maxThinkingTokens']);
  set('maxSeconds', s['budget.maxSeconds']);
  return limits;
}

/** Setting key (after `budgetAgent.`) of each budget key of the panel protocol. */
export function budgetSettingKey(key: BudgetKey): SettingKey {
  return budgetField(key).setting as SettingKey;
}

/** The workspace budgets as the panel shows them (null = no limit). */
export function panelBudgets(s: Settings): Record<BudgetKey, number | null> {
  return {
    maxTokens: s['budget.maxTokens'],
    maxOutputTokens: s['budget.maxOutputTokens'],
    maxThinkingTokens: s['budget.maxThinkingTokens'],
    maxToolCalls: s['budget.maxToolCalls'],
    maxUsd: s['budget.maxUsd'],
    maxSeconds: s['budget.maxSeconds'],
    dailyUsd: s['budget.dailyUsdCap'],
    monthlyUsd: s['budget.monthlyUsdCap'],
  };
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
