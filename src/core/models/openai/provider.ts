// ModelProvider for any OpenAI-compatible chat-completions endpoint (OpenAI,
// vLLM, llama.cpp server, Ollama, LM Studio, OpenRouter).
//
// The SDK's own retries are off (maxRetries 0): this file runs the retry loop
// so that every attempt is visible and charged through `onUsage`:
//   - success: the server's usage, or a tokenizer count marked `estimated`;
//   - rejected before processing (4xx, connection refused): zero tokens;
//   - failed after the server took the request (5xx, drop, timeout, bad
//     stream): input estimate + output streamed so far, `estimated`;
//   - cancelled: the same as a failure, then chat() resolves with
//     finishReason 'cancelled' and the partial text (it does not throw).
// Retries: 429, 5xx, 408, network errors, idle timeouts; exponential backoff
// with jitter, Retry-After honoured, at most `maxAttempts` attempts, and only
// while the caller's `beforeRetry` (its budget) agrees.

import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { countChatTokens, countTextTokens } from '../tokens';
import type { AttemptInfo, ChatMessage, ChatRequest, ChatResult, ChatStreamEvent, ModelInfo, ModelProvider, ReportedUsage, ToolSpec } from '../types';
import { ProviderError } from '../types';
import { CompletionAssembler } from './assemble';
import { toProviderError, unresolvableHost } from './errors';
import type { ErrorContext } from './errors';
import { isReasoningModel, resolveOptions } from './options';
import type { OpenAIProviderOptions, ResolvedOptions } from './options';
import { buildChatBody } from './request';
import { backoffDelay, parseRetryAfter, sleep } from './retry';

/**
 * A stream may run this many tokens past the request's max before it counts as
 * a server that ignores max_tokens (tokenizer differences, tool-call framing).
 */
const OVERRUN_SLACK_TOKENS = 64;
/** Smallest growth (bytes) of the streamed output between two token counts. */
const OVERRUN_CHECK_STEP_BYTES = 4096;

const ZERO: ReportedUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, estimated: false };

type AttemptOutcome =
  | { kind: 'ok'; result: ChatResult }
  | { kind: 'cancelled'; result: ChatResult }
  | { kind: 'error'; error: ProviderError; retryAfterMs?: number };

/** Connection never established: the server cannot have billed anything. */
function neverReached(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++, e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return true;
  }
  return false;
}

export class OpenAIProvider implements ModelProvider {
  readonly kind = 'openai';
  readonly model: string;
  readonly contextWindow: number;
  private readonly o: ResolvedOptions;
  private readonly client: OpenAI;
  private readonly ctx: ErrorContext;

  constructor(options: OpenAIProviderOptions) {
    this.o = resolveOptions(options);
    this.model = this.o.model;
    this.contextWindow = this.o.contextWindow;
    this.ctx = { baseUrl: this.o.baseUrl, model: this.o.model, apiKey: this.o.apiKey };
    this.client = new OpenAI({
      baseURL: this.o.baseUrl,
      // The SDK refuses an empty key; local servers ignore the header.
      apiKey: this.o.apiKey || 'none',
      maxRetries: 0,
      timeout: this.o.timeoutMs,
      defaultHeaders: this.o.headers,
      // The SDK would otherwise read OPENAI_* environment variables and log through them.
      organization: null,
      project: null,
      logLevel: 'off',
    });
  }

  async countTokens(messages: ChatMessage[], tools?: ToolSpec[]): Promise<number> {
    return countChatTokens(messages, tools);
  }

  /** A reserved never-resolving host (`.invalid`) fails at once, before any DNS lookup. */
  private refuseUnresolvable(): void {
    const host = unresolvableHost(this.o.baseUrl);
    if (host === undefined) return;
    throw new ProviderError('network', `the host name of ${this.o.baseUrl} does not resolve ('${host}' is a reserved name that never does) — set the base URL of a real server.`, { retryable: false });
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    this.refuseUnresolvable();
    try {
      const out: ModelInfo[] = [];
      for await (const m of this.client.models.list({ signal })) {
        const info: ModelInfo = { id: m.id, reasoning: isReasoningModel(m.id) };
        const ctx = (m as { context_length?: unknown; context_window?: unknown }).context_length ?? (m as { context_window?: unknown }).context_window;
        if (typeof ctx === 'number') info.contextWindow = ctx;
        out.push(info);
      }
      return out;
    } catch (err) {
      if (signal?.aborted) throw new ProviderError('cancelled', 'listing models was cancelled.', { cause: err });
      const pe = toProviderError(err, this.ctx);
      if (pe.kind === 'not_found') {
        throw new ProviderError('not_found', `${this.o.baseUrl} does not offer a model list (/models) — type the model id in the settings instead.`, pe.options);
      }
      throw pe;
    }
  }

  async chat(req: ChatRequest): Promise<ChatResult> {
    const started = Date.now();
    const body = buildChatBody(req, this.o, this.o.stream);
    let inputEstimate: number | undefined;
    const estimateInput = () => (inputEstimate ??= countChatTokens(req.messages, req.tools));
    const emit = (e: ChatStreamEvent) => {
      try {
        req.onEvent?.(e);
      } catch {
        // A broken listener must not break the request or its accounting.
      }
    };
    if (req.signal?.aborted) return cancelledResult(ZERO, '', '', started);
    this.refuseUnresolvable();

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(body, req, attempt, estimateInput, emit);
      if (outcome.kind !== 'error') return { ...outcome.result, latencyMs: Date.now() - started };
      const err = outcome.error;
      if (!err.retryable) throw err;
      if (attempt >= this.o.maxAttempts) {
        throw new ProviderError(err.kind, `${err.message} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`, err.options);
      }
      const asked = outcome.retryAfterMs;
      if (asked !== undefined && asked > this.o.maxRetryDelayMs) {
        throw new ProviderError(err.kind, `${err.message} (the server asked to wait ${Math.ceil(asked / 1000)} s before retrying, longer than the ${Math.ceil(this.o.maxRetryDelayMs / 1000)} s allowed)`, err.options);
      }
      if (req.beforeRetry && !allowRetry(req.beforeRetry, attempt + 1, err)) {
        throw new ProviderError(
          err.kind,
          `${err.message} (not retried after ${attempt} attempt${attempt === 1 ? '' : 's'}: the run's budget has no room for another attempt)`,
          { ...err.options, retryable: false },
        );
      }
      const delayMs = asked ?? backoffDelay(attempt, this.o.retryBaseDelayMs, this.o.maxRetryDelayMs, this.o.random);
      emit({ type: 'retry', attempt: attempt + 1, delayMs, reason: err.message });
      if (!(await sleep(delayMs, req.signal))) return cancelledResult(ZERO, '', '', started);
    }
  }

  /** One HTTP request; reports its usage through onUsage before returning. */
  private async attempt(
    body: ChatCompletionCreateParamsBase,
    req: ChatRequest,
    attempt: number,
    estimateInput: () => number,
    emit: (e: ChatStreamEvent) => void,
  ): Promise<AttemptOutcome> {
    const started = Date.now();
    const controller = new AbortController();
    let cancelled = false;
    let timedOut = false;
    /** Output tokens counted when the stream ran past max_tokens (the server ignores the cap). */
    let overran: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    const armIdleTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.o.timeoutMs);
    };
    const onAbort = () => {
      cancelled = true;
      controller.abort();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const asm = new CompletionAssembler(emit);
    let requestId: string | undefined;

    const charge = (usage: ReportedUsage, outcome: AttemptInfo['outcome']) => {
      const info: AttemptInfo = { attempt, outcome, latencyMs: Date.now() - started };
      const id = requestId ?? asm.requestId;
      if (id) info.requestId = id;
      req.onUsage?.(usage, info);
    };
    const partialUsage = (): ReportedUsage => {
      const out = asm.outputText();
      const reasoning = countTextTokens(out.reasoning);
      return { inputTokens: estimateInput(), cachedInputTokens: 0, outputTokens: countTextTokens(out.visible) + reasoning, reasoningTokens: reasoning, estimated: true };
    };
    const result = (usage: ReportedUsage, finishReason: ChatResult['finishReason']): ChatResult => {
      // A cancelled stream's tool calls may be cut short: none are returned, so none can run.
      const toolCalls = finishReason === 'cancelled' ? [] : asm.toolCalls();
      const r: ChatResult = { text: asm.text, thinking: asm.thinking, toolCalls, usage, finishReason, latencyMs: Date.now() - started };
      const id = requestId ?? asm.requestId;
      if (id) r.requestId = id;
      return r;
    };
    const timeoutError = () =>
      new ProviderError('timeout', `${this.o.baseUrl} sent nothing for ${this.o.timeoutMs < 1000 ? `${this.o.timeoutMs} ms` : `${Math.round(this.o.timeoutMs / 1000)} s`} — the server may be overloaded; try again or raise the timeout.`, { retryable: true });

    const overrun = (tokens: number): AttemptOutcome => {
      charge(partialUsage(), 'malformed');
      const error = new ProviderError(
        'malformed',
        `${this.o.baseUrl} kept streaming past the ${req.maxOutputTokens}-token output cap (${tokens} tokens, ${asm.outputBytes} bytes received) — it ignores max_tokens, so the response was cut off and charged as received; use a server that honours max_tokens.`,
        { retryable: false },
      );
      return { kind: 'error', error };
    };

    /** An attempt we ended ourselves (cancel, idle timeout, overrun), charged for what arrived. */
    const endedEarly = (): AttemptOutcome | undefined => {
      if (cancelled) {
        const usage = partialUsage();
        charge(usage, 'cancelled');
        return { kind: 'cancelled', result: result(usage, 'cancelled') };
      }
      if (timedOut) {
        charge(partialUsage(), 'timeout');
        return { kind: 'error', error: timeoutError() };
      }
      return overran === undefined ? undefined : overrun(overran);
    };

    try {
      if (req.signal?.aborted) onAbort();
      armIdleTimer();
      if (body.stream) {
        const { data: stream, request_id } = await this.client.chat.completions
          .create({ ...body, stream: true } as ChatCompletionCreateParamsBase & { stream: true }, { signal: controller.signal })
          .withResponse();
        requestId = request_id ?? undefined;
        armIdleTimer();
        // Counting tokens is costly, so count only once the bytes received (an
        // upper bound on tokens) could exceed the cap, then again as it grows.
        const cap = req.maxOutputTokens + OVERRUN_SLACK_TOKENS;
        let nextCount = cap;
        for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
          armIdleTimer();
          asm.push(chunk);
          if (asm.outputBytes > nextCount) {
            const used = streamedTokens(asm);
            if (used > cap) {
              overran = used;
              controller.abort();
              break;
            }
            nextCount = asm.outputBytes + Math.max(OVERRUN_CHECK_STEP_BYTES, cap - used);
          }
        }
      } else {
        const { data, request_id } = await this.client.chat.completions
          .create({ ...body, stream: false } as ChatCompletionCreateParamsBase & { stream: false }, { signal: controller.signal })
          .withResponse();
        requestId = request_id ?? undefined;
        asm.pushCompletion(data as ChatCompletion);
      }
      // The SDK ends an aborted stream quietly, so check why it ended.
      const early = endedEarly();
      if (early) return early;
      if (asm.chunks === 0) {
        // A 200 that carried no completion at all: an HTML login page, a proxy's banner, an empty body.
        charge(partialUsage(), 'malformed');
        const error = new ProviderError('malformed', `${this.o.baseUrl} answered without a completion (no ${body.stream ? 'stream chunks' : 'JSON body'}) — is the base URL an OpenAI-compatible endpoint (it usually ends in /v1)?`, { retryable: false });
        return { kind: 'error', error };
      }
      const usage = this.finalUsage(asm, estimateInput);
      charge(usage, 'ok');
      for (const call of asm.toolCalls()) emit({ type: 'tool_call', call });
      return { kind: 'ok', result: result(usage, asm.finishReason()) };
    } catch (err) {
      const early = endedEarly();
      if (early) return early;
      const error = toProviderError(err, this.ctx);
      const status = error.options.status;
      const rejected = (status !== undefined && status >= 400 && status < 500 && status !== 408) || neverReached(err);
      charge(rejected ? ZERO : partialUsage(), error.kind);
      const headers = err instanceof OpenAI.APIError ? err.headers : undefined;
      const retryAfterMs = parseRetryAfter(headers);
      return retryAfterMs === undefined ? { kind: 'error', error } : { kind: 'error', error, retryAfterMs };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The server's report when it sent one; otherwise a tokenizer count, marked estimated. */
  private finalUsage(asm: CompletionAssembler, estimateInput: () => number): ReportedUsage {
    const u = asm.usage;
    if (u) {
      return {
        inputTokens: u.promptTokens,
        cachedInputTokens: u.cachedTokens ?? 0,
        outputTokens: u.completionTokens,
        reasoningTokens: u.reasoningTokens ?? 0,
        estimated: false,
      };
    }
    const out = asm.outputText();
    const reasoning = countTextTokens(out.reasoning);
    return { inputTokens: estimateInput(), cachedInputTokens: 0, outputTokens: countTextTokens(out.visible) + reasoning, reasoningTokens: reasoning, estimated: true };
  }
}

/** The caller's verdict on one more attempt; a hook that throws declines. */
function allowRetry(hook: NonNullable<ChatRequest['beforeRetry']>, attempt: number, error: ProviderError): boolean {
  try {
    return hook(attempt, error) === true;
  } catch {
    return false;
  }
}

/** Tokens of everything streamed so far (visible text, tool calls, reasoning). */
function streamedTokens(asm: CompletionAssembler): number {
  const out = asm.outputText();
  return countTextTokens(out.visible) + countTextTokens(out.reasoning);
}

function cancelledResult(usage: ReportedUsage, text: string, thinking: string, started: number): ChatResult {
  return { text, thinking, toolCalls: [], usage, finishReason: 'cancelled', latencyMs: Date.now() - started };
}

/** Factory used by the extension and the CLI. */
export function createOpenAIProvider(options: OpenAIProviderOptions): OpenAIProvider {
  return new OpenAIProvider(options);
}
