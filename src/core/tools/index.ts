// Public surface of the workspace tools.
export { createToolSet, emptyToolSet, toolSetOf, toolSpec, type ToolSetOptions } from './toolset';
export { resolveInWorkspace, PathError, type ResolvedPath } from './paths';
export { truncateOutput, byteLength } from './truncate';
export { nodeFileWriter, type FileWriter, type WriteRequest, type WriteOutcome } from './writer';
export { listFilesTool } from './list-files';
export { readFileTool } from './read-file';
export { searchTextTool } from './search-text';
export { writeFileTool, applyEditTool } from './write-file';
export { runCommandTool, type RunCommandOptions } from './run-command';
export { commandEnvironment } from './environment';
export { fetchUrlTool } from './fetch-url';
export type { ConfirmRequest, Tool, ToolContext, ToolResult, ToolSet } from './types';
