// Command line of the evaluation harness, run as `budget-agent eval` (src/cli)
// or `npm run eval -- …`:
//   budget-agent eval --suite test/fixtures/eval/suite.jsonl \
//     --provider openai --base-url http://127.0.0.1:11434/v1 --model qwen3:4b \
//     --strategies react,bats --budgets 5,10,20,50 --repeats 1 --out .eval-runs/qwen3
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { STRATEGIES, type StrategyName } from '../core/agent/types';
import { DEFAULT_BUDGETS } from './budgets';
import { formatUsd } from './report';
import { runEval, type EvalOptions } from './runner';

export const EVAL_USAGE = `Usage: eval [options]

Runs every task of a suite with each strategy at each budget, checks the
answers and writes OUT/results.jsonl, report.json, report.md and SVG plots.

  --suite FILE            task suite JSONL (default test/fixtures/eval/suite.jsonl)
  --tasks ID,ID           only these tasks          --tags TAG,TAG   only tasks with a tag
  --limit N               only the first N tasks
  --strategies LIST       ${STRATEGIES.join(',')} (default: all)
  --budgets LIST          e.g. 5,10,20,50 (tool calls) or tokens:20000,tools:10+tokens:40000
                          (default ${DEFAULT_BUDGETS.join(',')})
  --repeats N             runs per task × strategy × budget (default 1)
  --seed N                base seed (default 1)
  --concurrency N         runs in flight (default 4; onnx: 1)
  --provider openai|onnx  (default openai)
  --base-url URL          OpenAI-compatible server root incl. /v1 (default https://api.openai.com/v1)
  --model ID              model id (required for openai)
  --api-key-env NAME      environment variable holding the key (default OPENAI_API_KEY)
  --model-path DIR        onnx: model folder
  --price IN,CACHED,OUT   token prices in USD per 1M tokens (default: the built-in price table)
  --tool-price USD        P_i per tool call in the unified cost (default 0.001)
  --temperature T         (default 0)
  --no-tools              run without workspace tools (plain-completion models)
  --no-plots              skip the SVG plots
  --out DIR               output folder (default .eval-runs/<model>)
  --resume                continue the results in OUT (finished runs are skipped)
  --fresh                 discard the results in OUT and start over
  --report-only           rebuild report and plots from OUT/results.jsonl
  -q, --quiet             no per-run progress lines
`;

const list = (v: string | undefined): string[] | undefined =>
  v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

export interface ParsedEvalArgs {
  options: EvalOptions;
  quiet: boolean;
  help: boolean;
}

/** Parses the eval command line (without the leading node/script/subcommand words). */
export function parseEvalArgs(argv: readonly string[]): ParsedEvalArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      suite: { type: 'string' },
      tasks: { type: 'string' },
      tags: { type: 'string' },
      limit: { type: 'string' },
      strategies: { type: 'string' },
      budgets: { type: 'string' },
      repeats: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      provider: { type: 'string' },
      'base-url': { type: 'string' },
      model: { type: 'string' },
      'api-key-env': { type: 'string' },
      'model-path': { type: 'string' },
      price: { type: 'string' },
      'tool-price': { type: 'string' },
      temperature: { type: 'string' },
      'no-tools': { type: 'boolean' },
      'no-plots': { type: 'boolean' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
      fresh: { type: 'boolean' },
      'report-only': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const provider = values.provider ?? 'openai';
  if (provider !== 'openai' && provider !== 'onnx') throw new Error(`--provider must be openai or onnx, got "${provider}"`);
  let price: EvalOptions['price'];
  if (values.price !== undefined) {
    const parts = values.price.split(',').map((p) => num('price', p.trim()));
    if (parts.length === 2) price = { input: parts[0], output: parts[1] };
    else if (parts.length === 3) price = { input: parts[0], cachedInput: parts[1], output: parts[2] };
    else throw new Error('--price takes IN,OUT or IN,CACHED,OUT (USD per 1M tokens)');
  }
  const modelName = values.model ?? (values['model-path'] ? path.basename(values['model-path']) : 'model');
  const options: EvalOptions = {
    suite: values.suite ?? 'test/fixtures/eval/suite.jsonl',
    out: values.out ?? path.join('.eval-runs', modelName.replace(/[^A-Za-z0-9._-]+/g, '_')),
    provider,
    ...(values.tasks !== undefined ? { tasks: list(values.tasks) } : {}),
    ...(values.tags !== undefined ? { tags: list(values.tags) } : {}),
    ...(values.limit !== undefined ? { limit: int('limit', values.limit) } : {}),
    ...(values.strategies !== undefined ? { strategies: list(values.strategies) as StrategyName[] } : {}),
    ...(values.budgets !== undefined ? { budgets: list(values.budgets) } : {}),
    ...(values.repeats !== undefined ? { repeats: int('repeats', values.repeats) } : {}),
    ...(values.seed !== undefined ? { seed: int('seed', values.seed) } : {}),
    ...(values.concurrency !== undefined ? { concurrency: int('concurrency', values.concurrency) } : {}),
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    ...(values['api-key-env'] !== undefined ? { apiKeyEnv: values['api-key-env'] } : {}),
    ...(values['model-path'] !== undefined ? { modelPath: values['model-path'] } : {}),
    ...(price ? { price } : {}),
    ...(values['tool-price'] !== undefined ? { toolCallUsd: num('tool-price', values['tool-price']) } : {}),
    ...(values.temperature !== undefined ? { temperature: num('temperature', values.temperature) } : {}),
    ...(values['no-tools'] ? { tools: false } : {}),
    ...(values['no-plots'] ? { plots: false } : {}),
    ...(values.resume ? { resume: true } : {}),
    ...(values.fresh ? { fresh: true } : {}),
    ...(values['report-only'] ? { reportOnly: true } : {}),
  };
  return { options, quiet: values.quiet ?? false, help: values.help ?? false };
}

/** Runs the command line; returns the exit code (0 ok, 1 failure, 2 usage error). */
export async function evalMain(argv: readonly string[], io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed: ParsedEvalArgs;
  try {
    parsed = parseEvalArgs(argv);
  } catch (err) {
    io.err.write(`eval: ${(err as Error).message}\n\n${EVAL_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.out.write(EVAL_USAGE);
    return 0;
  }
  const controller = new AbortController();
  const onSigint = () => {
    io.err.write('\neval: cancelling the runs in flight (finished runs are kept in results.jsonl; rerun with --resume)\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const outcome = await runEval({
      ...parsed.options,
      signal: controller.signal,
      onProgress: parsed.quiet
        ? undefined
        : ({ done, total, record: r }) =>
            io.err.write(
              `[${done}/${total}] ${r.correct ? 'pass' : 'FAIL'} ${r.task} ${r.strategy} ${r.budget} r${r.repeat}: ${r.stoppedBy}, ${r.spent.toolCalls} tool calls, ${r.spent.inputTokens + r.spent.outputTokens} tokens${r.error ? ` (${r.error})` : ''}\n`,
            ),
    });
    const { report, files } = outcome;
    io.out.write(`${outcome.ran} run(s) done, ${outcome.skipped} already in ${path.relative(process.cwd(), files.results) || files.results}\n\n`);
    for (const c of report.cells) {
      io.out.write(
        `${c.strategy.padEnd(16)} ${c.budget.padEnd(22)} acc ${(c.accuracy * 100).toFixed(1).padStart(5)} %  cost of pass ${formatUsd(c.costOfPassUsd).padStart(9)}  overshoot ${c.capOvershoot}\n`,
      );
    }
    io.out.write(`\nreport: ${files.markdown}\n        ${files.json}\n`);
    for (const p of files.plots) io.out.write(`plot:   ${p}\n`);
    return report.capsHeld ? 0 : 1;
  } catch (err) {
    io.err.write(`eval: ${(err as Error).message}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
