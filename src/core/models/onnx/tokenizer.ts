// Tokenizer for local models: tokenizer.json through @huggingface/tokenizers
// (pure JS, the same implementation transformers.js uses), so encodings match
// the Python reference; no hand-written BPE. The library is ESM-only, so it is
// loaded with a dynamic import (kept as a real import() by module node16).

import type { ModelFolder } from './modelFolder';
import { ProviderError } from '../types';

/** The part of @huggingface/tokenizers' Tokenizer that we use. */
interface HfTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): { ids: number[] };
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
  token_to_id(token: string): number | undefined;
}

export class LocalTokenizer {
  constructor(private readonly tok: HfTokenizer) {}

  /** Text to ids; `addSpecialTokens` applies the post-processor (e.g. Llama's BOS). */
  encode(text: string, addSpecialTokens = true): number[] {
    return this.tok.encode(text, { add_special_tokens: addSpecialTokens }).ids;
  }

  /** Ids to text, special tokens dropped (what a user should see). */
  decode(ids: number[]): string {
    return this.tok.decode(ids, { skip_special_tokens: true });
  }

  tokenToId(token: string): number | undefined {
    return this.tok.token_to_id(token);
  }
}

export async function loadTokenizer(folder: ModelFolder): Promise<LocalTokenizer> {
  const mod = await import('@huggingface/tokenizers');
  try {
    const tok = new mod.Tokenizer(folder.tokenizerJson, folder.tokenizerConfig) as unknown as HfTokenizer;
    return new LocalTokenizer(tok);
  } catch (err) {
    throw new ProviderError('malformed', `Local model: tokenizer.json in ${folder.dir} could not be loaded: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Streams text as tokens arrive. Decoding one token at a time is wrong for
 * SentencePiece: byte-fallback pieces (<0xE2><0x80><0x99>) only form a
 * character together, and the decoder strips a leading space per call. So we
 * decode a small window [prefix, end) and emit what it adds beyond
 * [prefix, read) — the method text-generation-inference uses — holding text
 * back while it ends in an incomplete character (U+FFFD). Concatenated
 * deltas equal decode(all ids) for ids that form complete characters.
 */
export class IncrementalDecoder {
  private readonly ids: number[] = [];
  private prefix = 0;
  private read = 0;
  private emitted = '';

  /**
   * `context`: tokens just before these (not emitted), so that the first new
   * token keeps its leading space, e.g. an answer after an inserted cue.
   */
  constructor(
    private readonly tokenizer: LocalTokenizer,
    context: readonly number[] = [],
  ) {
    this.ids.push(...context);
    this.read = context.length;
  }

  /** Adds a token; returns the new text it completes ('' while held back). */
  push(id: number): string {
    this.ids.push(id);
    const prefixText = this.prefix < this.read ? this.tokenizer.decode(this.ids.slice(this.prefix, this.read)) : '';
    const text = this.tokenizer.decode(this.ids.slice(this.prefix));
    if (text.length > prefixText.length && !text.endsWith('\uFFFD')) {
      const delta = text.slice(prefixText.length);
      this.prefix = this.read;
      this.read = this.ids.length;
      this.emitted += delta;
      return delta;
    }
    return '';
  }

  /** At the end: whatever is still held back (an incomplete character decodes as U+FFFD). */
  flush(): string {
    if (this.read >= this.ids.length) return '';
    const prefixText = this.prefix < this.read ? this.tokenizer.decode(this.ids.slice(this.prefix, this.read)) : '';
    const text = this.tokenizer.decode(this.ids.slice(this.prefix));
    this.read = this.prefix = this.ids.length;
    const delta = text.length > prefixText.length ? text.slice(prefixText.length) : '';
    this.emitted += delta;
    return delta;
  }

  get text(): string {
    return this.emitted;
  }
}
