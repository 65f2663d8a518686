// The seam between the VS Code commands and the core agent loop. Everything a
// run needs besides the task (provider, budget gate, tools) is assembled by a
// RunFactory from the typed settings; production uses runFactory.ts, the
// integration tests pass a fake one.
import type { RunOptions, RunSummary } from '../core/agent/types';
import type { EventStream } from '../core/events/emitter';
import type { Settings } from './settings';

export type PreparedRun = Omit<RunOptions, 'task' | 'events' | 'signal' | 'runId'>;

export interface RunEnv {
  runId: string;
  workspaceRoot: string | undefined;
  trusted: boolean;
  apiKey: string | undefined;
  /** The run's event stream: the budget gate emits spend/tier events into it. */
  events: EventStream;
}

export interface RunFactory {
  prepare(settings: Settings, env: RunEnv): Promise<PreparedRun>;
  runAgent(options: RunOptions): Promise<RunSummary>;
}
