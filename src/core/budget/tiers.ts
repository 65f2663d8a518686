// BATS policy tiers (methods.md §1): the remaining fraction of the tightest
// resource picks a tier, and each tier asks the model for a different
// behaviour. Boundaries are inclusive at the bottom of each band:
// exactly 70 % is HIGH, exactly 30 % MEDIUM, exactly 10 % LOW.
import type { Tier } from './usage';

export const TIER_THRESHOLDS: Readonly<Record<Exclude<Tier, 'CRITICAL'>, number>> = Object.freeze({
  HIGH: 0.7,
  MEDIUM: 0.3,
  LOW: 0.1,
});

export const TIER_INSTRUCTIONS: Readonly<Record<Tier, string>> = Object.freeze({
  HIGH: 'Budget is ample: explore broadly, look at several sources and angles, and verify what you find.',
  MEDIUM: 'Budget is moderate: focus on the most promising branch and verify the key facts.',
  LOW: 'Budget is low: stop exploring; consolidate and confirm the best candidate answer.',
  CRITICAL: 'Budget is nearly exhausted: answer now with the best verified candidate; say "unknown" rather than guess.',
});

/**
 * Fractions come from float division (0.7 of $1 is 1 - 0.3); rounding to
 * 1e-9 keeps "exactly 70 %" on the HIGH side instead of 0.6999999999.
 */
export function roundFraction(f: number): number {
  if (!Number.isFinite(f)) return f > 0 ? 1 : 0;
  return Math.min(1, Math.max(0, Math.round(f * 1e9) / 1e9));
}

export function tierFor(fractionRemaining: number): Tier {
  const f = roundFraction(fractionRemaining);
  if (f >= TIER_THRESHOLDS.HIGH) return 'HIGH';
  if (f >= TIER_THRESHOLDS.MEDIUM) return 'MEDIUM';
  if (f >= TIER_THRESHOLDS.LOW) return 'LOW';
  return 'CRITICAL';
}
