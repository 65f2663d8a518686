// Extension-side batching of AgentEvents for the webview: events are queued
// and flushed as one message every `intervalMs` (default 50 ms). A batch is
// compacted without changing what the reducer computes from it:
//   - consecutive text_delta events of the same run and step are concatenated;
//   - a `spend` (or `plan_updated`) event followed later in the same batch by
//     another one of the same run, with no run boundary between, is dropped —
//     both carry full totals, so the last one is what counts.
// The final numbers therefore stay exact; the chart gets ≤ 1 point per batch.
import type { AgentEvent } from '../events/types';

export interface CoalescerOptions {
  flush: (events: AgentEvent[]) => void;
  intervalMs?: number;
  /** Flush early when this many events are queued. */
  maxQueued?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export function compactEvents(events: readonly AgentEvent[]): AgentEvent[] {
  // Pass 1 (backwards): drop superseded full-state events.
  const keep = new Array<boolean>(events.length).fill(true);
  const laterSpend = new Set<string>();
  const laterPlan = new Set<string>();
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'run_started' || e.type === 'run_finished') {
      laterSpend.delete(e.runId);
      laterPlan.delete(e.runId);
    } else if (e.type === 'spend') {
      if (laterSpend.has(e.runId)) keep[i] = false;
      else laterSpend.add(e.runId);
    } else if (e.type === 'plan_updated') {
      if (laterPlan.has(e.runId)) keep[i] = false;
      else laterPlan.add(e.runId);
    }
  }
  // Pass 2 (forwards): merge adjacent text deltas.
  const out: AgentEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    if (!keep[i]) continue;
    const e = events[i]!;
    const prev = out[out.length - 1];
    if (e.type === 'text_delta' && prev && prev.type === 'text_delta' && prev.runId === e.runId && prev.step === e.step) {
      out[out.length - 1] = { ...prev, ts: e.ts, delta: prev.delta + e.delta };
    } else {
      out.push(e);
    }
  }
  return out;
}

export class EventCoalescer {
  private queue: AgentEvent[] = [];
  private timer: unknown = null;
  private disposed = false;
  private readonly intervalMs: number;
  private readonly maxQueued: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  /** Counters for diagnostics and the benchmark. */
  readonly stats = { received: 0, sent: 0, batches: 0 };

  constructor(private readonly opts: CoalescerOptions) {
    this.intervalMs = opts.intervalMs ?? 50;
    this.maxQueued = opts.maxQueued ?? 20_000;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  push(event: AgentEvent): void {
    if (this.disposed) return;
    this.queue.push(event);
    this.stats.received++;
    if (this.queue.length >= this.maxQueued) this.flush();
    // Run boundaries go out promptly so the panel switches state at once.
    else if (event.type === 'run_finished') this.flush();
    else if (this.timer === null) this.timer = this.setTimer(() => this.flush(), this.intervalMs);
  }

  /** Sends what is queued now (also called on dispose and by run boundaries). */
  flush(): void {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0) return;
    const batch = compactEvents(this.queue);
    this.queue = [];
    this.stats.sent += batch.length;
    this.stats.batches++;
    this.opts.flush(batch);
  }

  get pending(): number {
    return this.queue.length;
  }

  dispose(): void {
    this.flush();
    this.disposed = true;
  }
}
