// runEval: every task of a suite × strategy × budget × repeat, against one
// model, with a concurrency limit. Each finished run is appended to
// OUT/results.jsonl at once, so an interrupted evaluation resumes where it
// stopped (--resume); then the report (JSON, Markdown, SVG plots) is written
// from the results file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runAgent } from '../core/agent';
import { STRATEGIES, type RunSummary, type StrategyName } from '../core/agent/types';
import { DEFAULT_TOOL_CALL_USD, PriceTable, type ModelPrice } from '../core/budget/pricing';
import { RunBudget } from '../core/budget/run-budget';
import { EventStream } from '../core/events/emitter';
import type { ModelProvider } from '../core/models/types';
import { createToolSet, emptyToolSet } from '../core/tools';
import { DEFAULT_BUDGETS, parseBudgets, type BudgetSpec } from './budgets';
import { checkAnswer } from './checkers';
import { markdownReport } from './report';
import { buildReport, type EvalReport } from './report';
import { renderPlots } from './plots';
import { deriveSeed, forEachLimited } from './pool';
import { createProvider, resolvePricing, type ProviderOptions } from './providers';
import { appendResult, isInfrastructureFailure, loadResults, resultKey, type RunRecord } from './results';
import { fixtureDir, loadSuite, selectTasks, validateSuite, type EvalTask } from './suite';

export interface EvalOptions extends ProviderOptions {
  /** Suite JSONL file; fixtures are the folders next to it. */
  suite: string;
  /** Only these task ids / tasks with any of these tags / the first N tasks. */
  tasks?: string[];
  tags?: string[];
  limit?: number;
  /** Default: all four (react, tracker, bats, plan-and-budget). */
  strategies?: StrategyName[];
  /** Budget specs, e.g. ["tools:5", "tools:10", "tokens:20000"] (default tools 5/10/20/50). */
  budgets?: string[];
  /** Runs per (task, strategy, budget) (default 1). */
  repeats?: number;
  /** Base seed; each run's seed is derived from it and the run's key (default 1). */
  seed?: number;
  /** Runs in flight at once (default 4; the ONNX provider always runs one at a time). */
  concurrency?: number;
  /** Output folder: results.jsonl, run.json, report.json, report.md, *.svg. */
  out: string;
  /** Continue the results in `out`, skipping finished runs (failed runs are retried). */
  resume?: boolean;
  /** Discard results already in `out` and start over. */
  fresh?: boolean;
  /** Only rebuild the report and plots from `out`/results.jsonl. */
  reportOnly?: boolean;
  /** Token prices (USD per 1M) overriding the price table, for the ledger and the report. */
  price?: Partial<ModelPrice>;
  /** P_i of the unified cost (default $0.001 per tool call). */
  toolCallUsd?: number;
  /** Sampling temperature sent with every call (default 0). */
  temperature?: number;
  /** Give the agent the read-only workspace tools (default true). */
  tools?: boolean;
  /** Render SVG plots (default true). */
  plots?: boolean;
  /** Use this provider instead of creating one (tests, hosts with their own). */
  providerInstance?: ModelProvider;
  signal?: AbortSignal;
  onProgress?: (progress: EvalProgress) => void;
}

export interface EvalProgress {
  done: number;
  total: number;
  skipped: number;
  record: RunRecord;
}

export interface EvalOutcome {
  report: EvalReport;
  outDir: string;
  files: { results: string; meta: string; json: string; markdown: string; plots: string[] };
  /** Runs executed by this call / found finished in the results file. */
  ran: number;
  skipped: number;
}

interface RunMeta {
  suite: string;
  provider: string;
  model: string;
  baseUrl?: string;
  seed: number;
  tools: boolean;
  createdAt: string;
}

export interface Job {
  task: EvalTask;
  strategy: StrategyName;
  budget: BudgetSpec;
  repeat: number;
  key: string;
  seed: number;
}

export function gridJobs(tasks: readonly EvalTask[], strategies: readonly StrategyName[], budgets: readonly BudgetSpec[], repeats: number, seed: number): Job[] {
  const jobs: Job[] = [];
  // Repeat-major order: a partial run already covers every cell once.
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const budget of budgets) {
      for (const strategy of strategies) {
        for (const task of tasks) {
          jobs.push({
            task,
            strategy,
            budget,
            repeat,
            key: resultKey(task.id, strategy, budget.label, repeat),
            seed: deriveSeed(seed, task.id, strategy, budget.label, repeat),
          });
        }
      }
    }
  }
  return jobs;
}

function checkStrategies(names: readonly string[]): StrategyName[] {
  const bad = names.filter((n) => !STRATEGIES.includes(n as StrategyName));
  if (bad.length > 0) throw new Error(`unknown strategy: ${bad.join(', ')} (choose from ${STRATEGIES.join(', ')})`);
  return [...new Set(names)] as StrategyName[];
}

function prepareOut(outDir: string, meta: RunMeta, options: EvalOptions): void {
  mkdirSync(outDir, { recursive: true });
  const metaFile = path.join(outDir, 'run.json');
  const resultsFile = path.join(outDir, 'results.jsonl');
  const hasResults = existsSync(resultsFile) && readFileSync(resultsFile, 'utf8').trim() !== '';
  if (hasResults && options.fresh) writeFileSync(resultsFile, '');
  else if (hasResults && !options.resume && !options.reportOnly) {
    throw new Error(`${resultsFile} already holds results: pass --resume to continue them or --fresh to start over`);
  }
  if ((options.resume || options.reportOnly) && hasResults && existsSync(metaFile)) {
    const before = JSON.parse(readFileSync(metaFile, 'utf8')) as RunMeta;
    const differs = (['provider', 'model', 'seed', 'tools'] as const).filter((k) => before[k] !== meta[k]);
    if (differs.length > 0) {
      throw new Error(
        `the results in ${outDir} were made with a different ${differs.join(', ')} (${differs.map((k) => `${String(before[k])} ≠ ${String(meta[k])}`).join('; ')}); use another --out`,
      );
    }
    return;
  }
  writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
}

export async function runEval(options: EvalOptions): Promise<EvalOutcome> {
  const suite = loadSuite(options.suite);
  const problems = validateSuite(suite);
  if (problems.length > 0) throw new Error(`the suite has problems:\n  ${problems.join('\n  ')}`);
  const tasks = selectTasks(suite.tasks, { ids: options.tasks, tags: options.tags, limit: options.limit });
  if (tasks.length === 0) throw new Error('no task matches the selection');
  const strategies = checkStrategies(options.strategies ?? STRATEGIES);
  const budgets = parseBudgets(options.budgets ?? DEFAULT_BUDGETS);
  const repeats = Math.max(1, Math.floor(options.repeats ?? 1));
  const seed = Math.floor(options.seed ?? 1);
  const useTools = options.tools ?? true;
  const toolCallUsd = options.toolCallUsd ?? DEFAULT_TOOL_CALL_USD;

  const provider = options.providerInstance ?? (await createProvider(options));
  const ownsProvider = options.providerInstance === undefined;
  try {
    const { price, info: pricing } = resolvePricing(provider, options.price, toolCallUsd);
    // The ledger prices calls the way the report does, so a money cap and the unified cost agree.
    const priceTable = new PriceTable({
      ...(price && pricing.source === 'override' ? { models: { [provider.model]: price } } : {}),
      defaultToolCall: toolCallUsd,
    });

    const outDir = path.resolve(options.out);
    const files = {
      results: path.join(outDir, 'results.jsonl'),
      meta: path.join(outDir, 'run.json'),
      json: path.join(outDir, 'report.json'),
      markdown: path.join(outDir, 'report.md'),
      plots: [] as string[],
    };
    const baseUrl = provider.kind === 'onnx' ? undefined : options.baseUrl;
    prepareOut(
      outDir,
      { suite: suite.file, provider: provider.kind, model: provider.model, ...(baseUrl ? { baseUrl } : {}), seed, tools: useTools, createdAt: new Date().toISOString() },
      options,
    );

    const records = loadResults(files.results);
    const jobs = gridJobs(tasks, strategies, budgets, repeats, seed);
    const todo = options.reportOnly ? [] : jobs.filter((j) => {
      const rec = records.get(j.key);
      return rec === undefined || isInfrastructureFailure(rec);
    });
    const skipped = jobs.length - todo.length;
    const concurrency = provider.kind === 'onnx' ? 1 : Math.max(1, Math.floor(options.concurrency ?? 4));

    let done = 0;
    await forEachLimited(
      todo,
      concurrency,
      async (job) => {
        const record = await runJob(job, { provider, priceTable, suiteDir: suite.dir, useTools, temperature: options.temperature ?? 0, signal: options.signal });
        if (options.signal?.aborted && record.stoppedBy === 'cancelled') return; // not a result: rerun on --resume
        appendResult(files.results, record);
        records.set(record.key, record);
        done++;
        options.onProgress?.({ done, total: todo.length, skipped, record });
      },
      options.signal,
    );

    const report = buildReport({
      suiteFile: suite.file,
      taskIds: tasks.map((t) => t.id),
      strategies,
      budgets,
      repeats,
      seed,
      provider: provider.kind,
      model: provider.model,
      ...(baseUrl ? { baseUrl } : {}),
      pricing,
      cost: { price, toolCallUsd },
      records,
    });
    if (options.plots ?? true) {
      for (const plot of await renderPlots(report)) {
        writeFileSync(path.join(outDir, plot.name), plot.svg);
        files.plots.push(path.join(outDir, plot.name));
      }
    }
    writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(files.markdown, markdownReport(report, files.plots.map((p) => path.basename(p))));
    return { report, outDir, files, ran: done, skipped };
  } finally {
    if (ownsProvider) await provider.dispose?.();
  }
}

interface JobContext {
  provider: ModelProvider;
  priceTable: PriceTable;
  suiteDir: string;
  useTools: boolean;
  temperature: number;
  signal?: AbortSignal;
}

async function runJob(job: Job, ctx: JobContext): Promise<RunRecord> {
  const runId = `${job.task.id}.${job.strategy}.${job.budget.label}.r${job.repeat}`;
  const workspaceRoot = fixtureDir({ dir: ctx.suiteDir }, job.task);
  const budget = new RunBudget({
    runId,
    limits: job.budget.limits,
    pricing: ctx.priceTable,
    provider: ctx.provider.kind,
    model: ctx.provider.model,
    keepRecords: false,
  });
  // Read-only: an untrusted tool set has no write tools and no run_command.
  const tools = ctx.useTools ? createToolSet({ workspaceRoot, trusted: false }) : emptyToolSet(workspaceRoot);
  const events = new EventStream();
  let modelCalls = 0;
  events.on((e) => {
    if (e.type === 'model_call') modelCalls++;
  });
  const started = performance.now();
  let summary: RunSummary;
  try {
    summary = await runAgent({
      task: job.task.task,
      strategy: job.strategy,
      provider: ctx.provider,
      budget,
      tools,
      events,
      runId,
      seed: job.seed,
      temperature: ctx.temperature,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (err) {
    summary = {
      runId,
      answer: null,
      stoppedBy: 'error',
      error: err instanceof Error ? err.message : String(err),
      spent: budget.spent(),
      limits: budget.limits,
      steps: 0,
      strategy: job.strategy,
    };
  }
  return {
    key: job.key,
    task: job.task.id,
    strategy: job.strategy,
    budget: job.budget.label,
    repeat: job.repeat,
    seed: job.seed,
    provider: ctx.provider.kind,
    model: ctx.provider.model,
    answer: summary.answer,
    correct: checkAnswer(job.task.checker, summary.answer),
    stoppedBy: summary.stoppedBy,
    ...(summary.error !== undefined ? { error: summary.error } : {}),
    spent: summary.spent,
    limits: summary.limits,
    steps: summary.steps,
    modelCalls,
    wallMs: Math.round(performance.now() - started),
    finishedAt: new Date().toISOString(),
  };
}
