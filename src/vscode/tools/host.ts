// The workspace tools of a VS Code run: which exist (trust.ts decides), the
// WorkspaceEdit writer with its diff review, and run_command's confirmation.
// One per activation; the run factory asks it for each run's ToolSet.
import type * as vscode from 'vscode';
import { createToolSet, emptyToolSet, type FileWriter, type ToolSet } from '../../core/tools';
import type { ConfirmRequest } from '../../core/tools/types';
import { createCommandConfirm, type CommandConfirmOptions } from './commandConfirm';
import { readScopedSetting } from './scopedSettings';
import { commandEnvironment, toolAvailability, type ToolAvailabilityInput } from './trust';
import { ProposedContent, WorkspaceEditWriter, type WriteAsk } from './writer';

export interface ToolSetRequest extends ToolAvailabilityInput {
  workspaceRoot: string | undefined;
}

export class VsCodeToolHost implements vscode.Disposable {
  readonly proposals = new ProposedContent();

  constructor(private readonly log?: vscode.LogOutputChannel) {}

  /** The WorkspaceEdit writer; `ask` replaces the Apply / Reject modal (tests). */
  writer(ask?: WriteAsk): FileWriter {
    return new WorkspaceEditWriter({
      proposals: this.proposals,
      confirmWrites: () => readScopedSetting<boolean>('tools.confirmWrites') !== false,
      ask,
      log: this.log,
    });
  }

  /** run_command's confirmation; `prompt` replaces the modal (tests). */
  commandConfirm(overrides: Pick<CommandConfirmOptions, 'prompt' | 'allowAlways'> = {}): (request: ConfirmRequest) => Promise<boolean> {
    return createCommandConfirm({ allowedPatterns: () => readScopedSetting('tools.allowedCommands'), log: this.log, ...overrides });
  }

  /** The tools one run is offered; in an untrusted workspace read-only ones at most. */
  toolSet(request: ToolSetRequest, prompts: { ask?: WriteAsk; prompt?: CommandConfirmOptions['prompt'] } = {}): ToolSet {
    const available = toolAvailability({ ...request, hasWorkspace: request.hasWorkspace && request.workspaceRoot !== undefined });
    if (!available.tools || !request.workspaceRoot) return emptyToolSet(request.workspaceRoot);
    return createToolSet({
      workspaceRoot: request.workspaceRoot,
      trusted: request.trusted,
      write: available.write,
      commands: available.commands,
      writer: this.writer(prompts.ask),
      confirm: this.commandConfirm({ prompt: prompts.prompt }),
      commandEnv: commandEnvironment(process.env),
    });
  }

  dispose(): void {
    this.proposals.dispose();
  }
}
