// Secrets: a planted API key must appear in no output of a run — events JSONL,
// ledger file, CSV/JSON export, stdout/stderr, error messages, run summaries —
// nor in anything sent to the model or to a child command. Its only
// destination is the Authorization header of the configured endpoint. The
// server is hostile: it echoes the key back in error bodies.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { SpendStore, toCsv, toJson } from '../../../src/core/budget';
import { OpenAIProvider } from '../../../src/core/models/openai';
import { errorReply, startFakeOpenAI, streamReply, type FakeReply, type FakeScript } from '../../helpers/fake-openai-server';
import { API_KEY, printFigures, record, runFault, tempDir, text, toolCall } from './harness';

after(printFigures);
const SUITE = 'bad inputs (secret leaks)';
const repo = path.resolve(__dirname, '../../../..');
const cliJs = path.join(repo, 'dist', 'cli.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

before(() => {
  if (!existsSync(cliJs) || statSync(cliJs).mtimeMs < newestMtime(path.join(repo, 'src'))) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
});

/** The key itself, and its tail (a masked echo like "sk-…cdef" is fine; the whole key is not). */
function leaks(haystack: string): boolean {
  return haystack.includes(API_KEY) || haystack.includes(API_KEY.slice(3));
}

function scan(label: string, outputs: Record<string, string>): void {
  for (const [name, content] of Object.entries(outputs)) {
    const ok = !leaks(content);
    record(SUITE, `${label}: ${name}`, ok);
    assert.ok(ok, `${label}: the planted key leaked into ${name}: …${content.slice(Math.max(0, content.indexOf(API_KEY.slice(3)) - 80), content.indexOf(API_KEY.slice(3)) + 80)}…`);
  }
}

const echo = (status: number): FakeReply => errorReply(status, { message: `Incorrect API key provided: ${API_KEY}. You can find your API key at https://example.invalid/keys.` });

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliJs, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function cliRun(label: string, script: FakeScript, extra: string[] = []): Promise<{ code: number; bodies: string; auth: string[] }> {
  const server = await startFakeOpenAI(script);
  const dir = tempDir('ba-sec-cli-');
  const ws = tempDir('ba-sec-cli-ws-');
  writeFileSync(path.join(ws, 'README.md'), 'The answer is 42.\n');
  const events = path.join(dir, 'events.jsonl');
  const ledger = path.join(dir, 'ledger.jsonl');
  try {
    const env = { BA_TEST_KEY: API_KEY };
    const common = ['--provider', 'openai', '--base-url', server.baseUrl, '--model', 'gpt-4o', '--api-key-env', 'BA_TEST_KEY', '--workspace', ws, '--ledger', ledger, '--strategy', 'react'];
    const human = await cli(['run', ...common, '--events', events, ...extra, 'What is the answer?'], env);
    const json = await cli(['run', ...common, '--json', '--events', '-', ...extra, 'What is the answer?'], env);
    const ledgerOut = await cli(['ledger', '--ledger', ledger, '--json'], env);
    const store = await SpendStore.open(ledger);
    const lines = await store.readAll();
    await store.close();
    scan(`CLI ${label}`, {
      'stdout (human)': human.stdout,
      'stderr (human)': human.stderr,
      'stdout (--json, --events -)': json.stdout,
      'stderr (--json)': json.stderr,
      'events JSONL file': existsSync(events) ? readFileSync(events, 'utf8') : '',
      'ledger file': existsSync(ledger) ? readFileSync(ledger, 'utf8') : '',
      'ledger --json': ledgerOut.stdout + ledgerOut.stderr,
      'CSV export': toCsv(lines),
      'JSON export': JSON.stringify(toJson(lines)),
    });
    const bodies = server.chatRequests.map((r) => r.rawBody).join('\n');
    scan(`CLI ${label}`, { 'request bodies sent to the model': bodies });
    return { code: human.code, bodies, auth: server.chatRequests.map((r) => String(r.headers.authorization)) };
  } finally {
    await server.close();
  }
}

test('CLI, a run that answers after tools (run_command prints its environment): the key is in no output and never reaches a command', async () => {
  const envDump = [process.execPath, '-e', 'console.log(JSON.stringify(process.env))'];
  const r = await cliRun('answer', (_b, i) => (i % 3 === 0 ? toolCall('read_file', { path: 'README.md' }) : i % 3 === 1 ? toolCall('run_command', { command: envDump }) : text('42')), ['--allow-commands']);
  assert.equal(r.code, 0);
  assert.match(r.bodies, /BA_TEST_KEY|PATH/, 'the command ran and its environment went to the model');
  assert.ok(r.auth.every((a) => a === `Bearer ${API_KEY}`), 'the key is used, in the Authorization header only');
});

test('CLI, errors whose bodies echo the key (401, 400): messages are redacted', async () => {
  const r401 = await cliRun('401 echoing the key', () => echo(401));
  assert.equal(r401.code, 1);
  await cliRun('400 echoing the key', () => echo(400));
});

test('in process: run summaries, events, ledger and provider errors carry no key, even when the server echoes it', async () => {
  for (const [label, script] of [
    ['401 echo', () => echo(401)],
    ['403 echo', () => echo(403)],
    ['500 echo', () => echo(500)],
    ['stream error echo', () => streamReply({ deltas: [{ content: 'x' }, { raw: { error: { message: `bad key ${API_KEY}`, type: 'invalid_request_error' } } }] })],
    ['malformed SSE echo', [streamReply({ deltas: [{ rawLine: `data: {"note": "${API_KEY}" oops\n\n` }] })]],
    ['answer', [text('42')]],
  ] as [string, FakeScript][]) {
    const r = await runFault(script, { provider: { maxAttempts: 2 } });
    scan(`runAgent ${label}`, {
      summary: JSON.stringify(r.summary),
      events: r.events.map((e) => JSON.stringify(e)).join('\n'),
      'ledger file': readFileSync(r.ledgerFile, 'utf8'),
    });
  }
  // The error objects themselves, as a careless logger would print them.
  const server = await startFakeOpenAI(() => echo(401));
  try {
    const p = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: API_KEY, model: 'gpt-4o', maxAttempts: 1 });
    const err = await p.chat({ messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 10 }).then(
      () => assert.fail('expected 401'),
      (e: unknown) => e as Error,
    );
    scan('ProviderError', { message: err.message, 'String(err)': String(err), stack: err.stack ?? '' });
    // util.inspect follows `cause` into the SDK's APIError, which holds the server's body verbatim.
    scan('ProviderError', { 'util.inspect (cause included)': inspect(err, { depth: 8 }) });
  } finally {
    await server.close();
  }
});

// The CLI and the VS Code host share one filter (src/core/tools/environment.ts):
// every secret-looking name is stripped, not only the --api-key-env variable.
test('CLI: other secret-looking variables (GITHUB_TOKEN) do not reach run_command either', async () => {
  const server = await startFakeOpenAI([toolCall('run_command', { command: [process.execPath, '-e', 'console.log(JSON.stringify(process.env))'] }), text('done')]);
  try {
    const ws = tempDir('ba-sec-cli-ws-');
    const r = await cli(
      ['run', '--provider', 'openai', '--base-url', server.baseUrl, '--model', 'gpt-4o', '--api-key-env', 'BA_TEST_KEY', '--workspace', ws, '--ledger', path.join(ws, 'l.jsonl'), '--strategy', 'react', '--allow-commands', 'go'],
      { BA_TEST_KEY: API_KEY, GITHUB_TOKEN: 'ghp_planted_SECOND_SECRET_0123456789' },
    );
    assert.equal(r.code, 0, r.stderr);
    const bodies = server.chatRequests.map((x) => x.rawBody).join('\n');
    assert.doesNotMatch(bodies, /ghp_planted_SECOND_SECRET/, 'GITHUB_TOKEN reached the command and, through its output, the model');
  } finally {
    await server.close();
  }
});
