// The workspace's money caps: USD per calendar day and per month, over every
// run in the workspace, across VS Code restarts. Past spend comes from the
// persisted ledger (SpendStore); spend of live runs is committed here as it
// happens and in-flight requests are held, so runs started side by side
// share the same remaining money. It is the root of each run's scope chain
// and, when given a store, persists the charges of all runs under it.
import type { Amount, Cap, SpendScope } from './scope';
import type { SpendStore, SpendSink } from './store';
import type { SpendTotals } from './store-format';
import { makeDayKeyer, monthOfDay } from './store-format';

export interface WorkspaceBudgetOptions {
  /** USD per calendar day (local time unless `utc`). */
  dailyUsd?: number;
  /** USD per calendar month. */
  monthlyUsd?: number;
  /** Loaded store: past totals feed the caps and new charges are appended to it. */
  store?: SpendStore;
  /** Past totals when there is no store (tests, a read-only mirror). */
  pastDays?: ReadonlyMap<string, Pick<SpendTotals, 'usd'>>;
  utc?: boolean;
  clock?: () => number;
  /** A scope above the workspace (rare: an organisation-wide pool). */
  parent?: SpendScope;
  name?: string;
}

export class WorkspaceBudget implements SpendScope {
  readonly name: string;
  readonly parent: SpendScope | undefined;
  readonly sink: SpendSink | undefined;
  readonly dailyUsd: number | undefined;
  readonly monthlyUsd: number | undefined;
  private readonly dayUsd = new Map<string, number>();
  private readonly monthUsd = new Map<string, number>();
  private heldUsd = 0;
  private readonly dayOf: (ms: number) => string;
  private readonly clock: () => number;

  constructor(options: WorkspaceBudgetOptions = {}) {
    this.name = options.name ?? 'workspace';
    this.parent = options.parent;
    this.sink = options.store;
    this.dailyUsd = options.dailyUsd;
    this.monthlyUsd = options.monthlyUsd;
    this.clock = options.clock ?? Date.now;
    this.dayOf = makeDayKeyer(options.utc ?? options.store?.utc ?? false);
    const past = options.store?.totalsByDay() ?? options.pastDays ?? new Map<string, Pick<SpendTotals, 'usd'>>();
    for (const [day, t] of past) this.addUsd(day, t.usd);
  }

  private addUsd(day: string, usd: number): void {
    this.dayUsd.set(day, (this.dayUsd.get(day) ?? 0) + usd);
    const month = monthOfDay(day);
    this.monthUsd.set(month, (this.monthUsd.get(month) ?? 0) + usd);
  }

  /** USD spent on the day of `nowMs` (default: today). */
  spentToday(nowMs = this.clock()): number {
    return this.dayUsd.get(this.dayOf(nowMs)) ?? 0;
  }

  spentThisMonth(nowMs = this.clock()): number {
    return this.monthUsd.get(monthOfDay(this.dayOf(nowMs))) ?? 0;
  }

  /** USD held by in-flight requests of all runs under this workspace. */
  reservedUsd(): number {
    return this.heldUsd;
  }

  caps(nowMs: number): Cap[] {
    const out: Cap[] = [];
    if (this.dailyUsd !== undefined) {
      out.push({ scope: `${this.name}.daily`, resource: 'usd', limit: this.dailyUsd, used: this.spentToday(nowMs), reserved: this.heldUsd });
    }
    if (this.monthlyUsd !== undefined) {
      out.push({ scope: `${this.name}.monthly`, resource: 'usd', limit: this.monthlyUsd, used: this.spentThisMonth(nowMs), reserved: this.heldUsd });
    }
    return out;
  }

  hold(a: Amount): void {
    this.heldUsd += a.usd;
  }

  unhold(a: Amount): void {
    this.heldUsd -= a.usd;
    // Float dust from many hold/unhold pairs must not read as a tiny debt.
    if (Math.abs(this.heldUsd) < 1e-12) this.heldUsd = 0;
  }

  commit(a: Amount, ts: number): void {
    if (a.usd !== 0) this.addUsd(this.dayOf(ts), a.usd);
  }
}
