// `budget-agent eval` end to end: the bundled CLI runs the harness against the
// eval suite's scripted fake server (test/unit/eval/scripted-model.ts) and
// writes the report, table and plots; the accuracy follows from the script.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadSuite } from '../../../src/eval/suite';
import { startFakeOpenAI } from '../../helpers/fake-openai-server';
import { expectedRun, scriptedModel } from '../eval/scripted-model';

const repo = path.resolve(__dirname, '../../../..');
const cliJs = path.join(repo, 'dist', 'cli.js');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { cwd: repo, env: { PATH: process.env.PATH }, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('budget-agent eval --help and bad options', async () => {
  const help = await cli(['eval', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--strategies LIST/);
  const bad = await cli(['eval', '--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Unknown option '--bogus'/);
});

test('budget-agent eval runs the grid against a scripted server and reports what the script implies', async () => {
  const suite = loadSuite(path.join(repo, 'test/fixtures/eval/suite.jsonl'));
  const tasks = suite.tasks.slice(0, 4);
  const server = await startFakeOpenAI(scriptedModel(suite.tasks));
  try {
    const out = mkdtempSync(path.join(tmpdir(), 'ba-cli-eval-'));
    const r = await cli(['eval', '--base-url', server.baseUrl, '--model', 'fake-model', '--price', '1,0.5,2', '--api-key-env', 'NO_KEY', '--limit', '4', '--strategies', 'react', '--budgets', '1,4', '--out', out, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { capsHeld: boolean; cells: { strategy: string; budget: string; accuracy: number }[] };
    assert.equal(report.capsHeld, true);
    for (const budget of [1, 4]) {
      const expected = tasks.filter((t) => expectedRun(t, 'react', budget).correct).length / tasks.length;
      const row = report.cells.find((x) => x.strategy === 'react' && x.budget === `tools:${budget}`);
      assert.ok(row, `a row for react at tools:${budget}`);
      assert.equal(row.accuracy, expected, `accuracy at tools:${budget}`);
    }
    assert.ok(existsSync(path.join(out, 'report.md')));
    assert.ok(readFileSync(path.join(out, 'accuracy-vs-cost.svg'), 'utf8').startsWith('<svg'));
  } finally {
    await server.close();
  }
});
