// This workspace's persisted spend ledger: the core SpendStore (JSONL) in
// context.storageUri (global storage when no folder is open). Opened lazily,
// shared by every run, closed on deactivate. Reset, export and today's total
// for the commands and the status bar.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import { SpendStore, WorkspaceBudget, dayKey, toCsv, toJson } from '../core/budget';
import type { Settings } from './settings';

export const LEDGER_FILE = 'spend.jsonl';
export type ExportFormat = 'jsonl' | 'csv' | 'json';

export class WorkspaceLedger implements vscode.Disposable {
  private store: Promise<SpendStore> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  get uri(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, LEDGER_FILE);
  }

  open(): Promise<SpendStore> {
    this.store ??= SpendStore.open(this.uri.fsPath, { onError: (e) => this.log?.error(`ledger write failed: ${String(e)}`) }).then((s) => {
      if (s.loadReport.skippedLines) this.log?.warn(`ledger: skipped ${s.loadReport.skippedLines} unreadable line(s)${s.loadReport.tornTail ? ' (torn last line cut off)' : ''}`);
      return s;
    });
    return this.store;
  }

  /** The workspace's daily/monthly money caps over this ledger (0 = no cap). */
  async workspaceBudget(settings: Settings): Promise<WorkspaceBudget> {
    const store = await this.open();
    const daily = settings['budget.dailyUsdCap'];
    const monthly = settings['budget.monthlyUsdCap'];
    return new WorkspaceBudget({ store, dailyUsd: daily > 0 ? daily : undefined, monthlyUsd: monthly > 0 ? monthly : undefined });
  }

  async todayUsd(now = Date.now()): Promise<number> {
    const store = await this.open();
    return store.totalsForDay(dayKey(now, store.utc)).usd;
  }

  async hasEntries(): Promise<boolean> {
    const store = await this.open();
    return store.totalsByDay().size > 0;
  }

  /** Removes every recorded charge: the file is deleted and a fresh one opened. */
  async reset(): Promise<void> {
    const old = this.store;
    this.store = undefined;
    if (old) await (await old).close();
    await fsp.rm(this.uri.fsPath, { force: true });
    await this.open();
  }

  /** Writes the ledger to `target` as raw JSONL, CSV or JSON (core/budget/export). */
  async exportTo(target: vscode.Uri, format: ExportFormat): Promise<number> {
    const store = await this.open();
    await store.flush();
    const lines = await store.readAll();
    const text =
      format === 'csv' ? toCsv(lines) : format === 'json' ? JSON.stringify(toJson(lines), null, 2) : lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    return lines.length;
  }

  async dispose(): Promise<void> {
    const s = this.store;
    this.store = undefined;
    if (s) await (await s).close();
  }
}
