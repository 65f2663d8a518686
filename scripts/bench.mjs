// `npm run bench [name…]`: compiles, builds, then runs each benchmark in its own
// process (so one benchmark's warm-up or heap does not skew another) and prints
// one table plus JSON. Absolute times are noisy on shared machines: read the
// ratios, which are measured side by side inside one run.
// Names: ledger, onnx, agent, panel, extension (default: all).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

const ALL = {
  ledger: { file: 'out/bench/ledger.js', fn: 'runLedgerBench' },
  onnx: { file: 'out/bench/onnx.js', fn: 'runOnnxBench' },
  agent: { file: 'out/bench/agent-overhead.js', fn: 'runAgentOverheadBench' },
  panel: { file: 'out/bench/panel.js', fn: 'runPanelBench' },
  extension: { file: 'out/bench/extension.js', fn: 'runExtensionBench' },
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = names.length ? names : Object.keys(ALL);
for (const n of selected) {
  if (!ALL[n]) {
    console.error(`unknown benchmark '${n}'; known: ${Object.keys(ALL).join(', ')}`);
    process.exit(2);
  }
}

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('node', ['node_modules/.bin/tsc', '-p', 'tsconfig.test.json']);
run('node', ['scripts/build.mjs', '--production']);

const results = {};
let failed = 0;
for (const name of selected) {
  const { file, fn } = ALL[name];
  if (!existsSync(file)) {
    console.error(`[bench] ${name}: ${file} missing`);
    failed++;
    continue;
  }
  console.log(`\n=== bench ${name}`);
  const code = `require(${JSON.stringify(`${process.cwd()}/${file}`)}).${fn}().then((r) => { process.stdout.write('\\n@@RESULT@@' + JSON.stringify(r) + '\\n'); }).catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync('node', ['-e', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  const marker = r.stdout.lastIndexOf('@@RESULT@@');
  process.stdout.write(marker >= 0 ? r.stdout.slice(0, marker) : r.stdout);
  if (r.status !== 0 || marker < 0) {
    console.error(`[bench] ${name} failed (exit ${r.status})`);
    failed++;
    continue;
  }
  results[name] = JSON.parse(r.stdout.slice(marker + '@@RESULT@@'.length).trim());
}

console.log('\n=== summary');
console.log('| benchmark | figure | value |\n|---|---|---|');
for (const [name, figures] of Object.entries(results)) {
  for (const [k, v] of Object.entries(figures)) {
    const shown = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : JSON.stringify(v);
    console.log(`| ${name} | ${k} | ${shown} |`);
  }
}
mkdirSync('.test-artifacts', { recursive: true });
writeFileSync('.test-artifacts/bench.json', JSON.stringify(results, null, 2));
console.log('\nJSON: .test-artifacts/bench.json');
console.log(JSON.stringify(results));
process.exit(failed ? 1 : 0);
