import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkAnswer } from '../../../src/eval/checkers';
import { TASK_TAGS, fixtureDir, loadSuite, parseSuite, selectTasks, validateSuite, SuiteError } from '../../../src/eval/suite';
import { parseBudget, parseBudgets } from '../../../src/eval/budgets';
import { parseEvalArgs } from '../../../src/eval/main';
import { gridJobs } from '../../../src/eval/runner';

const ROOT = path.resolve(__dirname, '../../../..');
const suite = loadSuite(path.join(ROOT, 'test/fixtures/eval/suite.jsonl'));

test('the suite has at least 40 tasks over 3 fixture repositories, every tag used', () => {
  assert.ok(suite.tasks.length >= 40, `${suite.tasks.length} tasks`);
  assert.deepEqual([...new Set(suite.tasks.map((t) => t.fixture))].sort(), ['gateway', 'invoicer', 'weatherlog']);
  for (const tag of TASK_TAGS) assert.ok(suite.tasks.filter((t) => t.tags?.includes(tag)).length >= 5, `tag ${tag}`);
  assert.ok(suite.tasks.filter((t) => (t.evidence?.length ?? 0) >= 2).length >= 15, 'multi-read tasks');
});

test('every fixture and evidence file exists', () => {
  for (const task of suite.tasks) {
    const dir = fixtureDir(suite, task);
    assert.ok(existsSync(dir) && statSync(dir).isDirectory(), `${task.id}: ${dir}`);
    assert.ok((task.evidence ?? []).length > 0, `${task.id} names its evidence`);
    for (const e of task.evidence ?? []) assert.ok(existsSync(path.join(dir, e)), `${task.id}: ${e}`);
  }
});

test("every task's checker accepts its reference answer and refuses its wrong answers", () => {
  for (const task of suite.tasks) {
    assert.ok(checkAnswer(task.checker, task.reference), `${task.id} accepts ${task.reference}`);
    assert.ok((task.rejects ?? []).length > 0, `${task.id} lists a wrong answer`);
    for (const wrong of task.rejects ?? []) assert.ok(!checkAnswer(task.checker, wrong), `${task.id} refuses ${wrong}`);
  }
  assert.deepEqual(validateSuite(suite), []);
});

test('invalid lines are reported with their line numbers', () => {
  const good = JSON.stringify({ id: 'a', task: 't', fixture: 'f', checker: { type: 'exact', value: 'x' }, reference: 'x' });
  assert.equal(parseSuite(`${good}\n\n// comment\n`).length, 1);
  const err = (() => {
    try {
      parseSuite(`${good}\n{oops\n${good}\n${JSON.stringify({ id: 'B C', task: '', fixture: '../x', checker: { type: 'fn', name: 'x' }, reference: 'x' })}`, 's.jsonl');
    } catch (e) {
      return e as SuiteError;
    }
    return undefined;
  })();
  assert.ok(err instanceof SuiteError);
  assert.equal(err.problems.length, 3);
  assert.match(err.problems[0]!, /^s\.jsonl:2: not JSON/);
  assert.match(err.problems[1]!, /^s\.jsonl:3: duplicate id a/);
  assert.match(err.problems[2]!, /^s\.jsonl:4: .*id/);
});

test('validateSuite reports a missing fixture and a checker that refuses its reference', () => {
  const problems = validateSuite({
    dir: suite.dir,
    file: 'x',
    tasks: [{ id: 'x', task: 't', fixture: 'no-such-fixture', checker: { type: 'exact', value: 'a' }, reference: 'b', rejects: ['a'] }],
  });
  assert.equal(problems.length, 3);
});

test('tasks are selected by id, tag and limit', () => {
  assert.deepEqual(selectTasks(suite.tasks, { ids: ['wl-version', 'gw-staging-port'] }).map((t) => t.id), ['wl-version', 'gw-staging-port']);
  assert.ok(selectTasks(suite.tasks, { tags: ['count'] }).every((t) => t.tags?.includes('count')));
  assert.equal(selectTasks(suite.tasks, { limit: 3 }).length, 3);
  assert.throws(() => selectTasks(suite.tasks, { ids: ['nope'] }), /unknown task/);
});

test('budget specs', () => {
  assert.deepEqual(parseBudget('10'), { label: 'tools:10', limits: { maxToolCalls: 10 }, kind: 'tools', size: 10 });
  assert.deepEqual(parseBudget('tokens:20k'), { label: 'tokens:20000', limits: { maxTokens: 20000 }, kind: 'tokens', size: 20000 });
  assert.deepEqual(parseBudget('tools:10+tokens:40000').limits, { maxToolCalls: 10, maxTokens: 40000 });
  assert.equal(parseBudget('tools:10+tokens:40000').kind, 'mixed');
  assert.deepEqual(parseBudgets(['5,10', 'tools:10', 'usd:0.05']).map((b) => b.label), ['tools:5', 'tools:10', 'usd:0.05']);
  assert.throws(() => parseBudget('tools:2.5'), /whole number/);
  assert.throws(() => parseBudget('minutes:3'), /unknown resource/);
  assert.throws(() => parseBudget('tools:0'), /positive/);
});

test('the grid has one job per task × strategy × budget × repeat, with distinct stable seeds', () => {
  const tasks = suite.tasks.slice(0, 3);
  const jobs = gridJobs(tasks, ['react', 'bats'], parseBudgets(['5,10']), 2, 42);
  assert.equal(jobs.length, 3 * 2 * 2 * 2);
  assert.equal(new Set(jobs.map((j) => j.key)).size, jobs.length);
  assert.equal(new Set(jobs.map((j) => j.seed)).size, jobs.length);
  assert.deepEqual(gridJobs(tasks, ['react', 'bats'], parseBudgets(['5,10']), 2, 42).map((j) => j.seed), jobs.map((j) => j.seed));
  assert.equal(jobs[0]!.repeat, 0);
  assert.equal(jobs[jobs.length - 1]!.repeat, 1);
});

test('command-line arguments', () => {
  const { options } = parseEvalArgs([
    '--suite', 's.jsonl', '--strategies', 'react,bats', '--budgets', '5,10,tokens:20000', '--repeats', '3', '--seed', '9',
    '--concurrency', '2', '--base-url', 'http://127.0.0.1:1/v1', '--model', 'qwen/qwen3-8b', '--price', '0.1,0.01,0.4', '--resume',
  ]);
  assert.equal(options.suite, 's.jsonl');
  assert.deepEqual(options.strategies, ['react', 'bats']);
  assert.deepEqual(options.budgets, ['5', '10', 'tokens:20000']);
  assert.equal(options.repeats, 3);
  assert.equal(options.seed, 9);
  assert.equal(options.concurrency, 2);
  assert.equal(options.baseUrl, 'http://127.0.0.1:1/v1');
  assert.deepEqual(options.price, { input: 0.1, cachedInput: 0.01, output: 0.4 });
  assert.equal(options.out, path.join('.eval-runs', 'qwen_qwen3-8b'));
  assert.equal(options.resume, true);
  assert.throws(() => parseEvalArgs(['--repeats', 'x']), /repeats/);
  assert.throws(() => parseEvalArgs(['--provider', 'x']), /provider/);
  assert.throws(() => parseEvalArgs(['--bogus']));
});
