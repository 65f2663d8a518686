// Every path a tool touches resolves inside the workspace. The check is done
// twice: lexically (so `..` and outside absolute paths fail with a clear
// message before any I/O) and on the real path (so a symlink inside the
// workspace that points outside it cannot be used to escape).
import { lstat, readlink, realpath } from 'node:fs/promises';
import * as path from 'node:path';

/** A refusal the tool turns into an error message for the model. */
export class PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathError';
  }
}

export interface ResolvedPath {
  /** Absolute real path (symlinks resolved where the path exists). */
  absolute: string;
  /** Path relative to the workspace root, with forward slashes ('.' for the root). */
  relative: string;
  exists: boolean;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function toRelative(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/**
 * Resolves `input` (relative to the workspace, or absolute inside it) and
 * refuses anything that escapes `workspaceRoot`, which must itself be a real path.
 */
export async function resolveInWorkspace(workspaceRoot: string, input: string, linkDepth = 0): Promise<ResolvedPath> {
  if (linkDepth > 40) throw new PathError(`Path "${input}" goes through too many symbolic links; refused.`);
  if (input.includes('\0')) throw new PathError('Path contains a NUL byte.');
  const raw = input.trim() === '' ? '.' : input.trim();
  const lexical = path.resolve(workspaceRoot, raw);
  if (!isInside(workspaceRoot, lexical)) {
    throw new PathError(
      `Path "${input}" is outside the workspace; use a path relative to the workspace root (no "..", no absolute paths outside it).`,
    );
  }
  // Resolve symlinks on the longest existing prefix; the rest cannot be a link yet.
  let existing = lexical;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await realpath(existing);
      const absolute = rest.length ? path.join(real, ...rest.reverse()) : real;
      if (!isInside(workspaceRoot, absolute)) {
        throw new PathError(`Path "${input}" resolves through a symbolic link to a location outside the workspace; refused.`);
      }
      return { absolute, relative: toRelative(workspaceRoot, absolute), exists: rest.length === 0 };
    } catch (err) {
      if (err instanceof PathError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      // A dangling symlink: realpath fails, yet writing through it creates its
      // target, wherever that is. Follow it and check the target like any path.
      const link = await lstat(existing).catch(() => undefined);
      if (link?.isSymbolicLink()) {
        const target = path.resolve(await realpath(path.dirname(existing)), await readlink(existing));
        const absolute = rest.length ? path.join(target, ...[...rest].reverse()) : target;
        if (!isInside(workspaceRoot, absolute)) {
          throw new PathError(`Path "${input}" resolves through a symbolic link to a location outside the workspace; refused.`);
        }
        const resolved = await resolveInWorkspace(workspaceRoot, absolute, linkDepth + 1);
        return { ...resolved, exists: false };
      }
      const parent = path.dirname(existing);
      if (parent === existing) throw new PathError(`Path "${input}" cannot be resolved.`);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}
