// Per-run state shared by the loop helpers and the strategies: the event
// emitter with the run id stamped in, the step counter, the stop signal, and
// the anytime candidate list — at every moment the run holds a current best
// answer, returned whenever it ends (answer, any cap, cancellation, error).
import type { StopReason } from '../budget/usage';
import type { Disposable } from '../events/emitter';
import type { AgentEvent } from '../events/types';
import type { RunOptions, StrategyName } from './types';

/** An AgentEvent without the fields the context stamps in. */
export type EventInput = AgentEvent extends infer E ? (E extends AgentEvent ? Omit<E, 'runId' | 'ts'> : never) : never;

/** Thrown by the loop helpers to end the run; the best answer so far is kept. */
export class RunStopped extends Error {
  constructor(
    readonly stoppedBy: StopReason,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'RunStopped';
  }
}

/**
 * How much a candidate is trusted: higher wins, the newer wins a tie.
 * A verifier's SUCCESS beats a CONTINUE (plausible, incomplete) beats an
 * unverified final text beats a PIVOT (judged a dead end) beats text the
 * model wrote on the way while still calling tools.
 */
export const CandidateRank = {
  interim: 0,
  pivot: 1,
  unverified: 2,
  continue: 3,
  verified: 4,
} as const;

interface Candidate {
  answer: string;
  rank: number;
  seq: number;
}

export const DEFAULT_MAX_STEPS = 100;

export class RunContext {
  readonly runId: string;
  step = 0;
  strategy: StrategyName | 'auto';
  /** Thinking budget per call after routing (0 = no thinking requested). */
  thinkingBudgetTokens: number;
  private readonly candidates: Candidate[] = [];
  private seq = 0;
  private refusals = 0;
  private readonly subscription: Disposable;

  constructor(readonly options: RunOptions) {
    // A budget that knows its run (RunBudget) lends its id, so its events and ours agree.
    const budgetRunId = (options.budget as { runId?: unknown }).runId;
    this.runId =
      options.runId ??
      (typeof budgetRunId === 'string' ? budgetRunId : `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
    // The budget may announce its own refusals on the same stream; counting them
    // lets the loop announce only the ones it did not (no duplicates either way).
    this.subscription = options.events.on((e) => {
      if (e.type === 'budget_refused' && e.runId === this.runId) this.refusals++;
    });
    this.strategy = options.strategy;
    this.thinkingBudgetTokens = options.thinkingBudgetTokens ?? 0;
  }

  get budget() {
    return this.options.budget;
  }

  get provider() {
    return this.options.provider;
  }

  emit(event: EventInput): void {
    this.options.events.emit({ ...event, runId: this.runId, ts: Date.now() } as AgentEvent);
  }

  /** Marks the refusal count before asking the budget (see reportRefusal). */
  refusalMark(): number {
    return this.refusals;
  }

  /** Emits budget_refused unless the budget already did since `mark`. */
  reportRefusal(mark: number, what: 'model_call' | 'tool_call', stoppedBy: StopReason, detail: string): void {
    if (this.refusals === mark) this.emit({ type: 'budget_refused', what, stoppedBy, detail });
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /** Starts the next step; stops the run when cancelled, out of time, or past the step limit. */
  nextStep(): number {
    this.throwIfStopped();
    const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    if (this.step >= maxSteps) throw new RunStopped('error', `stopped after ${maxSteps} steps without a final answer`);
    this.step++;
    this.emit({ type: 'step_started', step: this.step });
    return this.step;
  }

  throwIfStopped(): void {
    if (this.options.signal?.aborted) throw new RunStopped('cancelled', 'the run was cancelled');
    const time = this.budget.checkTime();
    if (time) throw new RunStopped(time, 'the time budget is spent');
  }

  /** Records a candidate answer; returns its index for a later re-rank (e.g. after verification). */
  offer(answer: string, rank: number, verified = false): number {
    const text = answer.trim();
    if (!text) return -1;
    this.candidates.push({ answer: text, rank, seq: this.seq++ });
    this.emit({ type: 'answer_candidate', answer: text, verified });
    return this.candidates.length - 1;
  }

  rerank(index: number, rank: number): void {
    const candidate = this.candidates[index];
    if (candidate) candidate.rank = rank;
  }

  /** The best answer so far: highest rank, newest on ties; null when there is none. */
  bestAnswer(): string | null {
    let best: Candidate | undefined;
    for (const c of this.candidates) if (!best || c.rank > best.rank || (c.rank === best.rank && c.seq > best.seq)) best = c;
    return best?.answer ?? null;
  }
}
