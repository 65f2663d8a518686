// Command-line parsing with node's util.parseArgs, turned into a validated
// configuration. Every mistake is a UsageError (exit code 2) whose message
// says what to fix.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { STRATEGIES, type BudgetSchedule, type StrategyName } from '../core/agent/types';
import type { BudgetLimits } from '../core/budget/usage';
import { budgetField } from '../core/protocol/budgets';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface RunConfig {
  command: 'run';
  task: string;
  workspace: string;
  provider: 'openai' | 'onnx';
  baseUrl: string;
  model: string;
  modelPath?: string;
  apiKeyEnv: string;
  strategy: StrategyName | 'auto';
  schedule?: BudgetSchedule;
  limits: BudgetLimits;
  events?: string;
  json: boolean;
  allowCommands: boolean;
  ledger: string;
  threads: number;
  /** Workspace-wide USD caps, enforced across runs from the persisted ledger. */
  dailyUsdCap?: number;
  monthlyUsdCap?: number;
  /** OpenTelemetry OTLP/HTTP endpoint (else OTEL_EXPORTER_OTLP_ENDPOINT; off when neither). */
  otlpEndpoint?: string;
  /** Team budget document URL (JSON); the team's remaining USD becomes one more cap. */
  teamBudgetUrl?: string;
  /** Price table overrides (JSON file, same shape as the budgetAgent.pricing.overrides setting). */
  prices?: string;
  /** Caps the user gave explicitly (the rest are defaults); a default money cap needs a priced model. */
  explicitLimits: ReadonlySet<keyof BudgetLimits>;
}

export interface LedgerConfig {
  command: 'ledger';
  workspace: string;
  ledger: string;
  json: boolean;
}

export type CliConfig = RunConfig | LedgerConfig | { command: 'help' };

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o-mini';
const SCHEDULES: readonly BudgetSchedule[] = ['constant', 'linear', 'polynomial', 'exponential', 'cosine'];

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  workspace: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'model-path': { type: 'string' },
  'api-key-env': { type: 'string' },
  strategy: { type: 'string' },
  schedule: { type: 'string' },
  'max-tool-calls': { type: 'string' },
  'max-tokens': { type: 'string' },
  'max-usd': { type: 'string' },
  'max-thinking-tokens': { type: 'string' },
  'max-seconds': { type: 'string' },
  events: { type: 'string' },
  json: { type: 'boolean' },
  'allow-commands': { type: 'boolean' },
  ledger: { type: 'string' },
  threads: { type: 'string' },
  'daily-usd-cap': { type: 'string' },
  'monthly-usd-cap': { type: 'string' },
  'otlp-endpoint': { type: 'string' },
  'team-budget-url': { type: 'string' },
  prices: { type: 'string' },
} as const;

/**
 * Caps a run gets when the flag is not given: the extension's defaults, so
 * that no run is ever uncapped by accident. `--max-… none` lifts one.
 */
const DEFAULT_LIMIT_KEYS = ['maxTokens', 'maxToolCalls', 'maxUsd', 'maxSeconds'] as const;
export const DEFAULT_LIMITS: Readonly<BudgetLimits> = Object.fromEntries(
  DEFAULT_LIMIT_KEYS.map((key) => [key, budgetField(key).default]).filter(([, value]) => value !== null),
);

function httpUrl(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`--${name} must be an http(s) URL; got "${raw}".`);
}

function number(name: string, raw: string | undefined, opts: { integer?: boolean; min?: number } = {}): number | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'none' && name.startsWith('max-')) return Infinity;
  const value = Number(raw);
  const min = opts.min ?? 0;
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || (opts.integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} needs ${opts.integer ? 'a whole number' : 'a number'} ≥ ${min}, got "${raw}".`);
  }
  return value;
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${raw}".`);
  return raw as T;
}

export function parseCli(argv: readonly string[], cwd: string): CliConfig {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (v.help || command === 'help' || command === undefined) {
    if (command === undefined && !v.help) throw new UsageError('No command given: use "budget-agent run \\"<task>\\"" or "budget-agent ledger".');
    return { command: 'help' };
  }
  const workspace = path.resolve(cwd, v.workspace ?? '.');
  const ledger = v.ledger ? path.resolve(cwd, v.ledger) : path.join(workspace, '.budget-agent', 'ledger.jsonl');

  if (command === 'ledger') {
    if (rest.length) throw new UsageError(`"ledger" takes no arguments; got "${rest.join(' ')}".`);
    return { command: 'ledger', workspace, ledger, json: v.json ?? false };
  }
  if (command !== 'run') throw new UsageError(`Unknown command "${command}": use "run" or "ledger" (see --help).`);
  if (rest.length !== 1 || !rest[0]?.trim()) {
    throw new UsageError(rest.length > 1 ? 'Give the task as one quoted argument: budget-agent run "<task>".' : 'Missing the task: budget-agent run "<task>".');
  }

  const provider = oneOf('provider', v.provider, ['openai', 'onnx'] as const, 'openai');
  if (provider === 'onnx' && !v['model-path']) throw new UsageError('--provider onnx needs --model-path DIR (a local ONNX model folder).');
  const limits: BudgetLimits = { ...DEFAULT_LIMITS };
  const explicitLimits = new Set<keyof BudgetLimits>();
  // Given: that value; 'none' (Infinity here): no cap; absent: the default above.
  const set = <K extends 'maxTokens' | 'maxToolCalls' | 'maxUsd' | 'maxThinkingTokens' | 'maxSeconds'>(key: K, value: number | undefined) => {
    if (value === undefined) return;
    explicitLimits.add(key);
    if (value === Infinity) delete limits[key];
    else limits[key] = value;
  };
  set('maxToolCalls', number('max-tool-calls', v['max-tool-calls'], { integer: true }));
  set('maxTokens', number('max-tokens', v['max-tokens'], { integer: true, min: 1 }));
  set('maxUsd', number('max-usd', v['max-usd']));
  set('maxThinkingTokens', number('max-thinking-tokens', v['max-thinking-tokens'], { integer: true }));
  set('maxSeconds', number('max-seconds', v['max-seconds'], { min: 0.001 }));
  const apiKeyEnv = v['api-key-env'] ?? 'OPENAI_API_KEY';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) throw new UsageError(`--api-key-env takes an environment variable name; got "${apiKeyEnv}".`);
  const baseUrl = httpUrl('base-url', v['base-url'] ?? DEFAULT_BASE_URL) ?? DEFAULT_BASE_URL;

  return {
    command: 'run',
    task: rest[0],
    workspace,
    provider,
    baseUrl,
    model: v.model ?? DEFAULT_MODEL,
    modelPath: v['model-path'] ? path.resolve(cwd, v['model-path']) : undefined,
    apiKeyEnv,
    strategy: oneOf('strategy', v.strategy, [...STRATEGIES, 'auto'] as const, 'bats'),
    schedule: v.schedule === undefined ? undefined : oneOf('schedule', v.schedule, SCHEDULES, 'cosine'),
    limits,
    events: v.events,
    json: v.json ?? false,
    allowCommands: v['allow-commands'] ?? false,
    ledger,
    threads: number('threads', v.threads, { integer: true, min: 1 }) ?? 1,
    dailyUsdCap: number('daily-usd-cap', v['daily-usd-cap']),
    monthlyUsdCap: number('monthly-usd-cap', v['monthly-usd-cap']),
    otlpEndpoint: httpUrl('otlp-endpoint', v['otlp-endpoint']),
    teamBudgetUrl: httpUrl('team-budget-url', v['team-budget-url']),
    prices: v.prices ? path.resolve(cwd, v.prices) : undefined,
    explicitLimits,
  };
}
