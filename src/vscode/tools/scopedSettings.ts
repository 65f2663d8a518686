// Reads budgetAgent.* settings through inspect(), so that a workspace cannot
// set what it must not: restricted settings (URLs, executables) come from the
// user's own settings in Restricted Mode, and user-only settings (allowed
// commands, write confirmation, telemetry content opt-in) always do. The
// decisions are in trust.ts (pure, unit-tested); this only asks VS Code.
import * as vscode from 'vscode';
import { parseSetting, type Settings } from '../settings';
import { RESTRICTED_SETTINGS, pickSetting, settingSource } from './trust';

const SECTION = 'budgetAgent';

/** The value of `budgetAgent.<key>` this workspace may use, given its trust. */
export function readScopedSetting<T>(key: string, trusted: boolean = vscode.workspace.isTrusted): T | undefined {
  const cfg = vscode.workspace.getConfiguration(SECTION, vscode.workspace.workspaceFolders?.[0]?.uri);
  return pickSetting(cfg.inspect<T>(key), settingSource(key, trusted));
}

/**
 * The run's settings with the restricted ones re-read for an untrusted
 * workspace (user value or default only, validated like the rest). VS Code
 * already drops them for restrictedConfigurations; this does not rely on it.
 */
export function restrictSettings(settings: Settings, trusted: boolean): Settings {
  if (trusted) return settings;
  const out = { ...settings };
  for (const key of RESTRICTED_SETTINGS) {
    if (key in out) {
      const k = key as keyof Settings;
      (out as Record<string, unknown>)[k] = parseSetting(k, readScopedSetting(k, false)).value;
    }
  }
  return out;
}
