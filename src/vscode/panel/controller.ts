// What the spend panel does, without the VS Code API: keeps the panel state
// (the same reducer as the webview), coalesces events into ~50 ms batches,
// validates every message from the webview and calls the handlers.
// SpendPanelProvider wraps this around a real WebviewView.
import type { AgentEvent } from '../../core/events/types';
import type { BudgetKey, HistoryData, PanelConfig, PanelState, ToWebview } from '../../core/protocol';
import { EventCoalescer, PROTOCOL_VERSION, foldEvents, initialPanelState, parseToExtension, validateBudgetValue } from '../../core/protocol';

type MaybePromise<T> = T | Promise<T>;

/** What the extension provides to the panel. Every handler may throw: the panel shows the message. */
export interface SpendPanelHandlers {
  /** Start a run. `model` null = the configured default. Events arrive later through `post()`. */
  onRunTask(request: { task: string; strategy: string; model: string | null }): MaybePromise<void>;
  /** Cancel the current run (if any). */
  onStop(): MaybePromise<void>;
  /**
   * Write one budget at ConfigurationTarget.Workspace (`value` null = remove the
   * setting / no limit). The value is already validated with validateBudgetValue.
   */
  onSetBudget(key: BudgetKey, value: number | null): MaybePromise<void>;
  /** Past runs and daily/monthly spend from the persisted ledger. */
  getHistory(): MaybePromise<HistoryData>;
  /** Budgets, strategies, models and current selections. */
  getConfig(): MaybePromise<PanelConfig>;
  /** Optional: remember the person's model / strategy choice. */
  onSelectModel?(model: string): MaybePromise<void>;
  onSelectStrategy?(strategy: string): MaybePromise<void>;
  /** Optional: where protocol problems are logged (e.g. LogOutputChannel.warn). Default console.warn. */
  log?(message: string): void;
}

/** webview.postMessage (returns a Thenable<boolean>) or any sink in tests. */
export type PostFn = (message: ToWebview) => unknown;

export class PanelController {
  private state: PanelState = initialPanelState();
  private post: PostFn | null = null;
  private ready = false;
  private readonly coalescer: EventCoalescer;
  readonly stats = { invalidMessages: 0, postsDropped: 0, batchesPosted: 0 };

  constructor(
    private readonly handlers: SpendPanelHandlers,
    opts: { intervalMs?: number; setTimer?: (fn: () => void, ms: number) => unknown; clearTimer?: (h: unknown) => void } = {},
  ) {
    this.coalescer = new EventCoalescer({
      intervalMs: opts.intervalMs ?? 50,
      ...(opts.setTimer ? { setTimer: opts.setTimer } : {}),
      ...(opts.clearTimer ? { clearTimer: opts.clearTimer } : {}),
      flush: (events) => {
        this.state = foldEvents(this.state, events);
        if (this.ready) {
          this.stats.batchesPosted++;
          this.send({ type: 'events', events });
        }
      },
    });
  }

  /** The panel state as of the last flushed batch. */
  get current(): PanelState {
    return this.state;
  }

  /** A webview is showing: messages go to `post` once it reports ready. */
  attach(post: PostFn): void {
    this.post = post;
    this.ready = false;
  }

  /** The webview was hidden or disposed: stop posting (state is kept for the snapshot). */
  detach(): void {
    this.post = null;
    this.ready = false;
  }

  /** One AgentEvent of a run; batched to the webview every ~50 ms. */
  push(event: AgentEvent): void {
    this.coalescer.push(event);
  }

  flush(): void {
    this.coalescer.flush();
  }

  showError(message: string, context?: 'run' | 'budget' | 'history' | 'config' | 'protocol'): void {
    this.send({ type: 'error', message, ...(context ? { context } : {}) });
  }

  async refreshConfig(): Promise<void> {
    try {
      this.send({ type: 'config', config: await this.handlers.getConfig() });
    } catch (err) {
      this.showError(`Could not read the configuration: ${messageOf(err)}`, 'config');
    }
  }

  async refreshHistory(): Promise<void> {
    try {
      this.send({ type: 'history', history: await this.handlers.getHistory() });
    } catch (err) {
      this.showError(`Could not read the spend history: ${messageOf(err)}`, 'history');
    }
  }

  /** A raw message from the webview: validated, then dispatched. Never throws. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseToExtension(raw);
    if (!parsed.ok) {
      this.stats.invalidMessages++;
      this.log(`[panel] ignored message from webview: ${parsed.reason}`);
      return;
    }
    const m = parsed.message;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.coalescer.flush();
          this.send({ type: 'snapshot', protocol: PROTOCOL_VERSION, state: this.state });
          await this.refreshConfig();
          return;
        case 'runTask':
          await this.handlers.onRunTask({ task: m.task, strategy: m.strategy, model: m.model });
          return;
        case 'stop':
          await this.handlers.onStop();
          return;
        case 'setBudget': {
          const v = validateBudgetValue(m.key, m.value);
          if (!v.ok) {
            this.send({ type: 'budgetResult', key: m.key, ok: false, value: m.value, error: v.error });
            return;
          }
          try {
            await this.handlers.onSetBudget(m.key, v.value);
          } catch (err) {
            this.send({ type: 'budgetResult', key: m.key, ok: false, value: v.value, error: messageOf(err) });
            return;
          }
          this.send({ type: 'budgetResult', key: m.key, ok: true, value: v.value });
          await this.refreshConfig();
          return;
        }
        case 'requestHistory':
          await this.refreshHistory();
          return;
        case 'requestConfig':
          await this.refreshConfig();
          return;
        case 'selectModel':
          await this.handlers.onSelectModel?.(m.model);
          return;
        case 'selectStrategy':
          await this.handlers.onSelectStrategy?.(m.strategy);
          return;
      }
    } catch (err) {
      this.showError(messageOf(err), m.type === 'runTask' || m.type === 'stop' ? 'run' : 'protocol');
    }
  }

  dispose(): void {
    this.coalescer.dispose();
    this.detach();
  }

  private send(message: ToWebview): void {
    if (!this.post) {
      this.stats.postsDropped++;
      return;
    }
    try {
      const r = this.post(message);
      if (isThenable(r)) r.then(undefined, (err: unknown) => this.log(`[panel] postMessage failed: ${messageOf(err)}`));
    } catch (err) {
      this.log(`[panel] postMessage failed: ${messageOf(err)}`);
    }
  }

  private log(message: string): void {
    if (this.handlers.log) this.handlers.log(message);
    else console.warn(message);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}
