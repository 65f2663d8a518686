// The FileWriter of VS Code runs: write_file / apply_edit show the change as a
// diff (current file ↔ proposed content, a virtual document), ask Apply /
// Reject, and apply it through a WorkspaceEdit, so it lands in the editor's
// undo stack (Ctrl+Z reverts it) and is then saved for the agent's next read.
import * as vscode from 'vscode';
import type { FileWriter, WriteOutcome, WriteRequest } from '../../core/tools/writer';
import { minimalChange } from './textChange';
import { alwaysConfirmWrite } from './trust';

export const PROPOSED_SCHEME = 'budget-agent-proposed';

/** Read-only virtual documents holding proposed contents, for the diff editor. */
export class ProposedContent implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, string>();
  private seq = 0;
  private readonly registration: vscode.Disposable;

  constructor(readonly scheme = PROPOSED_SCHEME) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
  }

  /** A new URI serving `content`; its path ends in the file's name so the diff gets the right language. */
  add(relativePath: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${relativePath.replace(/^\/+/, '')}`, query: `v${++this.seq}` });
    this.docs.set(uri.toString(), content);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.docs.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registration.dispose();
    this.docs.clear();
  }
}

/** What the Apply / Reject question is about. */
export interface WriteReview {
  relativePath: string;
  tool: string;
  isNew: boolean;
  linesBefore: number;
  linesAfter: number;
  /** False when the diff editor could not be opened (the question still names the file). */
  diffShown: boolean;
}

/** Answers Apply (true) or Reject (false). The default is a modal; tests inject their answer. */
export type WriteAsk = (review: WriteReview) => Promise<boolean>;

export interface WorkspaceEditWriterOptions {
  proposals: ProposedContent;
  /** budgetAgent.tools.confirmWrites, read at every write (user settings only). */
  confirmWrites(): boolean;
  ask?: WriteAsk;
  log?: vscode.LogOutputChannel;
}

export class WorkspaceEditWriter implements FileWriter {
  constructor(private readonly options: WorkspaceEditWriterOptions) {}

  async write(request: WriteRequest): Promise<WriteOutcome> {
    const uri = vscode.Uri.file(request.absolutePath);
    const rel = request.relativePath;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // Never overwrite what the user typed and has not saved.
    if (open?.isDirty) return { applied: false, message: `${rel} has unsaved changes in the editor; the user must save or revert them first` };
    if (this.options.confirmWrites() || alwaysConfirmWrite(rel)) {
      const approved = await this.review(request, uri);
      this.options.log?.info(`${request.tool} ${rel}: ${approved ? 'applied' : 'rejected'} by the user`);
      if (!approved) return { applied: false, message: 'the user rejected the change' };
    }
    return this.apply(request, uri);
  }

  /** Opens the diff, asks, and closes the diff again whatever the answer. */
  private async review(request: WriteRequest, uri: vscode.Uri): Promise<boolean> {
    const { proposals } = this.options;
    const isNew = request.previous === null;
    const right = proposals.add(request.relativePath, request.content);
    const left = isNew ? proposals.add(request.relativePath, '') : uri;
    let diffShown = false;
    try {
      const title = `${request.relativePath} (${isNew ? 'new file' : 'current ↔ proposed'}) — Budget Agent`;
      await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: false });
      diffShown = true;
    } catch (err) {
      this.options.log?.warn(`could not open the diff for ${request.relativePath}: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      const ask = this.options.ask ?? askModal;
      return await ask({
        relativePath: request.relativePath,
        tool: request.tool,
        isNew,
        linesBefore: isNew ? 0 : lineCount(request.previous ?? ''),
        linesAfter: lineCount(request.content),
        diffShown,
      });
    } finally {
      await closeDiff(right);
      proposals.forget(right);
      if (isNew) proposals.forget(left);
    }
  }

  private async apply(request: WriteRequest, uri: vscode.Uri): Promise<WriteOutcome> {
    const rel = request.relativePath;
    const edit = new vscode.WorkspaceEdit();
    if (request.previous === null) {
      // Fails (rather than prepending) if the file appeared meanwhile.
      edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
      edit.insert(uri, new vscode.Position(0, 0), request.content);
    } else {
      const doc = await vscode.workspace.openTextDocument(uri);
      if (doc.isDirty) return { applied: false, message: `${rel} has unsaved changes in the editor; the user must save or revert them first` };
      const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      const current = doc.getText();
      if (current !== withEol(request.previous, eol)) return { applied: false, message: `${rel} changed since it was read; read it again` };
      const change = minimalChange(current, withEol(request.content, eol));
      if (!change) return { applied: true };
      edit.replace(uri, new vscode.Range(doc.positionAt(change.start), doc.positionAt(change.end)), change.text);
    }
    if (!(await vscode.workspace.applyEdit(edit))) return { applied: false, message: 'VS Code could not apply the edit' };
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
    // Saved, so the agent's next read_file (from disk) sees the change; the
    // editor's undo stack still holds it.
    if (!(await doc.save())) return { applied: false, message: 'the change is in the editor but could not be saved to disk' };
    return { applied: true };
  }
}

async function askModal(review: WriteReview): Promise<boolean> {
  const what = review.isNew ? `create ${review.relativePath} (${review.linesAfter} lines)` : `change ${review.relativePath} (${review.linesBefore} → ${review.linesAfter} lines)`;
  const pick = await vscode.window.showWarningMessage(
    `Budget Agent wants to ${what}.`,
    {
      modal: true,
      detail: `${review.tool}: ${review.diffShown ? 'the proposed change is open in the diff editor.' : 'the diff editor could not be opened.'} Apply writes it through the editor (Undo reverts it); Reject tells the agent no.`,
    },
    'Apply',
    'Reject',
  );
  return pick === 'Apply';
}

async function closeDiff(proposed: vscode.Uri): Promise<void> {
  const key = proposed.toString();
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === key);
  if (tabs.length) await Promise.resolve(vscode.window.tabGroups.close(tabs)).catch(() => undefined);
}

const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length);
const withEol = (text: string, eol: string) => text.replace(/\r?\n/g, eol);
