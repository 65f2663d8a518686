// `npm run package [-- --target linux-x64]`: builds the production bundles and
// writes one VSIX per platform, each carrying only its own onnxruntime-node
// binary (the native runtime is ~45-86 MB per platform). Default target: this
// machine's. Prints each VSIX's size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ALL = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
const args = process.argv.slice(2);
const targets = args.includes('--all') ? ALL : args.flatMap((a, i) => (a === '--target' ? [args[i + 1]] : []));
if (targets.length === 0) targets.push(`${process.platform}-${process.arch}`);
for (const t of targets) {
  if (!ALL.includes(t)) {
    console.error(`unknown target ${t}; known: ${ALL.join(', ')}`);
    process.exit(2);
  }
}

const run = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('node', ['scripts/build.mjs', '--production']);

const base = readFileSync('.vscodeignore', 'utf8');
const { version, name } = JSON.parse(readFileSync('package.json', 'utf8'));
mkdirSync('.test-artifacts', { recursive: true });
for (const target of targets) {
  const [platform, arch] = target.split('-');
  const ignoreFile = path.join(os.tmpdir(), `budget-agent-${target}.vscodeignore`);
  // Admit this target's native binary only.
  writeFileSync(ignoreFile, `${base}\n!node_modules/onnxruntime-node/bin/napi-v6/${platform}/${arch}/**\n`);
  const out = `${name}-${version}-${target}.vsix`;
  run('node', ['node_modules/.bin/vsce', 'package', '--target', target, '--ignoreFile', ignoreFile, '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out]);
  console.log(`[package] ${out}: ${(statSync(out).size / 2 ** 20).toFixed(1)} MiB`);
}
