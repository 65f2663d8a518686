// read_file: text files only, optionally a line range, capped in size so one
// call cannot flood the context.
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { resolveInWorkspace } from './paths';
import { MAX_FILE_BYTES, errorResult, looksBinary, okResult } from './result';
import type { Tool } from './types';

const schema = z.object({
  path: z.string().min(1).describe('File path relative to the workspace root.'),
  startLine: z.number().int().min(1).optional().describe('First line to read (1-based, inclusive).'),
  endLine: z.number().int().min(1).optional().describe('Last line to read (1-based, inclusive).'),
});

export function readFileTool(): Tool<z.infer<typeof schema>> {
  return {
    name: 'read_file',
    description: 'Read a text file of the workspace, whole or a line range (startLine..endLine, 1-based). Long output is truncated; ask for a range.',
    schema,
    mutates: false,
    async run(args, ctx) {
      const file = await resolveInWorkspace(ctx.workspaceRoot, args.path);
      if (!file.exists) return errorResult(`File "${args.path}" does not exist.`);
      const info = await stat(file.absolute);
      if (info.isDirectory()) return errorResult(`"${args.path}" is a folder; use list_files.`);
      if (info.size > MAX_FILE_BYTES) {
        return errorResult(`"${args.path}" is ${info.size} bytes, more than the ${MAX_FILE_BYTES}-byte limit; use search_text to find the part you need.`);
      }
      const buffer = await readFile(file.absolute, { signal: ctx.signal });
      if (looksBinary(buffer)) return errorResult(`"${args.path}" is a binary file; only text files can be read.`);
      const lines = buffer.toString('utf8').split(/\r?\n/);
      const total = lines.length;
      const start = args.startLine ?? 1;
      const end = Math.min(args.endLine ?? total, total);
      if (start > total) return errorResult(`"${args.path}" has ${total} lines; startLine ${start} is past the end.`);
      if (end < start) return errorResult(`endLine ${end} is before startLine ${start}.`);
      const header = `${file.relative} (lines ${start}-${end} of ${total})\n`;
      return okResult(header + lines.slice(start - 1, end).join('\n'), ctx.maxOutputBytes, 'read a smaller line range');
    },
  };
}
