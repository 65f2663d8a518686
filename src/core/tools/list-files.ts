// list_files: the model's view of the workspace tree. Recursion skips
// node_modules/.git and never follows symlinks (they could leave the workspace).
import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { resolveInWorkspace } from './paths';
import { IGNORED_DIRS, errorResult, okResult } from './result';
import type { Tool } from './types';

const schema = z.object({
  path: z.string().default('.').describe('Folder relative to the workspace root (default: the root).'),
  recursive: z.boolean().default(false).describe('List sub-folders too (node_modules and .git are skipped).'),
  maxEntries: z.number().int().min(1).max(5000).default(500).describe('Stop after this many entries.'),
});

export function listFilesTool(): Tool<z.infer<typeof schema>> {
  return {
    name: 'list_files',
    description: 'List files and folders in a workspace folder. Folders end with "/"; symbolic links end with "@".',
    schema,
    mutates: false,
    async run(args, ctx) {
      const dir = await resolveInWorkspace(ctx.workspaceRoot, args.path);
      if (!dir.exists) return errorResult(`Folder "${args.path}" does not exist.`);
      const stat = await lstat(dir.absolute);
      if (!stat.isDirectory()) return errorResult(`"${args.path}" is a file, not a folder; use read_file.`);
      const lines: string[] = [];
      let capped = false;
      const walk = async (abs: string, prefix: string): Promise<void> => {
        const entries = await readdir(abs, { withFileTypes: true });
        entries.sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of entries) {
          if (ctx.signal.aborted) return;
          if (lines.length >= args.maxEntries) {
            capped = true;
            return;
          }
          const rel = prefix + entry.name;
          if (entry.isSymbolicLink()) lines.push(`${rel}@`);
          else if (entry.isDirectory()) {
            lines.push(`${rel}/`);
            if (args.recursive && !IGNORED_DIRS.has(entry.name)) await walk(path.join(abs, entry.name), `${rel}/`);
          } else lines.push(rel);
        }
      };
      await walk(dir.absolute, dir.relative === '.' ? '' : `${dir.relative}/`);
      if (capped) lines.push(`[stopped after ${args.maxEntries} entries]`);
      return okResult(lines.length ? lines.join('\n') : '(empty folder)', ctx.maxOutputBytes, 'list a sub-folder');
    },
  };
}
