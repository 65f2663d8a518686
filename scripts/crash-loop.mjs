// Crash-safety loop: SIGKILL ledger writers (and real CLI runs) at random
// points, reload the ledger after each kill, and check nothing committed was
// lost, nothing is corrupt beyond a torn last line, and the workspace caps
// still hold. See test/crash/loop.ts for what is checked.
//
//   node scripts/crash-loop.mjs [--iterations N] [--seconds S] [--seed N] [--no-cli] [--quiet]
//
// Needs the compiled tests (npm run compile-tests: out/test/crash/*.js) and,
// for the CLI iterations, the bundle (npm run build: dist/cli.js).
// Exit code 0 when every check held, 1 otherwise.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '180' },
    seed: { type: 'string' },
    'no-cli': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});

const loopJs = path.join(repo, 'out', 'test', 'crash', 'loop.js');
const workerJs = path.join(repo, 'out', 'test', 'crash', 'worker.js');
if (!existsSync(loopJs) || !existsSync(workerJs)) {
  console.error('crash-loop: out/test/crash/ is missing; compile the tests first (npm run compile-tests).');
  process.exit(2);
}
const cliJs = path.join(repo, 'dist', 'cli.js');
if (!values['no-cli'] && !existsSync(cliJs)) console.error('crash-loop: dist/cli.js is missing (npm run build); CLI iterations skipped.');

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const iterations = Number(values.iterations);
const seconds = Number(values.seconds);
if (!Number.isFinite(seed) || !(iterations > 0) || !(seconds > 0)) {
  console.error('crash-loop: --iterations and --seconds must be positive numbers, --seed an integer.');
  process.exit(2);
}
console.log(`crash-loop: seed ${seed} (rerun with --seed ${seed}), up to ${iterations} iterations / ${seconds} s`);

const { crashLoop, formatReport, crashLoopPassed } = createRequire(import.meta.url)(loopJs);
const report = await crashLoop({
  iterations,
  seconds,
  seed,
  workerJs,
  cliJs: values['no-cli'] ? undefined : cliJs,
  log: values.quiet ? undefined : (line) => console.log(`  ${line}`),
});
console.log(formatReport(report));
const ok = crashLoopPassed(report);
console.log(ok ? 'crash-loop: PASS' : 'crash-loop: FAIL');
process.exit(ok ? 0 : 1);
