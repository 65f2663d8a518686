// End to end: the harness against the scripted fake OpenAI server, through the
// real agent loop, budget ledger, provider and workspace tools. Every figure
// of the report is computed here from the script (scripted-model.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../helpers/fake-openai-server';
import { OpenAIProvider } from '../../../src/core/models/openai';
import { runEval, type EvalOutcome } from '../../../src/eval/runner';
import { loadSuite, type EvalTask } from '../../../src/eval/suite';
import { loadResults } from '../../../src/eval/results';
import { MARKDOWN_COLUMNS, formatUsd } from '../../../src/eval/report';
import { COMPLETION_TOKENS, PROMPT_TOKENS, expectedRun, scriptedModel } from './scripted-model';

const ROOT = path.resolve(__dirname, '../../../..');
const SUITE = path.join(ROOT, 'test/fixtures/eval/suite.jsonl');
// Tasks needing 1, 2, 3 and 4 file reads.
const TASK_IDS = ['inv-tax-function', 'inv-discount-approval', 'gw-cache-ttl-production', 'inv-parseheader-callsites'];
const STRATEGIES = ['react', 'tracker', 'bats', 'plan-and-budget'] as const;
const TOOL_BUDGETS = [2, 4];
const PRICE = { input: 1, cachedInput: 0.5, output: 2 }; // USD per 1M tokens
const TOOL_USD = 0.001;

let server: FakeOpenAIServer;
let tmp: string;
let tasks: EvalTask[];
let outcome: EvalOutcome;

function provider(): OpenAIProvider {
  return new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'test', model: 'fake-model', maxAttempts: 1 });
}

function options(out: string, extra: Partial<Parameters<typeof runEval>[0]> = {}): Parameters<typeof runEval>[0] {
  return {
    suite: SUITE,
    tasks: TASK_IDS,
    strategies: [...STRATEGIES],
    budgets: [...TOOL_BUDGETS.map((b) => `tools:${b}`), 'tokens:3000'],
    repeats: 1,
    seed: 7,
    concurrency: 4,
    out,
    price: PRICE,
    toolCallUsd: TOOL_USD,
    providerInstance: provider(),
    ...extra,
  };
}

before(async () => {
  tasks = loadSuite(SUITE).tasks.filter((t) => TASK_IDS.includes(t.id));
  server = await startFakeOpenAI(scriptedModel(tasks));
  tmp = mkdtempSync(path.join(tmpdir(), 'eval-e2e-'));
  outcome = await runEval(options(path.join(tmp, 'run')));
});

after(async () => {
  await server?.close();
  if (!process.env.KEEP_EVAL_TMP) rmSync(tmp, { recursive: true, force: true });
});

const callCost = (PROMPT_TOKENS * PRICE.input + COMPLETION_TOKENS * PRICE.output) / 1e6;

test('every strategy × tool budget cell has the accuracy, tokens, cost of pass and E³ the script implies', () => {
  for (const strategy of STRATEGIES) {
    for (const budget of TOOL_BUDGETS) {
      const cell = outcome.report.cells.find((c) => c.strategy === strategy && c.budget === `tools:${budget}`);
      assert.ok(cell, `${strategy} tools:${budget}`);
      const runs = tasks.map((t) => expectedRun(t, strategy, budget));
      const correct = runs.filter((r) => r.correct).length;
      const accuracy = correct / runs.length;
      const meanTokens = (runs.reduce((s, r) => s + r.modelCalls, 0) * (PROMPT_TOKENS + COMPLETION_TOKENS)) / runs.length;
      const costs = runs.map((r) => r.modelCalls * callCost + r.toolCalls * TOOL_USD);
      const total = costs.reduce((a, b) => a + b, 0);
      const where = `${strategy} tools:${budget}`;
      assert.equal(cell.runs, TASK_IDS.length, where);
      assert.equal(cell.correct, correct, where);
      assert.equal(cell.accuracy, accuracy, where);
      assert.equal(cell.meanTokens, meanTokens, where);
      assert.equal(cell.meanToolCalls, runs.reduce((s, r) => s + r.toolCalls, 0) / runs.length, where);
      assert.equal(cell.meanModelCalls, runs.reduce((s, r) => s + r.modelCalls, 0) / runs.length, where);
      assert.ok(Math.abs(cell.meanCostUsd - total / runs.length) < 1e-12, where);
      if (correct === 0) assert.equal(cell.costOfPassUsd, null, where);
      else assert.ok(Math.abs(cell.costOfPassUsd! - total / correct) < 1e-12, where);
      assert.ok(Math.abs(cell.e3 - (accuracy * accuracy) / meanTokens) < 1e-15, where);
      assert.equal(cell.capOvershoot, 0, where);
      assert.equal(cell.errors, 0, where);
    }
  }
  // The headline shape of the script: tool-using strategies reach 50 % at 2 calls and 100 % at 4; P&B reads nothing.
  const acc = (s: string, b: string) => outcome.report.cells.find((c) => c.strategy === s && c.budget === b)!.accuracy;
  assert.equal(acc('react', 'tools:2'), 0.5);
  assert.equal(acc('bats', 'tools:4'), 1);
  assert.equal(acc('plan-and-budget', 'tools:4'), 0);
});

test('the server saw exactly the model calls the report counts', () => {
  const totalCalls = outcome.report.cells.reduce((s, c) => s + c.meanModelCalls * c.runs, 0);
  assert.equal(server.chatRequests.length, totalCalls);
  // One distinct seed per run, sent with every call of that run.
  const seeds = new Set(server.chatRequests.map((r) => r.body.seed));
  assert.equal(seeds.size, TASK_IDS.length * STRATEGIES.length * 3);
});

test('no hard cap was exceeded, token budgets included', () => {
  assert.equal(outcome.report.capsHeld, true);
  for (const cell of outcome.report.cells) assert.equal(cell.capOvershoot, 0, `${cell.strategy} ${cell.budget}`);
  for (const rec of loadResults(outcome.files.results).values()) {
    if (rec.limits.maxTokens !== undefined) assert.ok(rec.spent.inputTokens + rec.spent.outputTokens <= rec.limits.maxTokens, rec.key);
    if (rec.limits.maxToolCalls !== undefined) assert.ok(rec.spent.toolCalls <= rec.limits.maxToolCalls, rec.key);
  }
});

test('report.json, the Markdown table and the SVG plots are written', () => {
  const json = JSON.parse(readFileSync(outcome.files.json, 'utf8'));
  assert.deepEqual(json.cells.map((c: { strategy: string; budget: string }) => `${c.strategy}/${c.budget}`).length, STRATEGIES.length * 3);
  assert.equal(json.totals.completedRuns, TASK_IDS.length * STRATEGIES.length * 3);
  assert.equal(json.pricing.source, 'override');

  const md = readFileSync(outcome.files.markdown, 'utf8');
  assert.ok(md.includes(`| ${MARKDOWN_COLUMNS.join(' | ')} |`));
  const row = md.split('\n').find((l) => l.startsWith('| react | tools:2 |'));
  assert.ok(row, 'row for react tools:2');
  const react2 = outcome.report.cells.find((c) => c.strategy === 'react' && c.budget === 'tools:2')!;
  assert.ok(row.includes('50.0 % (2)'), row);
  assert.ok(row.includes(formatUsd(react2.costOfPassUsd)), row);
  const pb = md.split('\n').find((l) => l.startsWith('| plan-and-budget | tools:4 |'))!;
  assert.ok(pb.includes('| ∞ |'), pb);

  const names = outcome.files.plots.map((p) => path.basename(p)).sort();
  assert.deepEqual(names, ['accuracy-vs-cost.svg', 'scaling-tokens.svg', 'scaling-tools.svg']);
  for (const file of outcome.files.plots) {
    const svg = readFileSync(file, 'utf8');
    assert.ok(svg.startsWith('<svg'), file);
    for (const s of STRATEGIES) assert.ok(svg.includes(`>${s}<`), `${path.basename(file)} has the ${s} series in its legend`);
  }
  // Points carry their data: the scaling curve has react at 2 tool calls with accuracy 0.5.
  const scaling = readFileSync(path.join(outcome.outDir, 'scaling-tools.svg'), 'utf8');
  assert.match(scaling, /aria-label="tool-call budget: 2; accuracy: 0\.5; strategy: react; budget: tools:2/);
});

test('a rerun with --resume skips finished runs, and reruns only the missing ones', async () => {
  const before = server.chatRequests.length;
  const again = await runEval(options(outcome.outDir, { resume: true }));
  assert.equal(again.ran, 0);
  assert.equal(again.skipped, TASK_IDS.length * STRATEGIES.length * 3);
  assert.equal(server.chatRequests.length, before);
  assert.deepEqual(again.report.cells, outcome.report.cells);

  // Drop two results (and cut the last line in half, as a crash would): only those two run again.
  const lines = readFileSync(outcome.files.results, 'utf8').trim().split('\n');
  const kept = lines.slice(0, -2);
  writeFileSync(outcome.files.results, `${kept.join('\n')}\n${lines[lines.length - 1]!.slice(0, 20)}`);
  const partial = await runEval(options(outcome.outDir, { resume: true }));
  assert.equal(partial.ran, 2);
  assert.deepEqual(
    partial.report.cells.map((c) => [c.strategy, c.budget, c.accuracy, c.meanTokens]),
    outcome.report.cells.map((c) => [c.strategy, c.budget, c.accuracy, c.meanTokens]),
  );
});

test('without --resume or --fresh, existing results are not overwritten', async () => {
  await assert.rejects(runEval(options(outcome.outDir)), /--resume/);
  assert.ok(existsSync(outcome.files.results));
});

test('resuming with another model is refused', async () => {
  const other = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'test', model: 'other-model', maxAttempts: 1 });
  await assert.rejects(runEval(options(outcome.outDir, { resume: true, providerInstance: other })), /different model/);
});
