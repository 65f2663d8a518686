// Extension figures: bundle sizes (as built by `npm run bench`, production
// mode) and activation cost of our own code — `require` of the bundle and
// `activate()` — measured in fresh processes (see activation-child.ts).
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';

const RUNS = 7;
const repo = path.resolve(__dirname, '..', '..');
const kib = (file: string) => statSync(path.join(repo, file)).size / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runExtensionBench(): Promise<Record<string, number>> {
  const samples: { requireMs: number; activateMs: number; heapMb: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, [path.join(__dirname, 'activation-child.js'), path.join(repo, 'dist', 'extension.js')], { encoding: 'utf8' });
    samples.push(JSON.parse(out.trim().split('\n').pop()!));
  }
  const figures = {
    extension_bundle_kib: kib('dist/extension.js'),
    webview_bundle_kib: kib('dist/webview.js'),
    cli_bundle_kib: kib('dist/cli.js'),
    require_ms: median(samples.map((s) => s.requireMs)),
    activate_ms: median(samples.map((s) => s.activateMs)),
    heap_after_activation_mb: median(samples.map((s) => s.heapMb)),
  };
  console.log(
    `bundles: extension ${figures.extension_bundle_kib.toFixed(0)} KiB, webview ${figures.webview_bundle_kib.toFixed(0)} KiB, cli ${figures.cli_bundle_kib.toFixed(0)} KiB; ` +
      `activation (median of ${RUNS} fresh processes): require ${figures.require_ms.toFixed(1)} ms + activate ${figures.activate_ms.toFixed(1)} ms`,
  );
  return figures;
}

if (require.main === module) {
  runExtensionBench().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
