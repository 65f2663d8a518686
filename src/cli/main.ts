// Entry point of the `budget-agent` command line (bundled to dist/cli.js).
// `cli()` holds the logic and returns the exit code, so tests can run it
// in-process; the bottom of the file wires it to the real process.
import type * as EvalMain from '../eval/main';
import { parseCli, UsageError } from './args';
import { HELP } from './help';
import type { CliIO } from './io';
import { ledgerCommand } from './ledger';
import { runCommand } from './run';

export async function cli(argv: readonly string[], io: CliIO): Promise<number> {
  // `eval` has its own argument set (src/eval/main.ts); it is loaded only when asked for.
  if (argv[0] === 'eval') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { evalMain } = require('../eval/main') as typeof EvalMain;
    return evalMain(argv.slice(1), { out: textSink(io.stdout), err: textSink(io.stderr) });
  }
  try {
    const config = parseCli(argv, io.cwd);
    if (config.command === 'help') {
      io.stdout(HELP);
      return 0;
    }
    if (config.command === 'ledger') return await ledgerCommand(config, io);
    return await runCommand(config, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`budget-agent: ${err.message}\nRun "budget-agent --help" for usage.\n`);
      return 2;
    }
    io.stderr(`budget-agent: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** The eval harness writes to streams; the CLI's IO takes text. */
function textSink(write: (text: string) => void): NodeJS.WritableStream {
  return { write: (chunk: string | Uint8Array) => (write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')), true) } as unknown as NodeJS.WritableStream;
}

if (require.main === module) {
  const abort = new AbortController();
  process.on('SIGINT', () => {
    // First Ctrl-C cancels the run (the best answer and spend are still
    // reported); a second one exits at once.
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  });
  const io: CliIO = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    signal: abort.signal,
  };
  cli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`budget-agent: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
