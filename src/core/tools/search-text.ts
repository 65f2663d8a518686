// search_text: a small ripgrep in pure Node (no native binary to ship): walks
// the workspace, skips node_modules/.git, binary and oversized files, and
// stops at a result cap.
import { lstat, readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { resolveInWorkspace } from './paths';
import { IGNORED_DIRS, MAX_FILE_BYTES, errorResult, looksBinary, okResult } from './result';
import type { Tool } from './types';

const schema = z.object({
  pattern: z.string().min(1).describe('Text to find: a JavaScript regular expression, or literal text when literal is true.'),
  literal: z.boolean().default(false).describe('Treat pattern as plain text instead of a regular expression.'),
  caseSensitive: z.boolean().default(false),
  path: z.string().default('.').describe('Folder (or file) to search, relative to the workspace root.'),
  maxResults: z.number().int().min(1).max(1000).default(100).describe('Stop after this many matching lines.'),
});

/** Lines longer than this are shown cut (minified files would flood the output). */
const MAX_LINE_CHARS = 300;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function searchTextTool(): Tool<z.infer<typeof schema>> {
  return {
    name: 'search_text',
    description: 'Search the text files of the workspace for a regular expression or literal text; returns "path:line: text" lines.',
    schema,
    mutates: false,
    async run(args, ctx) {
      let regex: RegExp;
      try {
        regex = new RegExp(args.literal ? escapeRegExp(args.pattern) : args.pattern, args.caseSensitive ? '' : 'i');
      } catch (err) {
        return errorResult(`Invalid regular expression: ${(err as Error).message}. Set literal: true to search plain text.`);
      }
      const start = await resolveInWorkspace(ctx.workspaceRoot, args.path);
      if (!start.exists) return errorResult(`"${args.path}" does not exist.`);
      const hits: string[] = [];
      let filesSearched = 0;
      const searchFile = async (abs: string): Promise<void> => {
        const info = await lstat(abs);
        if (!info.isFile() || info.size > MAX_FILE_BYTES) return;
        const buffer = await readFile(abs);
        if (looksBinary(buffer)) return;
        filesSearched++;
        const rel = path.relative(ctx.workspaceRoot, abs).split(path.sep).join('/');
        const lines = buffer.toString('utf8').split(/\r?\n/);
        for (let i = 0; i < lines.length && hits.length < args.maxResults; i++) {
          const line = lines[i] ?? '';
          if (regex.test(line)) {
            const shown = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
            hits.push(`${rel}:${i + 1}: ${shown.trim()}`);
          }
        }
      };
      const walk = async (abs: string): Promise<void> => {
        const entries = await readdir(abs, { withFileTypes: true });
        entries.sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of entries) {
          if (hits.length >= args.maxResults || ctx.signal.aborted) return;
          // Symlinks are not followed: they may point outside the workspace.
          if (entry.isSymbolicLink()) continue;
          const child = path.join(abs, entry.name);
          if (entry.isDirectory()) {
            if (!IGNORED_DIRS.has(entry.name)) await walk(child);
          } else if (entry.isFile()) await searchFile(child);
        }
      };
      const info = await lstat(start.absolute);
      if (info.isDirectory()) await walk(start.absolute);
      else await searchFile(start.absolute);
      if (hits.length === 0) return okResult(`No matches in ${filesSearched} file(s).`, ctx.maxOutputBytes);
      if (hits.length >= args.maxResults) hits.push(`[stopped at ${args.maxResults} matches; narrow the pattern or the path]`);
      return okResult(hits.join('\n'), ctx.maxOutputBytes, 'narrow the pattern or the path');
    },
  };
}
