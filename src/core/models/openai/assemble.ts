// Assembles a streamed (or whole) chat completion: text and reasoning deltas,
// tool-call argument fragments keyed by index, finish reason, and the usage
// report wherever it arrives (a final chunk with `choices: []`, `null`, no
// `choices` at all, or attached to the finishing chunk).

import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChatStreamEvent, FinishReason, ToolCallRequest } from '../types';

/** Usage as the server reported it (fields a server left out are undefined). */
export interface ServerUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

interface PartialCall {
  id: string;
  name: string;
  args: string;
}

/** Reasoning text arrives as `reasoning_content` (vLLM, DeepSeek, llama.cpp) or `reasoning` (OpenRouter, Ollama). */
function reasoningOf(o: unknown): string {
  if (!o || typeof o !== 'object') return '';
  const r = (o as { reasoning_content?: unknown; reasoning?: unknown });
  if (typeof r.reasoning_content === 'string') return r.reasoning_content;
  if (typeof r.reasoning === 'string') return r.reasoning;
  return '';
}

function usageOf(raw: unknown): ServerUsage | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const u = raw as ChatCompletion['usage'] & object;
  if (typeof u.prompt_tokens !== 'number' || typeof u.completion_tokens !== 'number') return undefined;
  const out: ServerUsage = { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens };
  const cached = u.prompt_tokens_details?.cached_tokens;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  if (typeof cached === 'number') out.cachedTokens = cached;
  if (typeof reasoning === 'number') out.reasoningTokens = reasoning;
  return out;
}

export function mapFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (raw === 'length') return 'length';
  if (raw === 'tool_calls' || raw === 'function_call' || hasToolCalls) return hasToolCalls ? 'tool_calls' : 'stop';
  return 'stop';
}

export class CompletionAssembler {
  text = '';
  thinking = '';
  usage: ServerUsage | undefined;
  rawFinish: string | null | undefined;
  requestId: string | undefined;
  /** Chunks received (any kind). */
  chunks = 0;
  /** UTF-8 bytes of output received (text, reasoning, tool names and arguments): a cheap upper bound on its tokens. */
  outputBytes = 0;
  private readonly calls = new Map<number, PartialCall>();

  constructor(private readonly emit: (e: ChatStreamEvent) => void) {}

  /** Feeds one parsed stream chunk. */
  push(chunk: ChatCompletionChunk): void {
    this.chunks++;
    if (!this.requestId && typeof chunk.id === 'string' && chunk.id) this.requestId = chunk.id;
    const usage = usageOf((chunk as { usage?: unknown }).usage);
    if (usage) this.usage = usage;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta ?? {};
      const thinking = reasoningOf(delta);
      if (thinking) {
        this.thinking += thinking;
        this.outputBytes += Buffer.byteLength(thinking, 'utf8');
        this.emit({ type: 'thinking', delta: thinking });
      }
      if (typeof delta.content === 'string' && delta.content) {
        this.text += delta.content;
        this.outputBytes += Buffer.byteLength(delta.content, 'utf8');
        this.emit({ type: 'text', delta: delta.content });
      }
      for (const tc of delta.tool_calls ?? []) this.pushToolFragment(tc);
      if (choice.finish_reason) this.rawFinish = choice.finish_reason;
    }
  }

  private pushToolFragment(tc: ChatCompletionChunk.Choice.Delta.ToolCall): void {
    // Some servers omit `index`; then an id names a new call and a fragment
    // without id continues the last one.
    let index = typeof tc.index === 'number' ? tc.index : undefined;
    if (index === undefined) {
      const known = tc.id ? [...this.calls].find(([, c]) => c.id === tc.id) : undefined;
      index = known ? known[0] : tc.id ? this.calls.size : Math.max(0, this.calls.size - 1);
    }
    let call = this.calls.get(index);
    if (!call) {
      call = { id: '', name: '', args: '' };
      this.calls.set(index, call);
    }
    if (tc.id) call.id = tc.id;
    // A name repeated on every fragment is kept once; a name streamed in pieces is joined.
    const name = tc.function?.name;
    if (name && name !== call.name) {
      call.name += name;
      this.outputBytes += Buffer.byteLength(name, 'utf8');
    }
    if (typeof tc.function?.arguments === 'string') {
      call.args += tc.function.arguments;
      this.outputBytes += Buffer.byteLength(tc.function.arguments, 'utf8');
    }
  }

  /** Feeds a whole (non-streamed) completion. */
  pushCompletion(c: ChatCompletion): void {
    this.chunks++;
    if (c.id) this.requestId ??= c.id;
    this.usage = usageOf(c.usage) ?? this.usage;
    const choice = c.choices?.[0];
    if (!choice) return;
    const msg = choice.message;
    const thinking = reasoningOf(msg);
    if (thinking) {
      this.thinking += thinking;
      this.emit({ type: 'thinking', delta: thinking });
    }
    if (typeof msg?.content === 'string' && msg.content) {
      this.text += msg.content;
      this.emit({ type: 'text', delta: msg.content });
    }
    for (const [i, tc] of (msg?.tool_calls ?? []).entries()) {
      if (tc.type !== 'function') continue;
      this.calls.set(i, { id: tc.id, name: tc.function.name, args: tc.function.arguments });
    }
    this.rawFinish = choice.finish_reason;
  }

  /** Tool calls assembled so far, in index order; calls without an id get a generated one. */
  toolCalls(): ToolCallRequest[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => ({ id: c.id || `call_${index}`, name: c.name, argumentsJson: c.args }));
  }

  /** Everything the model produced so far, for estimating output tokens. */
  outputText(): { visible: string; reasoning: string } {
    const calls = [...this.calls.values()].map((c) => c.name + c.args).join('');
    return { visible: this.text + calls, reasoning: this.thinking };
  }

  finishReason(): FinishReason {
    return mapFinishReason(this.rawFinish, this.calls.size > 0);
  }
}
