// The confirm() run_command calls in VS Code: a command the user allowed in
// advance (budgetAgent.tools.allowedCommands, user settings only) runs; any
// other is shown exactly (its argv) in a modal and runs once if the user says
// so, or is added to the allowed patterns when the user picks "Always".
import * as vscode from 'vscode';
import type { ConfirmRequest } from '../../core/tools/types';
import { compileCommandPatterns, exactPatternFor, formatArgv, matchAllowedCommand } from './commandPolicy';

export type CommandDecision = 'once' | 'always' | 'reject';

/** What the modal shows. */
export interface CommandPrompt {
  argv: readonly string[];
  /** Working folder relative to the workspace root ('.' for the root). */
  cwd: string;
  /** formatArgv(argv): the line allowed patterns match. */
  commandLine: string;
  /** The full modal text (argv included, as JSON). */
  detail: string;
}

export interface CommandConfirmOptions {
  /** The raw budgetAgent.tools.allowedCommands value, from user settings only. */
  allowedPatterns(): unknown;
  /** Asks the user; default a modal. Tests inject their answer here. */
  prompt?: (request: CommandPrompt) => Promise<CommandDecision>;
  /** Persists an "Always" answer; default: appends to the user setting. */
  allowAlways?: (pattern: string) => Promise<void>;
  log?: vscode.LogOutputChannel;
}

export function createCommandConfirm(options: CommandConfirmOptions): (request: ConfirmRequest) => Promise<boolean> {
  const warned = new Set<string>();
  return async (request) => {
    if (!request.command) return askGeneric(request);
    const { argv, cwd } = request.command;
    const { patterns, problems } = compileCommandPatterns(options.allowedPatterns());
    for (const p of problems) {
      if (warned.has(p)) continue;
      warned.add(p);
      options.log?.warn(p);
      void vscode.window.showWarningMessage(`Budget Agent: ${p}`);
    }
    const commandLine = formatArgv(argv);
    const allowedBy = matchAllowedCommand(argv, patterns);
    if (allowedBy) {
      options.log?.info(`run_command allowed by the user pattern ${JSON.stringify(allowedBy.source)}: ${commandLine}`);
      return true;
    }
    const detail = [
      commandLine,
      '',
      `argv: ${JSON.stringify(argv)}`,
      `in: ${cwd === '.' ? 'the workspace root' : cwd}`,
      '',
      'It runs without a shell, with your permissions, with secret-looking environment variables removed. Allow it only if you expect it.',
    ].join('\n');
    const decision = await (options.prompt ?? promptModal)({ argv, cwd, commandLine, detail });
    options.log?.info(`run_command ${decision === 'reject' ? 'rejected' : `allowed (${decision})`} by the user: ${commandLine}`);
    if (decision === 'always') {
      const pattern = exactPatternFor(argv);
      try {
        await (options.allowAlways ?? appendUserPattern)(pattern);
      } catch (err) {
        options.log?.warn(`could not save the allowed command pattern: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return decision !== 'reject';
  };
}

const RUN_ONCE = 'Run Once';
const ALWAYS = 'Always Allow This Command';

async function promptModal(request: CommandPrompt): Promise<CommandDecision> {
  const pick = await vscode.window.showWarningMessage('Budget Agent wants to run a command.', { modal: true, detail: request.detail }, RUN_ONCE, ALWAYS);
  return pick === RUN_ONCE ? 'once' : pick === ALWAYS ? 'always' : 'reject';
}

async function askGeneric(request: ConfirmRequest): Promise<boolean> {
  const pick = await vscode.window.showWarningMessage(`Budget Agent: ${request.title}`, { modal: true, detail: request.detail }, 'Allow');
  return pick === 'Allow';
}

/** Adds `pattern` to budgetAgent.tools.allowedCommands in the user's settings (never the workspace's). */
async function appendUserPattern(pattern: string): Promise<void> {
  const cfg = vscode.workspace.getConfiguration('budgetAgent');
  const current = cfg.inspect<unknown>('tools.allowedCommands')?.globalValue;
  const list = Array.isArray(current) ? current.filter((x): x is string => typeof x === 'string') : [];
  if (!list.includes(pattern)) await cfg.update('tools.allowedCommands', [...list, pattern], vscode.ConfigurationTarget.Global);
}
