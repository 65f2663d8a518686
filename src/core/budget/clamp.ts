// The clamp: the largest completion that still fits every cap of a chain.
// Pure arithmetic over Cap snapshots so the edge cases (0 left, 1 token left,
// money tighter than tokens, thinking) are tested without any plumbing.
//
// The worst case of a request is: the input estimate (with its safety margin)
// billed entirely at the uncached input price, plus every allowed output token.
// Holding that worst case is what makes the cap hard; the only way past it is
// a server that bills more input than estimate × (1 + margin).
import type { ModelPrice } from './pricing';
import type { Cap } from './scope';
import { available } from './scope';

export interface ClampRequest {
  /** Input tokens to hold: the tokenizer estimate with the safety margin applied. */
  inputTokens: number;
  /** Undefined = unpriced model (its money cannot be bounded). */
  price: ModelPrice | undefined;
  thinking: boolean;
  /**
   * The provider bounds thinking separately (budget forcing, Anthropic
   * budget_tokens). When false, thinking can fill the whole completion, so the
   * thinking cap bounds the completion itself.
   */
  thinkingEnforced: boolean;
}

export interface ClampResult {
  /** Largest output allowed by the caps (Infinity when none applies). */
  maxOutputTokens: number;
  /** Thinking allowance when a thinking cap applies to a thinking request. */
  maxThinkingTokens: number | undefined;
  /** The cap that set maxOutputTokens, if any. */
  binding: Cap | undefined;
  /** Worst-case USD of the input, at the uncached price. */
  inputUsd: number;
  /** USD per output token (0 when free or unpriced). */
  outputUsdPerToken: number;
  /** A money cap applies but the model has no price. */
  unpricedUnderMoneyCap: boolean;
}

/** Largest n with inputUsd + n·perToken ≤ left, robust to float rounding. */
export function tokensAffordable(left: number, inputUsd: number, perToken: number): number {
  const rest = left - inputUsd;
  if (rest < 0) return -1;
  if (perToken <= 0) return Infinity;
  let n = Math.floor(rest / perToken);
  // Division can round up across an integer; step down until it truly fits.
  while (n > 0 && inputUsd + n * perToken > left) n--;
  return n;
}

export function clampCompletion(caps: readonly Cap[], req: ClampRequest): ClampResult {
  const inputUsd = req.price ? (req.inputTokens * req.price.input) / 1_000_000 : 0;
  const perToken = req.price ? req.price.output / 1_000_000 : 0;
  let max = Infinity;
  let binding: Cap | undefined;
  let thinking: number | undefined;
  let unpriced = false;
  const bound = (cap: Cap, n: number): void => {
    if (n < max) {
      max = n;
      binding = cap;
    }
  };
  for (const cap of caps) {
    const left = available(cap);
    switch (cap.resource) {
      case 'tokens':
        bound(cap, Math.floor(left - req.inputTokens));
        break;
      case 'outputTokens':
        bound(cap, Math.floor(left));
        break;
      case 'reasoningTokens':
        if (!req.thinking) break;
        thinking = Math.min(thinking ?? Infinity, Math.max(0, Math.floor(left)));
        if (!req.thinkingEnforced) bound(cap, Math.floor(left));
        break;
      case 'usd':
        if (!req.price) {
          unpriced = true;
          bound(cap, -1);
        } else {
          bound(cap, tokensAffordable(left, inputUsd, perToken));
        }
        break;
      default:
        // Tool-call and time caps do not bound a completion.
        break;
    }
  }
  if (thinking !== undefined && thinking > max) thinking = Math.max(0, max);
  return { maxOutputTokens: max, maxThinkingTokens: thinking, binding, inputUsd, outputUsdPerToken: perToken, unpricedUnderMoneyCap: unpriced };
}
