// Per-model prices and the BATS unified cost C = c_tokens + Σ c_i·P_i
// (methods.md §1). Prices are USD per 1M tokens, as providers publish them.
// The built-in table is a convenience, not an authority: providers change
// prices, so every entry can be overridden from settings (a plain object), and
// an unknown model is reported as unpriced rather than guessed — the money cap
// refuses to bet on a guess (see RunBudget.planCompletion).
import { z } from 'zod';
import type { Usage } from './usage';

export interface ModelPrice {
  /** USD per 1M uncached input tokens. */
  input: number;
  /** USD per 1M input tokens served from the provider's prompt cache. */
  cachedInput: number;
  /** USD per 1M output tokens (reasoning tokens are billed as output). */
  output: number;
}

/** BATS prices every tool call at $0.001 (methods.md §1). */
export const DEFAULT_TOOL_CALL_USD = 0.001;

/** Providers whose models run on the user's machine: tokens and time, no money. */
export const LOCAL_PROVIDERS: ReadonlySet<string> = new Set(['onnx']);

const FREE: ModelPrice = Object.freeze({ input: 0, cachedInput: 0, output: 0 });

const p = (input: number, cachedInput: number, output: number): ModelPrice => ({ input, cachedInput, output });

/**
 * Published list prices (late 2025) of common models reachable through
 * OpenAI-compatible endpoints. Keys are matched exactly, then as the longest
 * prefix followed by a version separator ("gpt-4o-2024-08-06" → "gpt-4o").
 */
export const DEFAULT_MODEL_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'gpt-5': p(1.25, 0.125, 10),
  'gpt-5-mini': p(0.25, 0.025, 2),
  'gpt-5-nano': p(0.05, 0.005, 0.4),
  'gpt-5-chat-latest': p(1.25, 0.125, 10),
  'gpt-4.1': p(2, 0.5, 8),
  'gpt-4.1-mini': p(0.4, 0.1, 1.6),
  'gpt-4.1-nano': p(0.1, 0.025, 0.4),
  'gpt-4o': p(2.5, 1.25, 10),
  'gpt-4o-mini': p(0.15, 0.075, 0.6),
  'chatgpt-4o-latest': p(5, 5, 15),
  'gpt-4-turbo': p(10, 10, 30),
  'gpt-4': p(30, 30, 60),
  'gpt-3.5-turbo': p(0.5, 0.5, 1.5),
  o1: p(15, 7.5, 60),
  'o1-mini': p(1.1, 0.55, 4.4),
  o3: p(2, 0.5, 8),
  'o3-mini': p(1.1, 0.55, 4.4),
  'o3-pro': p(20, 20, 80),
  'o4-mini': p(1.1, 0.275, 4.4),
  'claude-opus-4': p(15, 1.5, 75),
  'claude-opus-4-1': p(15, 1.5, 75),
  'claude-sonnet-4': p(3, 0.3, 15),
  'claude-sonnet-4-5': p(3, 0.3, 15),
  'claude-haiku-4-5': p(1, 0.1, 5),
  'claude-3-5-haiku': p(0.8, 0.08, 4),
  'gemini-2.5-pro': p(1.25, 0.31, 10),
  'gemini-2.5-flash': p(0.3, 0.075, 2.5),
  'gemini-2.5-flash-lite': p(0.1, 0.025, 0.4),
  'deepseek-chat': p(0.28, 0.028, 0.42),
  'deepseek-reasoner': p(0.28, 0.028, 0.42),
});

/** Names that differ only by spelling from a table key. */
export const DEFAULT_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'gpt-4o-latest': 'gpt-4o',
  'gpt-5-chat': 'gpt-5-chat-latest',
  'claude-sonnet-4-0': 'claude-sonnet-4',
  'claude-opus-4-0': 'claude-opus-4',
  'claude-3-5-haiku-latest': 'claude-3-5-haiku',
});

/**
 * The pricing section of settings, as it arrives (untrusted JSON). A model key
 * ending in `*` matches by plain prefix ("llama*": local Ollama models at 0).
 */
export interface UserPriceTable {
  models?: Record<string, { input?: number; cachedInput?: number; output?: number }>;
  aliases?: Record<string, string>;
  /** USD per call of a named tool. */
  tools?: Record<string, number>;
  /** USD per call of any tool not named in `tools`. */
  defaultToolCall?: number;
}

const price = z.number().finite().nonnegative();
const userTableSchema = z.object({
  models: z
    .record(z.string(), z.object({ input: price.optional(), cachedInput: price.optional(), output: price.optional() }))
    .optional(),
  aliases: z.record(z.string(), z.string()).optional(),
  tools: z.record(z.string(), price).optional(),
  defaultToolCall: price.optional(),
});

/** Version separators that may follow a known model name. */
const SEPARATORS = new Set(['-', ':', '@', '.', '_']);

function normalize(model: string): string {
  const m = model.trim().toLowerCase();
  // "openai/gpt-4o", "anthropic/claude-sonnet-4" (OpenRouter-style): drop the vendor.
  const slash = m.lastIndexOf('/');
  return slash >= 0 ? m.slice(slash + 1) : m;
}

export class PriceTable {
  private readonly models = new Map<string, ModelPrice>();
  private readonly globs: Array<[string, ModelPrice]> = [];
  private readonly aliases = new Map<string, string>();
  private readonly toolPrices = new Map<string, number>();
  private readonly defaultToolCall: number;
  /** resolve() runs on every charge; prefix matching is done once per name. */
  private readonly cache = new Map<string, ModelPrice | undefined>();
  /** Settings entries that were ignored, with why (for a warning in the UI). */
  readonly problems: string[] = [];

  /**
   * Defaults overlaid by a user table. Bad user input never throws: the
   * offending part is skipped and listed in `problems`.
   */
  constructor(user?: unknown) {
    for (const [k, v] of Object.entries(DEFAULT_MODEL_PRICES)) this.models.set(k, v);
    for (const [k, v] of Object.entries(DEFAULT_ALIASES)) this.aliases.set(k, v);
    let defaultTool = DEFAULT_TOOL_CALL_USD;
    if (user !== undefined && user !== null) {
      const parsed = userTableSchema.safeParse(user);
      if (!parsed.success) {
        this.problems.push(`pricing settings ignored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      } else {
        const t = parsed.data;
        for (const [key, entry] of Object.entries(t.models ?? {})) this.setUserPrice(key, entry);
        for (const [k, v] of Object.entries(t.aliases ?? {})) this.aliases.set(normalize(k), normalize(v));
        for (const [k, v] of Object.entries(t.tools ?? {})) this.toolPrices.set(k, v);
        if (t.defaultToolCall !== undefined) defaultTool = t.defaultToolCall;
      }
    }
    this.defaultToolCall = defaultTool;
    // Longest glob first, so the most specific one wins.
    this.globs.sort((a, b) => b[0].length - a[0].length);
  }

  private setUserPrice(key: string, entry: { input?: number; cachedInput?: number; output?: number }): void {
    const glob = key.endsWith('*');
    const name = normalize(glob ? key.slice(0, -1) : key);
    const base = glob ? undefined : this.models.get(name);
    const input = entry.input ?? base?.input;
    const output = entry.output ?? base?.output;
    if (input === undefined || output === undefined) {
      this.problems.push(`pricing for '${key}' needs both input and output prices`);
      return;
    }
    // Providers without a cache discount bill cached tokens as ordinary input.
    const full: ModelPrice = { input, output, cachedInput: entry.cachedInput ?? base?.cachedInput ?? input };
    if (glob) this.globs.push([name, full]);
    else this.models.set(name, full);
  }

  /**
   * Price of a model, or undefined when it is unknown. Models of a local
   * provider are free whatever their name.
   */
  resolve(model: string, provider?: string): ModelPrice | undefined {
    if (provider !== undefined && LOCAL_PROVIDERS.has(provider)) return FREE;
    if (this.cache.has(model)) return this.cache.get(model);
    const found = this.lookup(model);
    if (this.cache.size < 1024) this.cache.set(model, found);
    return found;
  }

  private lookup(model: string): ModelPrice | undefined {
    let name = normalize(model);
    name = this.aliases.get(name) ?? name;
    const exact = this.models.get(name);
    if (exact) return exact;
    // Longest known key that is followed by a version separator.
    let best: string | undefined;
    for (const key of this.models.keys()) {
      if (name.length > key.length && name.startsWith(key) && SEPARATORS.has(name[key.length] as string)) {
        if (best === undefined || key.length > best.length) best = key;
      }
    }
    if (best !== undefined) return this.models.get(best);
    for (const [prefix, price] of this.globs) if (name.startsWith(prefix)) return price;
    return undefined;
  }

  /** USD per call of `tool` (BATS P_i). */
  toolCallPrice(tool: string): number {
    return this.toolPrices.get(tool) ?? this.defaultToolCall;
  }
}

/**
 * c_tokens: input, cached input and output priced separately. `cachedInputTokens`
 * is part of `inputTokens` (as OpenAI reports it), so only the rest is billed
 * at the full input rate.
 */
export function tokenCostUsd(
  usage: Pick<Usage, 'inputTokens' | 'cachedInputTokens' | 'outputTokens'>,
  price: ModelPrice,
): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  return (uncached * price.input + cached * price.cachedInput + usage.outputTokens * price.output) / 1_000_000;
}

/** BATS unified cost C = c_tokens + Σ_i c_i·P_i over per-tool call counts. */
export function unifiedCostUsd(
  usage: Pick<Usage, 'inputTokens' | 'cachedInputTokens' | 'outputTokens'>,
  price: ModelPrice,
  toolCalls: Readonly<Record<string, number>>,
  table: PriceTable,
): number {
  let tools = 0;
  for (const [name, count] of Object.entries(toolCalls)) tools += count * table.toolCallPrice(name);
  return tokenCostUsd(usage, price) + tools;
}
