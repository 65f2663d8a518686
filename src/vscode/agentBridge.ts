// The seam between the VS Code commands and the core agent loop. Everything a
// run needs besides the task (provider, budget gate, tools) is assembled by a
// RunFactory built from the typed settings; tests can pass a fake one.
import type { RunOptions, RunSummary } from '../core/agent/types';
import type { Settings } from './settings';

export type PreparedRun = Omit<RunOptions, 'task' | 'events' | 'signal'>;

export interface RunFactory {
  prepare(settings: Settings, env: { workspaceRoot: string | undefined; trusted: boolean; apiKey: string | undefined; runId: string }): Promise<PreparedRun>;
  runAgent(options: RunOptions): Promise<RunSummary>;
}

/**
 * The production factory, or undefined while the core agent loop, ledger and
 * providers are not in this build yet.
 * TODO(issue 3): return a factory over `runAgent` from '../core/agent' and the
 * core budget/provider/tool constructors once those modules land.
 */
export function loadRunFactory(): RunFactory | undefined {
  return undefined;
}

export const AGENT_MISSING =
  'Budget Agent: the agent loop is not available in this build yet, so Run Task… cannot start a run. The panel, settings, budgets and ledger commands work.';
