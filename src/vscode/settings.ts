// The extension's settings as typed data. Pure (zod only, no `vscode`): every
// key is validated on its own, so one broken setting falls back to its default
// with a clear problem message and never takes the others down with it.
// The bounds mirror package.json `contributes.configuration`.
import { z } from 'zod';
import type { BudgetLimits } from '../core/budget/usage';
import type { StrategyName } from '../core/agent/types';

export const PROVIDERS = ['openai', 'onnx', 'vscode-lm'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
export const THINKING_MODES = ['high', 'medium', 'low'] as const;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const num = (min: number, max: number) => z.number().finite().min(min).max(max);

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
  'budget.maxTokens': { schema: int(100, 10_000_000), default: 100_000 },
  'budget.maxToolCalls': { schema: int(0, 10_000), default: 30 },
  'budget.maxUsd': { schema: num(0, 1000), default: 0.5 },
  'budget.maxThinkingTokens': { schema: int(0, 1_000_000), default: 4096 },
  'budget.maxSeconds': { schema: int(1, 86_400), default: 300 },
  'budget.dailyUsdCap': { schema: num(0, 100_000), default: 5 },
  'budget.monthlyUsdCap': { schema: num(0, 1_000_000), default: 50 },
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

/** Validates one value; `undefined` means unset (the default, no problem). */
export function parseSetting<K extends SettingKey>(key: K, raw: unknown): { value: Settings[K]; problem?: SettingProblem } {
  const spec = SETTINGS[key];
  if (raw === undefined || raw === null) return { value: spec.default as Settings[K] };
  const result = spec.schema.safeParse(raw);
  if (result.success) return { value: result.data as Settings[K] };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return {
    value: spec.default as Settings[K],
    problem: {
      setting: `budgetAgent.${key}`,
      message: `budgetAgent.${key} = ${preview(raw)} is invalid${where} (${issue?.message ?? 'invalid value'}); using the default ${preview(spec.default)}.`,
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

/** The per-run budget the settings describe. `0` USD caps mean "no cap" only for daily/monthly. */
export function runLimits(s: Settings): BudgetLimits {
  return {
    maxTokens: s['budget.maxTokens'],
    maxToolCalls: s['budget.maxToolCalls'],
    maxUsd: s['budget.maxUsd'],
    maxThinkingTokens: s['budget.maxThinkingTokens'],
    maxSeconds: s['budget.maxSeconds'],
  };
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
