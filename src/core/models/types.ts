// One provider interface for every model source: OpenAI-compatible HTTP
// endpoints, local ONNX models, and VS Code's own language models.
// Providers never touch the ledger: they report usage through `onUsage`, once
// per attempt that was (or may have been) billed, and the agent loop charges it.

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCallRequest {
  /** Provider-assigned id, echoed back in the tool message. */
  id: string;
  name: string;
  /** Raw JSON text exactly as the model produced it (may be invalid JSON). */
  argumentsJson: string;
}

export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** Assistant messages: the tool calls it asked for. */
  toolCalls?: ToolCallRequest[];
  /** Tool messages: which call this answers. */
  toolCallId?: string;
}

/** A tool as the model sees it: JSON Schema for its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type ReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

export interface ThinkingControl {
  /** Hard cap on thinking tokens for this request. */
  budgetTokens: number;
  /** Remote reasoning models: mapped from the budget when absent. */
  effort?: ReasoningEffort;
  /** Local models (Elastic Reasoning): separate cap on answer tokens after the thinking span. */
  answerTokens?: number;
  /** Local models (budget forcing): below this many thinking tokens, the end-of-thinking marker is replaced by "Wait". */
  minTokens?: number;
}

export interface ChatRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  /** Largest completion allowed: computed by the ledger, never exceeded by the provider. */
  maxOutputTokens: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  stop?: string[];
  thinking?: ThinkingControl;
  signal?: AbortSignal;
  /** Streaming callback (text/thinking deltas, assembled tool calls, retries). */
  onEvent?: (event: ChatStreamEvent) => void;
  /**
   * Called once per attempt that the server may have billed — successful,
   * failed after sending, or cancelled mid-stream — with what it cost.
   * This is the only channel through which spend leaves a provider.
   * Providers may also call it with zero tokens for attempts the server
   * rejected unbilled (4xx, connection refused), so every attempt is visible.
   */
  onUsage?: (usage: ReportedUsage, info: AttemptInfo) => void;
  /**
   * Asked before each retry, after the failed attempt was reported through
   * onUsage and before any backoff wait: `attempt` is the number of the
   * attempt about to be sent (2, 3, …), `error` why the last one failed.
   * Return false to give up — chat() then throws that error, marked not
   * retryable, saying the retry was declined. A retry re-sends the whole
   * prompt, so a caller under a hard cap uses this to re-reserve the worst
   * case of one more attempt (same max output tokens) and declines when it
   * does not fit. A hook that throws counts as false.
   */
  beforeRetry?: (attempt: number, error: ProviderError) => boolean;
}

export interface ReportedUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** True when counted with a tokenizer because the server reported none. */
  estimated: boolean;
}

export interface AttemptInfo {
  attempt: number;
  requestId?: string;
  /** Why this attempt ended: 'ok', or the error kind. */
  outcome: 'ok' | ProviderErrorKind;
  latencyMs: number;
}

export type ChatStreamEvent =
  | { type: 'text'; delta: string }
  | { type: 'thinking'; delta: string }
  | { type: 'tool_call'; call: ToolCallRequest }
  /**
   * The provider will try again after `delayMs`. Text/thinking deltas streamed
   * by the failed attempt are void: the result holds only the last attempt's.
   */
  | { type: 'retry'; attempt: number; delayMs: number; reason: string }
  /** Budget forcing on local models: a marker was inserted at token index `atToken`. */
  | { type: 'forced'; action: 'end_thinking' | 'extend_thinking'; atToken: number; inserted: string };

/**
 * Cancellation (ChatRequest.signal aborted) is a result, not an error: chat()
 * aborts the HTTP request at once and resolves with finishReason 'cancelled',
 * the partial text/thinking streamed so far, and that attempt's (estimated)
 * usage, already reported through onUsage. ProviderError kind 'cancelled' is
 * only thrown by calls that return no ChatResult (e.g. listModels).
 */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'cancelled';

export interface ChatResult {
  text: string;
  thinking: string;
  toolCalls: ToolCallRequest[];
  /** Usage of the final attempt (earlier billed attempts went through onUsage too). */
  usage: ReportedUsage;
  finishReason: FinishReason;
  requestId?: string;
  latencyMs: number;
}

export type ProviderErrorKind =
  | 'rate_limit'
  | 'server'
  | 'network'
  | 'timeout'
  | 'auth'
  | 'bad_request'
  | 'not_found'
  | 'malformed'
  | 'cancelled'
  | 'context_length';

/** A failure a user can act on: `message` says what happened and what to do. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly options: { retryable?: boolean; status?: number; cause?: unknown } = {},
  ) {
    super(message);
    this.name = 'ProviderError';
  }
  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
}

export interface ModelInfo {
  id: string;
  contextWindow?: number;
  /** True for models that spend reasoning tokens (o-series, gpt-5, local think models). */
  reasoning?: boolean;
}

export interface ModelProvider {
  /** 'openai' | 'onnx' | 'vscode-lm' | test fakes */
  readonly kind: string;
  /** Model id used for pricing and display. */
  readonly model: string;
  readonly contextWindow: number;
  /** Estimate of the prompt tokens a request will spend (real tokenizer). */
  countTokens(messages: ChatMessage[], tools?: ToolSpec[]): Promise<number>;
  chat(request: ChatRequest): Promise<ChatResult>;
  listModels?(signal?: AbortSignal): Promise<ModelInfo[]>;
  dispose?(): Promise<void> | void;
}
