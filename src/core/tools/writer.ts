// Writes go through a host-provided writer: the CLI writes with Node's fs, the
// VS Code host shows a diff and applies a WorkspaceEdit (undoable) — or the
// user declines, and the model is told so.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export interface WriteRequest {
  /** Absolute real path inside the workspace. */
  absolutePath: string;
  /** Workspace-relative path for display. */
  relativePath: string;
  /** The file's content before the change; null when the file is new. */
  previous: string | null;
  content: string;
  /** Which tool asks: 'write_file' | 'apply_edit'. */
  tool: string;
}

export interface WriteOutcome {
  applied: boolean;
  /** Why it was not applied (e.g. "the user rejected the diff"). */
  message?: string;
}

export interface FileWriter {
  write(request: WriteRequest): Promise<WriteOutcome>;
}

/** Default writer of the CLI: creates parent folders and writes UTF-8. */
export const nodeFileWriter: FileWriter = {
  async write(request) {
    await mkdir(path.dirname(request.absolutePath), { recursive: true });
    await writeFile(request.absolutePath, request.content, 'utf8');
    return { applied: true };
  },
};
