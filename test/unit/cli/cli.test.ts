// End to end: the bundled CLI (dist/cli.js) as a child process, against the
// scripted fake OpenAI server and against the local stories260K model.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, test } from 'node:test';
import { startFakeOpenAI, streamReply, errorReply, type FakeScript } from '../../helpers/fake-openai-server';

const repo = path.resolve(__dirname, '../../../..');
const cliJs = path.join(repo, 'dist', 'cli.js');
const storiesModel = path.resolve(repo, '..', 'shared', 'models', 'stories260K');
const SECRET = 'sk-test-SECRET-never-printed';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

before(() => {
  // Build the bundle when it is missing or older than the sources it bundles.
  if (!existsSync(cliJs) || statSync(cliJs).mtimeMs < newestMtime(path.join(repo, 'src'))) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
});

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function workspace(): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ba-cli-')));
  writeFileSync(path.join(root, 'README.md'), 'The answer is 42.\n');
  return root;
}

async function withServer<T>(script: FakeScript, fn: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = await startFakeOpenAI(script);
  try {
    return await fn(server.baseUrl);
  } finally {
    await server.close();
  }
}

const toolCall = (name: string, args: unknown) => streamReply({ toolCalls: [{ id: `c${Math.random()}`, name, argumentFragments: [JSON.stringify(args)] }] });

test('--help documents the contract and exits 0', async () => {
  const r = await cli(['--help']);
  assert.equal(r.code, 0);
  for (const flag of ['run [options]', '--workspace', '--provider openai|onnx', '--api-key-env', '--strategy', '--max-tool-calls', '--max-tokens', '--max-usd', '--max-thinking-tokens', '--max-seconds', '--events', '--json', '--allow-commands', 'ledger', 'Exit codes']) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

test('bad arguments exit 2 with a clear message', async () => {
  for (const [args, message] of [
    [['run'], /Missing the task/],
    [['run', '--max-tokens', 'lots', 'x'], /--max-tokens needs a whole number/],
    [['run', '--strategy', 'magic', 'x'], /--strategy must be one of/],
    [['run', '--bogus', 'x'], /Unknown option '--bogus'/],
    [['run', '--provider', 'onnx', 'x'], /needs --model-path/],
    [['frobnicate'], /Unknown command/],
    [['run', 'x'], /set the environment variable OPENAI_API_KEY/],
  ] as const) {
    const r = await cli([...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});

test('run against the fake server: answer, --json summary, --events JSONL, ledger; the key is never printed', async () => {
  const ws = workspace();
  const eventsFile = path.join(ws, 'events.jsonl');
  const script = [toolCall('read_file', { path: 'README.md' }), streamReply({ text: ['42'] })];
  const r = await withServer(script, (baseUrl) =>
    cli(['run', '--workspace', ws, '--base-url', baseUrl, '--model', 'gpt-4o', '--api-key-env', 'MY_KEY', '--strategy', 'react', '--json', '--events', eventsFile, 'What is the answer?'], { MY_KEY: SECRET }),
  );
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout.trim());
  assert.deepEqual(Object.keys(summary), ['answer', 'stoppedBy', 'spent', 'limits', 'steps', 'strategy']);
  assert.equal(summary.answer, '42');
  assert.equal(summary.stoppedBy, 'answer');
  assert.equal(summary.spent.toolCalls, 1);
  assert.ok(summary.spent.inputTokens > 0 && summary.spent.usd > 0);
  const events = readFileSync(eventsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(events[0].type, 'run_started');
  assert.equal(events.at(-1).type, 'run_finished');
  assert.ok(events.some((e) => e.type === 'tool_call' && e.name === 'read_file' && e.ok));
  for (const text of [r.stdout, r.stderr, readFileSync(eventsFile, 'utf8')]) assert.ok(!text.includes(SECRET));
  const ledger = await cli(['ledger', '--workspace', ws, '--json']);
  assert.equal(ledger.code, 0);
  const totals = JSON.parse(ledger.stdout).total;
  assert.equal(totals.inputTokens, summary.spent.inputTokens);
  assert.equal(totals.outputTokens, summary.spent.outputTokens);
  assert.equal(totals.toolCalls, 1);
  assert.ok(!readFileSync(path.join(ws, '.budget-agent', 'ledger.jsonl'), 'utf8').includes(SECRET));
});

test('a budget stop exits 3 and still prints the best answer; --events - streams JSON lines', async () => {
  const ws = workspace();
  const r = await withServer(
    (body) => (body.tools ? toolCall('list_files', {}) : streamReply({ text: ['best so far: 42'] })),
    (baseUrl) => cli(['run', '--workspace', ws, '--base-url', baseUrl, '--strategy', 'tracker', '--max-tool-calls', '2', '--events', '-', 'q'], { OPENAI_API_KEY: SECRET }),
  );
  assert.equal(r.code, 3, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.at(-1), 'best so far: 42');
  const events = lines.slice(0, -1).map((l) => JSON.parse(l));
  assert.equal(events.filter((e) => e.type === 'tool_call').length, 2);
  assert.match(r.stderr, /stopped by budget:tool_calls/);
});

test('a provider error exits 1 with a clear message and the spend still reported', async () => {
  const ws = workspace();
  const r = await withServer([errorReply(401, { message: 'bad key' })], (baseUrl) =>
    cli(['run', '--workspace', ws, '--base-url', baseUrl, '--json', 'q'], { OPENAI_API_KEY: SECRET }),
  );
  assert.equal(r.code, 1);
  const summary = JSON.parse(r.stdout.trim());
  assert.equal(summary.stoppedBy, 'error');
  assert.ok(typeof summary.error === 'string' && summary.error.length > 0);
  assert.ok('spent' in summary && summary.spent.toolCalls === 0);
  assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
});

test('on the local stories260K model the run ends cleanly with its text as the answer and correct spend', { skip: !existsSync(storiesModel) && 'model not present' }, async () => {
  const ws = workspace();
  const r = await cli(['run', '--workspace', ws, '--provider', 'onnx', '--model-path', storiesModel, '--max-tokens', '80', '--json', 'Once upon a time']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout.trim());
  assert.equal(summary.stoppedBy, 'answer');
  assert.equal(summary.strategy, 'bats');
  assert.ok(summary.answer.length > 20, summary.answer);
  assert.equal(summary.spent.toolCalls, 0);
  assert.equal(summary.spent.usd, 0);
  assert.ok(summary.spent.outputTokens > 0);
  assert.ok(summary.spent.inputTokens + summary.spent.outputTokens <= 80);
  const ledger = JSON.parse((await cli(['ledger', '--workspace', ws, '--json'])).stdout).total;
  assert.equal(ledger.outputTokens, summary.spent.outputTokens);
  assert.equal(ledger.inputTokens, summary.spent.inputTokens);
});
