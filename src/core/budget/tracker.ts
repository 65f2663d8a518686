// The BATS Budget Tracker block (methods.md §1), rendered from plain numbers
// so that it is the same text wherever it is produced (agent loop, CLI, tests):
//
//   <budget>
//   Tool Budget Used: 12, Tool Budget Remaining: 88
//   Token Budget Used: 41,200, Token Budget Remaining: 58,800
//   Money Budget Used: $0.0421, Money Budget Remaining: $0.9579
//   <tier instruction>
//   </budget>
import { TIER_INSTRUCTIONS } from './tiers';
import type { Tier } from './usage';

export interface TrackerState {
  toolCallsUsed: number;
  /** Undefined = no tool-call cap. */
  toolCallsRemaining?: number;
  tokensUsed: number;
  tokensRemaining?: number;
  /** Shown only when a thinking cap is set. */
  thinkingUsed?: number;
  thinkingRemaining?: number;
  /** Money lines appear when `usdUsed` is given (the run is priced). */
  usdUsed?: number;
  usdRemaining?: number;
  tier: Tier;
}

/** 41200 → "41,200"; locale-independent on purpose (the model reads it). */
export function formatCount(n: number): string {
  const s = String(Math.max(0, Math.round(n)));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Four decimals below a dollar (token prices are tiny), two above. */
export function formatUsd(usd: number): string {
  const v = Math.max(0, usd);
  return `$${v >= 1 ? v.toFixed(2) : v.toFixed(4)}`;
}

function line(label: string, used: string, remaining: string | undefined): string {
  return `${label} Budget Used: ${used}, ${label} Budget Remaining: ${remaining ?? 'unlimited'}`;
}

export function renderTrackerBlock(s: TrackerState): string {
  const lines = ['<budget>'];
  lines.push(line('Tool', formatCount(s.toolCallsUsed), s.toolCallsRemaining === undefined ? undefined : formatCount(s.toolCallsRemaining)));
  lines.push(line('Token', formatCount(s.tokensUsed), s.tokensRemaining === undefined ? undefined : formatCount(s.tokensRemaining)));
  if (s.thinkingRemaining !== undefined) {
    lines.push(line('Thinking', formatCount(s.thinkingUsed ?? 0), formatCount(s.thinkingRemaining)));
  }
  if (s.usdUsed !== undefined) {
    lines.push(line('Money', formatUsd(s.usdUsed), s.usdRemaining === undefined ? undefined : formatUsd(s.usdRemaining)));
  }
  lines.push(TIER_INSTRUCTIONS[s.tier]);
  lines.push('</budget>');
  return lines.join('\n');
}
