// createToolSet: the host picks which tools exist for a run and supplies the
// context they run in. Mutating tools disappear from the set in an untrusted
// workspace, so the model is not offered what would be refused anyway (the
// tools refuse too, as a second line).
import { realpathSync } from 'node:fs';
import { z } from 'zod';
import type { ToolSpec } from '../models/types';
import { fetchUrlTool } from './fetch-url';
import { listFilesTool } from './list-files';
import { readFileTool } from './read-file';
import { runCommandTool } from './run-command';
import { searchTextTool } from './search-text';
import type { Tool, ToolContext, ToolSet } from './types';
import { applyEditTool, writeFileTool } from './write-file';
import { nodeFileWriter, type FileWriter } from './writer';

export interface ToolSetOptions {
  workspaceRoot: string;
  /** False in Restricted Mode: no write tools, no run_command. Default true. */
  trusted?: boolean;
  /** Offer write_file / apply_edit (default true when trusted). */
  write?: boolean;
  /** Offer run_command (default false; the CLI sets it with --allow-commands). */
  commands?: boolean;
  /** Offer fetch_url (default false). */
  fetchUrl?: boolean;
  writer?: FileWriter;
  /** Asked before every command; the default refuses. */
  confirm?: ToolContext['confirm'];
  /** Environment of run_command children (hosts strip secrets such as API keys). */
  commandEnv?: NodeJS.ProcessEnv;
  /** Test hook / custom transport for fetch_url. */
  fetchImpl?: typeof fetch;
}

/** JSON Schema the model sees, derived from the tool's zod schema (input side: defaults are optional). */
export function toolSpec(tool: Tool): ToolSpec {
  const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { name: tool.name, description: tool.description, parameters };
}

export function createToolSet(options: ToolSetOptions): ToolSet {
  const trusted = options.trusted ?? true;
  const writer = options.writer ?? nodeFileWriter;
  const tools: Tool[] = [listFilesTool(), readFileTool(), searchTextTool()] as Tool[];
  if (trusted && (options.write ?? true)) tools.push(writeFileTool(writer) as Tool, applyEditTool(writer) as Tool);
  if (trusted && options.commands) tools.push(runCommandTool({ env: options.commandEnv }) as Tool);
  if (options.fetchUrl) tools.push(fetchUrlTool(options.fetchImpl) as Tool);
  return toolSetOf(tools, {
    workspaceRoot: realpathSync(options.workspaceRoot),
    trusted,
    confirm: options.confirm ?? (async () => false),
  });
}

/** A ToolSet over any tools (tests, custom hosts); an empty list means a tool-less run. */
export function toolSetOf(tools: readonly Tool[], context: ToolSet['context']): ToolSet {
  return {
    tools,
    context,
    specs: () => tools.map(toolSpec),
  };
}

/** A ToolSet with no tools: the model answers in plain text (e.g. stories260K). */
export function emptyToolSet(workspaceRoot = process.cwd()): ToolSet {
  return toolSetOf([], { workspaceRoot, trusted: false, confirm: async () => false });
}
