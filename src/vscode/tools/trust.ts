// Workspace Trust decisions, pure (no `vscode`) so plain-Node unit tests cover
// them: which settings a workspace may set, which tools a run is offered, which
// writes always need a look, and what environment a command inherits.

/**
 * Settings that point at executables or URLs (where prompts, code or money
 * go). In Restricted Mode their workspace values are ignored: only the user's
 * own value or the default counts. Keep in sync with package.json
 * capabilities.untrustedWorkspaces.restrictedConfigurations (a unit test checks).
 */
export const RESTRICTED_SETTINGS = ['openai.baseUrl', 'local.modelPath', 'telemetry.otlpEndpoint', 'team.budgetUrl'] as const;

/**
 * Settings read from user settings only, trusted workspace or not: a
 * repository must not be able to allow itself commands, switch off the write
 * confirmation, or opt the user in to sending prompt text. package.json gives
 * them `"scope": "application"` (a unit test checks), so VS Code ignores
 * workspace values too; reading them this way is the second line.
 */
export const USER_ONLY_SETTINGS = ['tools.allowedCommands', 'tools.confirmWrites', 'telemetry.includeContent'] as const;

/** The parts of `WorkspaceConfiguration.inspect()` this module reads. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export type SettingSource = 'user' | 'any';

/** Where a setting (key after `budgetAgent.`) may come from, given the workspace's trust. */
export function settingSource(key: string, trusted: boolean): SettingSource {
  if ((USER_ONLY_SETTINGS as readonly string[]).includes(key)) return 'user';
  if (!trusted && (RESTRICTED_SETTINGS as readonly string[]).includes(key)) return 'user';
  return 'any';
}

/** The effective value from an inspect() result: folder > workspace > user > default, or user > default. */
export function pickSetting<T>(inspected: InspectedSetting<T> | undefined, source: SettingSource): T | undefined {
  if (!inspected) return undefined;
  if (source === 'user') return inspected.globalValue ?? inspected.defaultValue;
  return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue ?? inspected.defaultValue;
}

export interface ToolAvailabilityInput {
  trusted: boolean;
  /** False when no folder is open (or it is not on disk): tools need a root. */
  hasWorkspace: boolean;
  /** False for tool-less models (the local ONNX models). */
  providerUsesTools: boolean;
  /** budgetAgent.budget.maxToolCalls: 0 means a tool-less run, null no limit. */
  maxToolCalls: number | null;
}

export interface ToolAvailability {
  /** Any tools at all (read-only ones: list_files, read_file, search_text). */
  tools: boolean;
  /** write_file / apply_edit (diff + confirmation + WorkspaceEdit). */
  write: boolean;
  /** run_command (confirmation per command unless the user allowed a pattern). */
  commands: boolean;
}

/** What a VS Code run is offered. Untrusted: read-only tools, never write_file, apply_edit or run_command. */
export function toolAvailability(input: ToolAvailabilityInput): ToolAvailability {
  const tools = input.hasWorkspace && input.providerUsesTools && (input.maxToolCalls === null || input.maxToolCalls > 0);
  return { tools, write: tools && input.trusted, commands: tools && input.trusted };
}

/**
 * Paths whose contents make VS Code or git run code (git hooks and config,
 * tasks, launch configurations, workspace settings that point at
 * executables): writes there are always shown and confirmed, even when the
 * user turned the write confirmation off.
 */
export function alwaysConfirmWrite(relativePath: string): boolean {
  const p = relativePath.replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
  return /^(\.git|\.vscode)(\/|$)/.test(p) || /(^|\/)\.git(\/|$)/.test(p) || p.endsWith('.code-workspace');
}

/** The environment of run_command children: the host's, minus anything named like a secret (shared with the CLI). */
export { commandEnvironment } from '../../core/tools/environment';
