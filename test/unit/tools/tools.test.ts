import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createToolSet, resolveInWorkspace, truncateOutput, type FileWriter } from '../../../src/core/tools';
import type { Tool, ToolContext, ToolResult, ToolSet } from '../../../src/core/tools/types';

function workspace(): { root: string; outside: string } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'ba-tools-')));
  const root = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
  mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET\n');
  writeFileSync(path.join(root, 'README.md'), 'line 1\nline 2 needle\nline 3\nline 4\n');
  writeFileSync(path.join(root, 'src', 'a.ts'), 'const needle = 1;\nconst other = 2;\n');
  writeFileSync(path.join(root, 'src', 'deep', 'b.ts'), 'NEEDLE in caps\n');
  writeFileSync(path.join(root, 'node_modules', 'dep', 'index.js'), 'needle in a dependency\n');
  writeFileSync(path.join(root, 'image.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
  symlinkSync(outside, path.join(root, 'escape'));
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'secret-link.txt'));
  return { root, outside };
}

async function call(set: ToolSet, name: string, args: unknown, maxOutputBytes = 16_384): Promise<ToolResult> {
  const tool = set.tools.find((t) => t.name === name) as Tool | undefined;
  assert.ok(tool, `tool ${name} exists`);
  const parsed = tool.schema.parse(args);
  const ctx: ToolContext = { ...set.context, signal: new AbortController().signal, maxOutputBytes };
  try {
    return await tool.run(parsed, ctx);
  } catch (err) {
    return { ok: false, content: `Error: ${(err as Error).message}`, truncated: false, error: (err as Error).message };
  }
}

test('paths: "..", absolute paths and symlinks that leave the workspace are refused; inside paths resolve', async () => {
  const { root, outside } = workspace();
  await assert.rejects(resolveInWorkspace(root, '../outside/secret.txt'), /outside the workspace/);
  await assert.rejects(resolveInWorkspace(root, path.join(outside, 'secret.txt')), /outside the workspace/);
  await assert.rejects(resolveInWorkspace(root, 'escape/secret.txt'), /symbolic link/);
  await assert.rejects(resolveInWorkspace(root, 'secret-link.txt'), /symbolic link/);
  await assert.rejects(resolveInWorkspace(root, 'escape/new-file.txt'), /symbolic link/, 'a new file under an escaping link too');
  assert.deepEqual(await resolveInWorkspace(root, 'src/../README.md'), { absolute: path.join(root, 'README.md'), relative: 'README.md', exists: true });
  assert.equal((await resolveInWorkspace(root, path.join(root, 'src'))).relative, 'src');
  assert.equal((await resolveInWorkspace(root, 'new/dir/file.txt')).exists, false);
});

test('read_file: ranges, binary refused, escapes refused, truncation said', async () => {
  const { root } = workspace();
  const set = createToolSet({ workspaceRoot: root });
  const range = await call(set, 'read_file', { path: 'README.md', startLine: 2, endLine: 3 });
  assert.equal(range.content, 'README.md (lines 2-3 of 5)\nline 2 needle\nline 3');
  assert.match((await call(set, 'read_file', { path: 'image.bin' })).content, /binary file/);
  assert.match((await call(set, 'read_file', { path: '../outside/secret.txt' })).content, /outside the workspace/);
  assert.match((await call(set, 'read_file', { path: 'secret-link.txt' })).content, /symbolic link/);
  assert.match((await call(set, 'read_file', { path: 'README.md', startLine: 99 })).content, /past the end/);
  writeFileSync(path.join(root, 'big.txt'), 'x'.repeat(5000));
  const cut = await call(set, 'read_file', { path: 'big.txt' }, 1000);
  assert.equal(cut.truncated, true);
  assert.ok(Buffer.byteLength(cut.content) <= 1000);
  assert.match(cut.content, /\[output truncated: showing \d+ of \d+ bytes; read a smaller line range\]$/);
});

test('list_files and search_text skip node_modules/.git, do not follow symlinks, and cap results', async () => {
  const { root } = workspace();
  const set = createToolSet({ workspaceRoot: root });
  const listing = (await call(set, 'list_files', { recursive: true })).content.split('\n');
  assert.ok(listing.includes('src/deep/b.ts'));
  assert.ok(listing.includes('node_modules/') && !listing.some((l) => l.startsWith('node_modules/dep')));
  assert.ok(listing.includes('escape@') && !listing.some((l) => l.startsWith('escape/')));
  const hits = (await call(set, 'search_text', { pattern: 'needle' })).content.split('\n');
  assert.deepEqual(hits, ['README.md:2: line 2 needle', 'src/a.ts:1: const needle = 1;', 'src/deep/b.ts:1: NEEDLE in caps']);
  const cased = await call(set, 'search_text', { pattern: 'needle', caseSensitive: true, path: 'src' });
  assert.equal(cased.content, 'src/a.ts:1: const needle = 1;');
  assert.match((await call(set, 'search_text', { pattern: 'const (', literal: false })).content, /Invalid regular expression/);
  assert.match((await call(set, 'search_text', { pattern: 'const (', literal: true })).content, /No matches/);
  const capped = await call(set, 'search_text', { pattern: 'e', maxResults: 2 });
  assert.match(capped.content, /\[stopped at 2 matches/);
});

test('write_file / apply_edit go through the host writer and are refused when untrusted', async () => {
  const { root } = workspace();
  const writes: string[] = [];
  const writer: FileWriter = {
    async write(req) {
      writes.push(`${req.tool}:${req.relativePath}:${req.previous === null ? 'new' : 'existing'}`);
      writeFileSync(req.absolutePath, req.content);
      return { applied: true };
    },
  };
  const set = createToolSet({ workspaceRoot: root, writer });
  assert.equal((await call(set, 'write_file', { path: 'notes.txt', content: 'hello' })).ok, true);
  assert.equal((await call(set, 'apply_edit', { path: 'src/a.ts', oldText: 'other = 2', newText: 'other = 3' })).ok, true);
  assert.equal(readFileSync(path.join(root, 'src', 'a.ts'), 'utf8'), 'const needle = 1;\nconst other = 3;\n');
  assert.deepEqual(writes, ['write_file:notes.txt:new', 'apply_edit:src/a.ts:existing']);
  assert.match((await call(set, 'apply_edit', { path: 'src/a.ts', oldText: 'const', newText: 'let' })).content, /occurs 2 times/);
  assert.match((await call(set, 'write_file', { path: 'escape/x.txt', content: 'x' })).content, /symbolic link/);
  const declined = createToolSet({ workspaceRoot: root, writer: { write: async () => ({ applied: false, message: 'the user rejected the diff' }) } });
  assert.match((await call(declined, 'write_file', { path: 'n.txt', content: 'x' })).content, /not applied: the user rejected the diff/);
  const untrusted = createToolSet({ workspaceRoot: root, trusted: false });
  assert.deepEqual(untrusted.tools.map((t) => t.name), ['list_files', 'read_file', 'search_text']);
  const writeTool = set.tools.find((t) => t.name === 'write_file')!;
  const refused = await writeTool.run({ path: 'z.txt', content: 'z' }, { ...untrusted.context, signal: new AbortController().signal, maxOutputBytes: 1000 });
  assert.match(refused.content, /not trusted/);
});

test('run_command: argv without a shell, confirmed per command, refused when untrusted or declined', async () => {
  const { root } = workspace();
  const asked: string[] = [];
  const set = createToolSet({ workspaceRoot: root, commands: true, confirm: async (r) => (asked.push(r.detail), true) });
  const out = await call(set, 'run_command', { command: [process.execPath, '-e', 'console.log(process.argv[1])', '$HOME && echo hi'] });
  assert.equal(out.ok, true);
  assert.match(out.content, /\[exit code 0\]\n\$HOME && echo hi\n/, 'arguments reach the program verbatim: no shell');
  assert.equal(asked.length, 1);
  const failing = await call(set, 'run_command', { command: [process.execPath, '-e', 'process.exit(3)'] });
  assert.match(failing.content, /exit code 3/);
  const declined = createToolSet({ workspaceRoot: root, commands: true, confirm: async () => false });
  assert.match((await call(declined, 'run_command', { command: ['ls'] })).content, /not allowed by the user/);
  assert.equal(createToolSet({ workspaceRoot: root }).tools.some((t) => t.name === 'run_command'), false, 'off unless enabled');
  assert.equal(createToolSet({ workspaceRoot: root, trusted: false, commands: true }).tools.some((t) => t.name === 'run_command'), false);
  assert.match((await call(set, 'run_command', { command: ['ls'], cwd: '..' })).content, /outside the workspace/);
});

test('fetch_url is off by default; specs carry JSON Schema derived from zod', async () => {
  const { root } = workspace();
  assert.equal(createToolSet({ workspaceRoot: root }).tools.some((t) => t.name === 'fetch_url'), false);
  const set = createToolSet({ workspaceRoot: root, fetchUrl: true, fetchImpl: async () => new Response('hello page', { status: 200 }) });
  assert.match((await call(set, 'fetch_url', { url: 'https://example.test/' })).content, /HTTP 200[\s\S]*hello page/);
  assert.match((await call(set, 'fetch_url', { url: 'file:///etc/passwd' })).content, /Only http and https/);
  const read = set.specs().find((s) => s.name === 'read_file')!;
  assert.equal(read.parameters.type, 'object');
  assert.deepEqual(read.parameters.required, ['path']);
  assert.equal('$schema' in read.parameters, false);
});

test('truncateOutput keeps text + note within the byte limit and never splits a character', () => {
  const t = truncateOutput('é'.repeat(500), 200);
  assert.ok(Buffer.byteLength(t.text) <= 200);
  assert.ok(!t.text.includes('\uFFFD'));
  assert.deepEqual(truncateOutput('short', 200), { text: 'short', truncated: false });
});
