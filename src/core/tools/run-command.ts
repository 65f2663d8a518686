// run_command: an argv array run without a shell (no globbing, no pipes, no
// injection through quoting), inside the workspace, only in a trusted
// workspace and only after the host confirms this exact command.
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { resolveInWorkspace } from './paths';
import { errorResult, okResult } from './result';
import type { Tool } from './types';

const schema = z.object({
  command: z.array(z.string()).min(1).describe('Program and arguments, e.g. ["npm", "test"]. No shell: pipes, globs and && do not work.'),
  cwd: z.string().default('.').describe('Working folder relative to the workspace root.'),
});

export interface RunCommandOptions {
  /** Environment of the child; defaults to the host's minus nothing. Hosts strip secrets here. */
  env?: NodeJS.ProcessEnv;
  /** Output kept in memory at most (the model sees a budgeted part of it). */
  maxCaptureBytes?: number;
}

export function runCommandTool(options: RunCommandOptions = {}): Tool<z.infer<typeof schema>> {
  const maxCapture = options.maxCaptureBytes ?? 1024 * 1024;
  return {
    name: 'run_command',
    description: 'Run a program in the workspace (argv array, no shell) and return its exit code and output. Each command needs the user\'s approval.',
    schema,
    mutates: true,
    async run(args, ctx) {
      if (!ctx.trusted) return errorResult('The workspace is not trusted (Restricted Mode): commands cannot be run.');
      const cwd = await resolveInWorkspace(ctx.workspaceRoot, args.cwd);
      if (!cwd.exists) return errorResult(`Working folder "${args.cwd}" does not exist.`);
      const shown = JSON.stringify(args.command);
      const allowed = await ctx.confirm({ title: 'Run command?', detail: `${shown} in ${cwd.relative}`, command: { argv: [...args.command], cwd: cwd.relative } });
      if (!allowed) return errorResult(`The command ${shown} was not allowed by the user.`);
      const [program, ...rest] = args.command as [string, ...string[]];
      return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        let captured = 0;
        const keep = (chunk: Buffer) => {
          if (captured < maxCapture) chunks.push(chunk.subarray(0, maxCapture - captured));
          captured += chunk.length;
        };
        const child = spawn(program, rest, {
          cwd: cwd.absolute,
          shell: false,
          env: options.env ?? process.env,
          signal: ctx.signal,
          stdio: ['ignore', 'pipe', 'pipe'],
          windowsHide: true,
        });
        child.stdout.on('data', keep);
        child.stderr.on('data', keep);
        child.on('error', (err) => {
          const aborted = (err as NodeJS.ErrnoException).name === 'AbortError';
          resolve(errorResult(aborted ? `${shown} was stopped (timeout or cancellation).` : `${shown} could not start: ${err.message}`));
        });
        child.on('close', (code, signal) => {
          const output = Buffer.concat(chunks).toString('utf8');
          const status = code !== null ? `exit code ${code}` : `killed by ${signal}`;
          const text = `$ ${args.command.join(' ')}\n[${status}]\n${output}`;
          resolve(okResult(text, ctx.maxOutputBytes, 'the command printed more than the budget allows'));
        });
      });
    },
  };
}
