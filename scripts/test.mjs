// `npm test`: lint, type-check, build, unit tests (node's test runner, plain
// Node, no VS Code) and integration tests (inside a real VS Code extension
// host: code-server + headless Chromium). Prints one closing line the CI reads:
//   N passed, N failed
// Each failed check step (lint, type-check, build) counts as one failure.
// Flags: --only unit|crash|integration|checks   (repeatable)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const only = process.argv.flatMap((a, i, all) => (a === '--only' ? [all[i + 1]] : []));
const wants = (part) => only.length === 0 || only.includes(part);

let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, args, opts = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n=== ${name}\n`);
  const r = spawnSync(cmd, args, { stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', env: { ...process.env, ...opts.env } });
  if (opts.capture) process.stdout.write(r.stdout ?? '');
  const ok = r.status === 0;
  process.stdout.write(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
  return { ok, stdout: r.stdout ?? '' };
}

function check(name, cmd, args) {
  const { ok } = step(name, cmd, args);
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
  return ok;
}

const npx = (bin, ...args) => ['node', [`node_modules/.bin/${bin}`, ...args]];

if (wants('checks') || wants('unit') || wants('crash') || wants('integration')) {
  check('lint', ...npx('eslint', '.'));
  check('type-check (extension, core, CLI, tests)', ...npx('tsc', '-p', 'tsconfig.json'));
  check('type-check (webview)', ...npx('tsc', '-p', 'webview-ui/tsconfig.json'));
  rmSync('out', { recursive: true, force: true });
  check('compile tests', ...npx('tsc', '-p', 'tsconfig.test.json'));
  check('build bundles', 'node', ['scripts/build.mjs']);
}

if (wants('unit')) {
  // TAP output: the per-test lines for people, the '# pass / # fail' totals for us.
  const { ok, stdout } = step('unit tests (node --test)', 'node', ['--test', '--test-reporter=tap', 'out/test/unit/'], { capture: true });
  const pass = Number(/^# pass (\d+)/m.exec(stdout)?.[1] ?? 0);
  const fail = Number(/^# fail (\d+)/m.exec(stdout)?.[1] ?? 0);
  passed += pass;
  failed += fail;
  if (!ok && fail === 0) {
    failed++;
    failures.push('unit test runner');
  } else if (fail > 0) failures.push(`${fail} unit test(s)`);
}

if (wants('crash')) {
  // Crash safety (issue 9): SIGKILL ledger writers and CLI runs at random
  // points, 200 times, bounded in time; one check, its figures printed.
  check('crash loop (200 SIGKILLs, at most 120 s)', 'node', ['scripts/crash-loop.mjs', '--iterations', '200', '--seconds', '120']);
}

if (wants('integration')) {
  const resultFile = '.test-artifacts/integration-result.json';
  rmSync(resultFile, { force: true });
  // The host (code-server, Node 24, Chromium) lives in a cache folder, never in
  // package.json; installing it is idempotent and takes a second when warm.
  const host = step('install test host (cached)', 'bash', ['scripts/install-host.sh']);
  const { ok } = host.ok ? step('integration tests (real VS Code extension host)', 'node', ['test/integration/run-host.mjs']) : { ok: false };
  const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : null;
  if (result) {
    passed += result.passed;
    failed += result.failed;
    if (result.failed > 0) failures.push(`${result.failed} integration test(s)`);
  }
  if (!result || (!ok && result.failed === 0)) {
    failed++;
    failures.push('integration host run');
  }
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
