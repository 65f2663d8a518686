// Small constructors for ToolResult so every tool reports success, failure and
// truncation the same way.
import type { ToolResult } from './types';
import { truncateOutput } from './truncate';

export function okResult(text: string, maxBytes: number, hint?: string): ToolResult {
  const { text: content, truncated } = truncateOutput(text, maxBytes, hint);
  return { ok: true, content, truncated };
}

export function errorResult(error: string): ToolResult {
  return { ok: false, content: `Error: ${error}`, truncated: false, error };
}

/** Files larger than this are not read or searched (keeps memory bounded). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Heuristic used by git: a NUL byte in the first 8 KiB means binary. */
export function looksBinary(buffer: Buffer): boolean {
  return buffer.subarray(0, 8192).includes(0);
}

/** Folders never listed recursively or searched. */
export const IGNORED_DIRS = new Set(['node_modules', '.git']);
