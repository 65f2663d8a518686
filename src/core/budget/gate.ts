// The contract between the agent loop and the budget core. The agent loop asks
// before it spends (planCompletion / reserveToolCall) and reports what it spent
// (chargeModel / chargeTool). Reservations make concurrent runs that share a
// workspace budget unable to overshoot it jointly.
import type { ReportedUsage } from '../models/types';
import type { BudgetLimits, StopReason, Tier, Usage } from './usage';

/** Why a charge happened: recorded with every ledger entry. */
export interface ChargeCause {
  runId: string;
  step: number;
  model?: string;
  tool?: string;
  requestId?: string;
  /** 'act' | 'verify' | 'plan' | ... (see AgentEvent model_call.purpose) */
  purpose?: string;
}

/** Spend held back for an in-flight request; settled by a charge or released. */
export interface Reservation {
  readonly id: string;
  release(): void;
}

export type CompletionPlan =
  | {
      ok: true;
      /** Send the request with exactly this max_tokens / max_completion_tokens. */
      maxOutputTokens: number;
      /** Thinking cap for this request, when a thinking budget is set. */
      maxThinkingTokens?: number;
      reservation: Reservation;
    }
  | { ok: false; stoppedBy: StopReason; reason: string };

export type ToolPermit =
  | { ok: true; reservation: Reservation }
  | { ok: false; stoppedBy: StopReason; reason: string };

export interface ChargeRecord {
  seq: number;
  ts: number;
  cause: ChargeCause;
  delta: Usage;
  estimated: boolean;
}

export interface BudgetGate {
  readonly limits: BudgetLimits;
  spent(): Usage;
  /** Remaining per limited resource; absent keys are unlimited. */
  remaining(): Partial<Usage>;
  /** Remaining fraction of the tightest limited resource (1 when nothing is limited). */
  fractionRemaining(): { fraction: number; resource: string };
  tier(): Tier;
  /**
   * Largest completion that still fits every cap (tokens, thinking, money at the
   * model's price), with the input estimate and a safety margin counted first.
   * Refuses when less than `minUsefulOutputTokens` fits.
   */
  planCompletion(request: {
    model: string;
    estimatedInputTokens: number;
    wantedMaxOutputTokens?: number;
    minUsefulOutputTokens?: number;
    thinking?: boolean;
  }): CompletionPlan;
  /** Record one billed model attempt; settles `reservation` when given. */
  chargeModel(usage: ReportedUsage, cause: ChargeCause, reservation?: Reservation): ChargeRecord;
  reserveToolCall(name: string): ToolPermit;
  chargeTool(name: string, cause: ChargeCause, reservation?: Reservation): ChargeRecord;
  /** 'budget:time' once the run's wall-time cap has passed, else null. */
  checkTime(): StopReason | null;
  /** The BATS `<budget>…</budget>` block for the current state, with the tier instruction. */
  trackerBlock(): string;
}
