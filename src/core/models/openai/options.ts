// Options of the OpenAI-compatible provider, their defaults, and the
// model-family rules (which models reason, which cap parameter they take, how a
// thinking budget becomes a reasoning_effort).

import type { ReasoningEffort } from '../types';

export interface OpenAIProviderOptions {
  /** Server root including the version path, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1. */
  baseUrl: string;
  /**
   * Passed in by the caller (SecretStorage in the extension, an environment
   * variable in the CLI), never read from settings here. Never logged or put
   * into an error message. Local servers that need none: leave empty.
   */
  apiKey?: string;
  /** Model id sent to the server and used for pricing and display. */
  model: string;
  /** Context window of the model, for the budget gate (default 128 000). */
  contextWindow?: number;
  /**
   * Idle timeout per attempt: no response headers or no stream chunk within
   * this many ms aborts the attempt as 'timeout' (retried). Default 60 000.
   */
  timeoutMs?: number;
  /** Attempts per chat() call, first included (default 4; 1 disables retries). */
  maxAttempts?: number;
  /** First backoff delay in ms (default 500); doubles each retry, with jitter. */
  retryBaseDelayMs?: number;
  /**
   * Longest wait between attempts in ms (default 20 000). A Retry-After longer
   * than this is not waited out: the call fails with 'rate_limit'/'server' and
   * says how long the server asked to wait.
   */
  maxRetryDelayMs?: number;
  /** Send max_completion_tokens instead of max_tokens (default: true for reasoning models). */
  useMaxCompletionTokens?: boolean;
  /** The model spends reasoning tokens and takes reasoning_effort (default: from the id, see isReasoningModel). */
  reasoningModel?: boolean;
  /** Stream responses (default true). false: one JSON completion per attempt. */
  stream?: boolean;
  /** Extra headers on every request (e.g. OpenRouter's HTTP-Referer). */
  headers?: Record<string, string>;
  /** Extra body fields merged into every chat request (e.g. `{ top_k: 40 }` for vLLM). */
  extraBody?: Record<string, unknown>;
  /** Testing: jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

export interface ResolvedOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  contextWindow: number;
  timeoutMs: number;
  maxAttempts: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  reasoningModel: boolean;
  useMaxCompletionTokens: boolean;
  stream: boolean;
  headers: Record<string, string>;
  extraBody: Record<string, unknown>;
  random: () => number;
}

export function resolveOptions(o: OpenAIProviderOptions): ResolvedOptions {
  if (!o.baseUrl) throw new Error('OpenAIProvider: baseUrl is required');
  if (!o.model) throw new Error('OpenAIProvider: model is required');
  const reasoningModel = o.reasoningModel ?? isReasoningModel(o.model);
  return {
    baseUrl: o.baseUrl.replace(/\/+$/, ''),
    apiKey: o.apiKey ?? '',
    model: o.model,
    contextWindow: o.contextWindow ?? 128_000,
    timeoutMs: positive(o.timeoutMs, 60_000),
    maxAttempts: Math.max(1, Math.floor(o.maxAttempts ?? 4)),
    retryBaseDelayMs: Math.max(0, o.retryBaseDelayMs ?? 500),
    maxRetryDelayMs: Math.max(0, o.maxRetryDelayMs ?? 20_000),
    reasoningModel,
    useMaxCompletionTokens: o.useMaxCompletionTokens ?? reasoningModel,
    stream: o.stream ?? true,
    headers: { ...o.headers },
    extraBody: { ...o.extraBody },
    random: o.random ?? Math.random,
  };
}

function positive(v: number | undefined, fallback: number): number {
  return v !== undefined && v > 0 ? v : fallback;
}

/** Model id without a router prefix: "openai/gpt-5-mini" → "gpt-5-mini". */
function bareId(model: string): string {
  return (model.split('/').pop() ?? model).toLowerCase();
}

/** o1, o3, o4-mini, … and gpt-5* (except gpt-5-chat*, which does not reason). */
export function isReasoningModel(model: string): boolean {
  const id = bareId(model);
  if (/^o\d/.test(id)) return true;
  return /^gpt-5/.test(id) && !/^gpt-5(\.\d+)?-chat/.test(id);
}

/** gpt-5* accepts 'minimal'; the o-series only low/medium/high. */
export function supportsMinimalEffort(model: string): boolean {
  return /^gpt-5/.test(bareId(model));
}

/**
 * Thinking budget → reasoning_effort. Thresholds (tokens of thinking allowed):
 *
 *   budget <  1 024  → minimal   (o-series: low)
 *   budget <  4 096  → low
 *   budget < 16 384  → medium
 *   otherwise        → high
 *
 * The effort is only a hint to the server; the hard cap is
 * max_completion_tokens (= ChatRequest.maxOutputTokens), which covers
 * reasoning and visible output together.
 */
export function effortForBudget(budgetTokens: number, model: string): ReasoningEffort {
  const effort: ReasoningEffort = budgetTokens < 1024 ? 'minimal' : budgetTokens < 4096 ? 'low' : budgetTokens < 16_384 ? 'medium' : 'high';
  return effort === 'minimal' && !supportsMinimalEffort(model) ? 'low' : effort;
}
