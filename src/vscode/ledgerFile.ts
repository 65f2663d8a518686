// Where this workspace's spend ledger lives (JSONL in context.storageUri, or
// the global storage when no folder is open), and the file-level operations
// the commands need: reset, export, today's spend. The ledger's format and
// its writer belong to src/core; this reader is tolerant of unknown lines.
import * as vscode from 'vscode';

export const LEDGER_FILE = 'ledger.jsonl';

export class LedgerFile {
  constructor(private readonly context: vscode.ExtensionContext) {}

  /** Folder holding the ledger (created on demand). */
  get dir(): vscode.Uri {
    return this.context.storageUri ?? this.context.globalStorageUri;
  }

  get uri(): vscode.Uri {
    return vscode.Uri.joinPath(this.dir, LEDGER_FILE);
  }

  async ensureDir(): Promise<vscode.Uri> {
    await vscode.workspace.fs.createDirectory(this.dir);
    return this.dir;
  }

  async exists(): Promise<boolean> {
    try {
      await vscode.workspace.fs.stat(this.uri);
      return true;
    } catch {
      return false;
    }
  }

  async readText(): Promise<string> {
    if (!(await this.exists())) return '';
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uri));
  }

  /** Removes every recorded charge (the file is kept, empty). */
  async reset(): Promise<void> {
    await this.ensureDir();
    await vscode.workspace.fs.writeFile(this.uri, new Uint8Array());
  }

  async exportTo(target: vscode.Uri): Promise<void> {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(await this.readText()));
  }

  /** USD charged since local midnight, from lines shaped like `{ ts, delta: { usd } }`. */
  async todayUsd(now = new Date()): Promise<number> {
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
    let total = 0;
    for (const line of (await this.readText()).split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { ts?: unknown; delta?: { usd?: unknown } };
        if (typeof entry.ts === 'number' && entry.ts >= midnight && typeof entry.delta?.usd === 'number') total += entry.delta.usd;
      } catch {
        // A torn last line (crash mid-write) is not spend.
      }
    }
    return total;
  }
}
