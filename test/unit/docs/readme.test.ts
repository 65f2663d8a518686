// The README must keep telling the truth about the manifest: its settings
// table is generated from package.json (scripts/readme-settings.mjs), and the
// commands it promises exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const repo = path.resolve(__dirname, '../../../..');

test('the README settings table matches package.json', () => {
  const r = spawnSync(process.execPath, ['scripts/readme-settings.mjs', '--check'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every npm script and command title the README names exists', () => {
  const readme = readFileSync(path.join(repo, 'README.md'), 'utf8');
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    contributes: { commands: { title: string }[] };
  };
  for (const [, script] of readme.matchAll(/npm run ([a-z:]+)/g)) assert.ok(pkg.scripts[script!], `npm run ${script}`);
  const titles = new Set(pkg.contributes.commands.map((c) => c.title));
  for (const [, title] of readme.matchAll(/\*((?:Run Task|Stop Run|Show Spend Panel|Set [A-Za-z ]+|Reset [A-Za-z ]+|Select Model|Export [A-Za-z ]+)…?)\*/g)) {
    assert.ok(titles.has(title!), `command "${title}" in the README is contributed`);
  }
});
