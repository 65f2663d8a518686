// write_file and apply_edit: the only tools that change files. Both are
// refused in an untrusted workspace, and both go through the host's
// FileWriter (VS Code: diff + WorkspaceEdit; CLI: Node fs).
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { resolveInWorkspace } from './paths';
import { MAX_FILE_BYTES, errorResult, looksBinary, okResult } from './result';
import type { Tool, ToolContext, ToolResult } from './types';
import type { FileWriter } from './writer';

const UNTRUSTED = 'The workspace is not trusted (Restricted Mode): files cannot be changed.';

const writeSchema = z.object({
  path: z.string().min(1).describe('File path relative to the workspace root; parent folders are created.'),
  content: z.string().describe('The complete new content of the file.'),
});

const editSchema = z.object({
  path: z.string().min(1).describe('File path relative to the workspace root.'),
  oldText: z.string().min(1).describe('Exact text to replace (must occur exactly once unless replaceAll).'),
  newText: z.string().describe('Replacement text.'),
  replaceAll: z.boolean().default(false).describe('Replace every occurrence of oldText.'),
});

async function readExisting(absolute: string, exists: boolean): Promise<string | null | ToolResult> {
  if (!exists) return null;
  const info = await stat(absolute);
  if (info.isDirectory()) return errorResult('The path is a folder.');
  if (info.size > MAX_FILE_BYTES) return errorResult(`The file is larger than ${MAX_FILE_BYTES} bytes; it cannot be edited here.`);
  const buffer = await readFile(absolute);
  if (looksBinary(buffer)) return errorResult('The file is binary; it cannot be edited as text.');
  return buffer.toString('utf8');
}

async function commit(
  writer: FileWriter,
  ctx: ToolContext,
  tool: string,
  target: { absolute: string; relative: string },
  previous: string | null,
  content: string,
  done: string,
): Promise<ToolResult> {
  const outcome = await writer.write({ absolutePath: target.absolute, relativePath: target.relative, previous, content, tool });
  if (!outcome.applied) return errorResult(`The change to ${target.relative} was not applied: ${outcome.message ?? 'declined'}.`);
  return okResult(done, ctx.maxOutputBytes);
}

export function writeFileTool(writer: FileWriter): Tool<z.infer<typeof writeSchema>> {
  return {
    name: 'write_file',
    description: 'Create or overwrite a text file of the workspace with the given content.',
    schema: writeSchema,
    mutates: true,
    async run(args, ctx) {
      if (!ctx.trusted) return errorResult(UNTRUSTED);
      const target = await resolveInWorkspace(ctx.workspaceRoot, args.path);
      const previous = await readExisting(target.absolute, target.exists);
      if (previous !== null && typeof previous === 'object') return previous;
      const lines = args.content.split('\n').length;
      const verb = previous === null ? 'Created' : 'Overwrote';
      return commit(writer, ctx, 'write_file', target, previous, args.content, `${verb} ${target.relative} (${lines} lines).`);
    },
  };
}

export function applyEditTool(writer: FileWriter): Tool<z.infer<typeof editSchema>> {
  return {
    name: 'apply_edit',
    description: 'Replace exact text in a workspace file (oldText must match exactly once unless replaceAll is true).',
    schema: editSchema,
    mutates: true,
    async run(args, ctx) {
      if (!ctx.trusted) return errorResult(UNTRUSTED);
      const target = await resolveInWorkspace(ctx.workspaceRoot, args.path);
      if (!target.exists) return errorResult(`File "${args.path}" does not exist; use write_file to create it.`);
      const previous = await readExisting(target.absolute, true);
      if (previous === null || typeof previous === 'object') return previous ?? errorResult('Unreadable file.');
      const count = previous.split(args.oldText).length - 1;
      if (count === 0) return errorResult(`oldText was not found in ${target.relative}; read the file and copy the text exactly.`);
      if (count > 1 && !args.replaceAll) {
        return errorResult(`oldText occurs ${count} times in ${target.relative}; add surrounding lines to make it unique, or set replaceAll.`);
      }
      const content = args.replaceAll
        ? previous.split(args.oldText).join(args.newText)
        : previous.replace(args.oldText, () => args.newText);
      const replaced = args.replaceAll ? count : 1;
      return commit(writer, ctx, 'apply_edit', target, previous, content, `Edited ${target.relative}: ${replaced} replacement(s).`);
    },
  };
}
