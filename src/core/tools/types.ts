// Workspace tools the agent may call. Arguments are validated with zod; the
// JSON Schema the model sees is derived from the same schema.
import type { z } from 'zod';
import type { ToolSpec } from '../models/types';

/** Everything a tool may touch, supplied by the host (CLI or VS Code). */
export interface ToolContext {
  /** Absolute, real path of the workspace root: every path resolves inside it. */
  workspaceRoot: string;
  signal: AbortSignal;
  /** Bytes of output the agent can afford for this result (budget-derived). */
  maxOutputBytes: number;
  /** Asks the user to allow an action (VS Code: modal; CLI: policy). */
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** False in an untrusted workspace: write tools and run_command are refused. */
  trusted: boolean;
}

/** What a tool asks the host to allow. `command` is set by run_command, so a host can match the argv itself (allow-lists) instead of parsing `detail`. */
export interface ConfirmRequest {
  title: string;
  detail: string;
  command?: { argv: readonly string[]; cwd: string };
}

export interface ToolResult {
  ok: boolean;
  /** Text returned to the model (already truncated to maxOutputBytes, with a note when it was). */
  content: string;
  truncated: boolean;
  error?: string;
}

export interface Tool<A = unknown> {
  readonly name: string;
  readonly description: string;
  readonly schema: z.ZodType<A>;
  /** True for tools that change the workspace or the machine. */
  readonly mutates: boolean;
  run(args: A, ctx: ToolContext): Promise<ToolResult>;
}

export interface ToolSet {
  readonly tools: readonly Tool[];
  specs(): ToolSpec[];
  context: Omit<ToolContext, 'signal' | 'maxOutputBytes'>;
}
