// Token counting with a real tokenizer (gpt-tokenizer, o200k_base: GPT-4o,
// GPT-4.1, GPT-5, o-series). For other model families it is an estimate of the
// right magnitude, which is what the budget gate needs before a call; actual
// spend comes from the server's usage report whenever it sends one.
//
// The tokenizer's ranks take ~0.2 s to load, so it is loaded on first use,
// not when the extension activates.

import type * as GptTokenizer from 'gpt-tokenizer';
import type { ChatMessage, ToolSpec } from './types';

type Tokenizer = typeof GptTokenizer;
let tokenizer: Tokenizer | undefined;
const NO_SPECIAL = { disallowedSpecial: new Set<string>() };

function load(): Tokenizer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tokenizer ??= require('gpt-tokenizer') as Tokenizer;
  return tokenizer;
}

/**
 * An agent re-sends its whole conversation on every step, so without a cache
 * the same messages are re-encoded each time (quadratic in the run's length).
 * Counts are memoized per string, least recently used evicted first.
 */
const CACHE_LIMIT = 4096;
const cache = new Map<string, number>();

/** Tokens of plain text; special-token strings such as `<|endoftext|>` count as ordinary text. */
export function countTextTokens(text: string): number {
  if (!text) return 0;
  const hit = cache.get(text);
  if (hit !== undefined) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const n = load().encode(text, NO_SPECIAL).length;
  cache.set(text, n);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return n;
}

/** Tool definitions are the same objects on every step: count each once. */
const toolTokens = new WeakMap<ToolSpec, number>();

function countToolTokens(t: ToolSpec): number {
  let n = toolTokens.get(t);
  if (n === undefined) {
    n = TOKENS_PER_TOOL + countTextTokens(t.name) + countTextTokens(t.description) + countTextTokens(JSON.stringify(t.parameters));
    toolTokens.set(t, n);
  }
  return n;
}

/** Per-message framing of the chat format (`<|start|>role<|message|>…<|end|>`). */
export const TOKENS_PER_MESSAGE = 3;
/** Every reply is primed with `<|start|>assistant<|message|>`. */
export const TOKENS_REPLY_PRIMING = 3;
/** Framing around the tool definitions block and around each tool call. */
const TOKENS_PER_TOOL = 8;
const TOKENS_TOOLS_BLOCK = 12;
const TOKENS_PER_TOOL_CALL = 4;

/**
 * Prompt tokens of a chat request: content of every message, its framing,
 * tool calls the assistant made, and the tool definitions; plus reply priming.
 * Matches OpenAI's reported prompt_tokens within a few tokens for o200k models.
 */
export function countChatTokens(messages: readonly ChatMessage[], tools?: readonly ToolSpec[]): number {
  let n = TOKENS_REPLY_PRIMING;
  for (const m of messages) {
    n += TOKENS_PER_MESSAGE + 1 + countTextTokens(m.content);
    for (const call of m.toolCalls ?? []) {
      n += TOKENS_PER_TOOL_CALL + countTextTokens(call.name) + countTextTokens(call.argumentsJson);
    }
    if (m.toolCallId) n += countTextTokens(m.toolCallId);
  }
  if (tools && tools.length > 0) {
    n += TOKENS_TOOLS_BLOCK;
    for (const t of tools) n += countToolTokens(t);
  }
  return n;
}
