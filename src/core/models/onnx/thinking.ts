// Thinking-budget control for local models (methods.md §3).
// - Budget forcing (s1): when the thinking span reaches its budget, append the
//   end-of-thinking marker and an answer cue, then let the model answer.
// - Extension (s1): while thinking is shorter than a minimum, the model's
//   end-of-thinking token is replaced by "Wait".
// - ThinkDial modes: High / Medium / Low = 100 / 50 / 25 % of a base budget.
// - Elastic Reasoning: the answer has its own cap, separate from thinking.
// This file holds the configuration and the pure decisions; generate.ts
// applies them token by token.

import type { LocalTokenizer } from './tokenizer';

export interface ThinkMarkers {
  /** Opens the thinking span, e.g. "<think>". A prompt that ends inside an open span (as Qwen3/R1 templates do) starts in thinking. */
  start: string;
  /** Closes it, e.g. "</think>". */
  end: string;
  /** Appended after a forced end so that the model answers. Default "\n\nFinal answer:". */
  answerCue?: string;
  /** Appended instead of the end marker to extend thinking. Default "Wait". */
  extendCue?: string;
}

export const DEFAULT_ANSWER_CUE = '\n\nFinal answer:';
export const DEFAULT_EXTEND_CUE = 'Wait';

export type ThinkingMode = 'high' | 'medium' | 'low';

const MODE_SHARE: Record<ThinkingMode, number> = { high: 1, medium: 0.5, low: 0.25 };

/** ThinkDial-style modes: High = the base budget, Medium = 50 %, Low = 25 % (floored). */
export function thinkingBudgetForMode(baseBudget: number, mode: ThinkingMode): number {
  if (!Number.isFinite(baseBudget) || baseBudget < 0) throw new RangeError(`base thinking budget must be a non-negative number, got ${baseBudget}`);
  return Math.floor(baseBudget * MODE_SHARE[mode]);
}

/** Markers with their token ids, computed once per provider. */
export interface ResolvedMarkers {
  start: string;
  end: string;
  /** Inserted on a forced end: end marker + answer cue. */
  forceText: string;
  forceIds: number[];
  extendText: string;
  extendIds: number[];
  /** The end marker as one token (thinking models' added token), if it is one: needed to suppress it. */
  endTokenId?: number;
}

export function resolveMarkers(markers: ThinkMarkers, tokenizer: LocalTokenizer): ResolvedMarkers {
  if (!markers.start || !markers.end) throw new Error('think markers need a non-empty start and end');
  const forceText = markers.end + (markers.answerCue ?? DEFAULT_ANSWER_CUE);
  const extendText = markers.extendCue ?? DEFAULT_EXTEND_CUE;
  const endIds = tokenizer.encode(markers.end, false);
  return {
    start: markers.start,
    end: markers.end,
    forceText,
    forceIds: tokenizer.encode(forceText, false),
    extendText,
    extendIds: tokenizer.encode(extendText, false),
    endTokenId: tokenizer.tokenToId(markers.end) ?? (endIds.length === 1 ? endIds[0] : undefined),
  };
}

/** Thinking models ship <think> / </think> as tokens; use them when the vocabulary has both. */
export function detectThinkMarkers(tokenizer: LocalTokenizer): ThinkMarkers | undefined {
  if (tokenizer.tokenToId('<think>') !== undefined && tokenizer.tokenToId('</think>') !== undefined) return { start: '<think>', end: '</think>' };
  return undefined;
}

/** True when the prompt leaves a thinking span open: the last start marker has no end marker after it. */
export function promptOpensThinking(promptText: string, markers: Pick<ThinkMarkers, 'start' | 'end'>): boolean {
  const s = promptText.lastIndexOf(markers.start);
  if (s < 0) return false;
  return promptText.indexOf(markers.end, s + markers.start.length) < 0;
}

/** Per-request limits taken from ChatRequest.thinking. */
export interface ThinkingLimits {
  /** Thinking tokens (generated inside the span) after which the end is forced. */
  budgetTokens?: number;
  /** Elastic Reasoning: cap on answer tokens after the span. */
  answerTokens?: number;
  /** Below this many thinking tokens, the model's end marker becomes "Wait". */
  minTokens?: number;
}
