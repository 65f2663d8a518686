// Builds the three bundles with esbuild:
//   dist/extension.js  the extension (CommonJS; vscode and onnxruntime-node stay external)
//   dist/cli.js        the headless CLI on the same core
//   dist/webview.js    the side panel front end (browser, IIFE)
// Flags: --watch rebuilds on change; --production minifies and drops source maps.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// Native runtime packages loaded lazily from node_modules, never bundled.
const nodeExternals = ['vscode', 'onnxruntime-node'];

// gpt-tokenizer carries its BPE ranks inline (~2.7 MB minified): in the main
// bundle every activation would parse them. It gets a bundle of its own,
// dist/gpt-tokenizer.js, that src/core/models/tokens.ts requires on first use.
//
// The OpenTelemetry SDK likewise: src/core/telemetry/lazy.ts requires
// './exporter' only when a team turns export on; here that require becomes
// dist/telemetry-exporter.js.
const loadedApart = {
  name: 'loaded-apart',
  setup(build) {
    build.onResolve({ filter: /^gpt-tokenizer$/ }, () => ({ path: './gpt-tokenizer.js', external: true }));
    build.onResolve({ filter: /^\.\/exporter$/ }, (args) =>
      args.importer.endsWith(path.join('src', 'core', 'telemetry', 'lazy.ts')) ? { path: './telemetry-exporter.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternals, plugins: [loadedApart] },
  // The CLI's eval command plots with vega, a dev dependency loaded from node_modules when plotting.
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: [...nodeExternals, 'vega', 'vega-lite'], plugins: [loadedApart], banner: { js: '#!/usr/bin/env node' } },
  { ...common, sourcemap: false, entryPoints: ['gpt-tokenizer'], outfile: 'dist/gpt-tokenizer.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/telemetry/exporter.ts'], outfile: 'dist/telemetry-exporter.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['webview-ui/src/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

mkdirSync('dist', { recursive: true });
// Codicons are served from the extension's own folder (the CSP allows nothing else).
try { cpSync('node_modules/@vscode/codicons/dist', 'dist/codicons', { recursive: true }); } catch { /* optional */ }

if (watch) {
  for (const t of targets) (await esbuild.context(t)).watch();
  console.log('[build] watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
