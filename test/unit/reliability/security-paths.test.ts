// Bad inputs to the workspace tools: every path that leaves the workspace
// (.., absolute, symlinks to files and folders outside, dangling symlinks,
// NUL bytes), files over the size cap, and binary files — each tried against
// every tool that takes a path, each refused with a clear tool error, and
// nothing outside the workspace read or changed.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { createToolSet } from '../../../src/core/tools';
import { MAX_FILE_BYTES } from '../../../src/core/tools/result';
import type { ToolResult, ToolSet } from '../../../src/core/tools/types';
import { PathError } from '../../../src/core/tools/paths';
import { printFigures, record, tempDir } from './harness';

after(printFigures);
const SUITE = 'bad inputs (paths, sizes, binary)';

interface Env {
  root: string;
  outside: string;
  tools: ToolSet;
  writes: string[];
}

function setup(): Env {
  const root = tempDir('ba-sec-ws-');
  const outside = tempDir('ba-sec-out-');
  writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET outside the workspace\n');
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'README.md'), 'hello\n');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret-link.txt'));
  symlinkSync(outside, path.join(root, 'escape'));
  symlinkSync(path.join(outside, 'not-yet.txt'), path.join(root, 'dangling.txt'));
  symlinkSync(path.join(root, 'README.md'), path.join(root, 'inside-link.md'));
  writeFileSync(path.join(root, 'big.txt'), Buffer.alloc(MAX_FILE_BYTES + 1, 'a'));
  writeFileSync(path.join(root, 'blob.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]));
  const writes: string[] = [];
  const tools = createToolSet({ workspaceRoot: root, commands: true, confirm: async () => true });
  return { root, outside, tools, writes };
}

async function call(env: Env, name: string, args: unknown): Promise<ToolResult> {
  const tool = env.tools.tools.find((t) => t.name === name);
  assert.ok(tool, `tool ${name}`);
  const parsed = tool.schema.parse(args);
  try {
    return await tool.run(parsed, { ...env.tools.context, signal: new AbortController().signal, maxOutputBytes: 16_384 });
  } catch (err) {
    // The agent loop turns a PathError into the tool error the model sees (tool-exec.ts).
    if (err instanceof PathError) return { ok: false, content: `Error: ${err.message}`, truncated: false, error: err.message };
    throw err;
  }
}

/** Asserts the call was refused with a message matching `why`, and records it. */
async function refused(env: Env, label: string, name: string, args: unknown, why: RegExp): Promise<void> {
  const r = await call(env, name, args);
  const ok = !r.ok && why.test(r.error ?? '') && !/TOP SECRET/.test(r.content);
  record(SUITE, `${name} ${label}`, ok, ok ? r.error : `ok=${r.ok}: ${r.content.slice(0, 160)}`);
  assert.equal(r.ok, false, `${name} ${label} was allowed: ${r.content.slice(0, 200)}`);
  assert.match(r.error ?? '', why, `${name} ${label}`);
  assert.doesNotMatch(r.content, /TOP SECRET/);
}

const OUTSIDE = /outside the workspace/;
const LINK = /symbolic link .*outside the workspace/;

test('paths that leave the workspace are refused by every tool that takes a path', async () => {
  const env = setup();
  const secret = path.join(env.outside, 'secret.txt');
  const escapes: [string, string, RegExp][] = [
    ['"..""', '..', OUTSIDE],
    ['"../<outside>/secret.txt"', path.relative(env.root, secret), OUTSIDE],
    ['"src/../../x"', 'src/../../x', OUTSIDE],
    ['absolute path outside', secret, OUTSIDE],
    ['"/etc/passwd"', '/etc/passwd', OUTSIDE],
    ['symlink to a file outside', 'secret-link.txt', LINK],
    ['path through a symlinked folder outside', 'escape/secret.txt', LINK],
    ['NUL byte', 'README.md\0.txt', /NUL byte/],
  ];
  for (const [label, p, why] of escapes) {
    await refused(env, label, 'read_file', { path: p }, why);
    await refused(env, label, 'list_files', { path: p }, why);
    await refused(env, label, 'search_text', { pattern: 'SECRET', path: p }, why);
    await refused(env, label, 'write_file', { path: p, content: 'pwned' }, why);
    await refused(env, label, 'apply_edit', { path: p, oldText: 'TOP', newText: 'pwned' }, why);
    await refused(env, label, 'run_command', { command: ['node', '--version'], cwd: p }, why);
  }
  assert.equal(readFileSync(secret, 'utf8'), 'TOP SECRET outside the workspace\n', 'nothing outside was changed');
});

test('a dangling symlink that points outside cannot be used to create a file there', async () => {
  const env = setup();
  await refused(env, 'through a dangling symlink to outside', 'write_file', { path: 'dangling.txt', content: 'pwned' }, LINK);
  assert.equal(existsSync(path.join(env.outside, 'not-yet.txt')), false, 'no file was created outside the workspace');
  // A dangling link whose target is inside still works, and writes the target.
  symlinkSync(path.join(env.root, 'src', 'new.txt'), path.join(env.root, 'inner-dangling.txt'));
  const r = await call(env, 'write_file', { path: 'inner-dangling.txt', content: 'fine' });
  assert.ok(r.ok, r.content);
  assert.equal(readFileSync(path.join(env.root, 'src', 'new.txt'), 'utf8'), 'fine');
});

test('recursive listing and search do not follow a symlink out of the workspace', async () => {
  const env = setup();
  const list = await call(env, 'list_files', { path: '.', recursive: true });
  const search = await call(env, 'search_text', { pattern: 'TOP SECRET', literal: true });
  const ok = list.ok && !/secret\.txt/.test(list.content.replace('secret-link.txt', '')) && !/TOP SECRET/.test(search.content);
  record(SUITE, 'recursive list/search across a symlinked folder outside', ok);
  assert.ok(list.ok);
  assert.doesNotMatch(search.content, /TOP SECRET/);
});

test('files over the size cap and binary files are refused with a clear error', async () => {
  const env = setup();
  await refused(env, 'file over the size cap', 'read_file', { path: 'big.txt' }, /more than the \d+-byte limit; use search_text/);
  await refused(env, 'file over the size cap', 'apply_edit', { path: 'big.txt', oldText: 'a', newText: 'b' }, /larger than \d+ bytes/);
  await refused(env, 'binary file', 'read_file', { path: 'blob.bin' }, /binary file; only text files/);
  await refused(env, 'binary file', 'apply_edit', { path: 'blob.bin', oldText: 'E', newText: 'X' }, /binary/);
  await refused(env, 'binary file', 'write_file', { path: 'blob.bin', content: 'x' }, /binary/);
  // Inside paths, including a symlink that stays inside, still work.
  assert.ok((await call(env, 'read_file', { path: 'inside-link.md' })).ok);
  assert.ok((await call(env, 'read_file', { path: path.join(env.root, 'README.md') })).ok);
});

test('schema-level bad inputs are rejected before a tool runs', () => {
  const env = setup();
  const cases: [string, string, unknown][] = [
    ['read_file', 'empty path', { path: '' }],
    ['read_file', 'path not a string', { path: 42 }],
    ['run_command', 'command as one shell string', { command: 'rm -rf / ; echo' }],
    ['run_command', 'empty argv', { command: [] }],
    ['read_file', 'negative line range', { path: 'README.md', startLine: -3 }],
    ['list_files', 'absurd maxEntries', { maxEntries: 1e9 }],
  ];
  for (const [name, label, args] of cases) {
    const tool = env.tools.tools.find((t) => t.name === name)!;
    const ok = !tool.schema.safeParse(args).success;
    record(SUITE, `${name} ${label}`, ok);
    assert.ok(ok, `${name} ${label} passed the schema`);
  }
});
