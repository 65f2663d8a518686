// Static security posture, checked on the sources and the manifest so a
// regression fails `npm test`: strict webview CSP, no HTML sinks in the
// webview, no shell anywhere, no vscode in the core, Restricted Mode declared
// with the settings that point at executables or URLs, the key only in
// SecretStorage.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { contentSecurityPolicy } from '../../../src/vscode/panel/html';
import { printFigures, record } from './harness';

after(printFigures);
const SUITE = 'bad inputs (static posture)';
const repo = path.resolve(__dirname, '../../../..');

function files(dir: string, ext = /\.ts$/): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

function check(name: string, ok: boolean, detail?: string): void {
  record(SUITE, name, ok, ok ? undefined : detail);
  assert.ok(ok, `${name}${detail ? `: ${detail}` : ''}`);
}

test('webview: CSP allows only nonce scripts, no inline or eval; no HTML sinks in the webview code', () => {
  const csp = contentSecurityPolicy('vscode-resource:', 'N0nce');
  check('CSP default-src none', /default-src 'none'/.test(csp));
  check("CSP script-src is the nonce only", /script-src 'nonce-N0nce'(;|$)/.test(csp), csp);
  check('CSP has no unsafe-inline / unsafe-eval', !/unsafe-(inline|eval)/.test(csp), csp);
  const sinks = /\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|new Function\(|\beval\(/;
  const offenders = files(path.join(repo, 'webview-ui', 'src')).filter((f) => sinks.test(readFileSync(f, 'utf8')));
  check('webview code renders text only (no innerHTML/eval sinks)', offenders.length === 0, offenders.join(', '));
});

test('no shell: child processes are spawned with argv, never through a shell', () => {
  const offenders = files(path.join(repo, 'src')).filter((f) => {
    const src = readFileSync(f, 'utf8');
    return /shell:\s*true|\bexecSync\(|child_process['"]\)?\.exec\(|\bexec\(\s*[`'"]/.test(src) || /import\s*\{[^}]*\bexec\b[^}]*\}\s*from\s*'node:child_process'/.test(src);
  });
  check('no shell: true / exec in src', offenders.length === 0, offenders.join(', '));
});

test("the core never imports 'vscode'", () => {
  const offenders = files(path.join(repo, 'src', 'core')).filter((f) => /from\s+'vscode'|require\('vscode'\)/.test(readFileSync(f, 'utf8')));
  check("src/core has no 'vscode' import", offenders.length === 0, offenders.join(', '));
});

test('Restricted Mode is declared, with every setting that points at an executable or a URL restricted', () => {
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
    contributes: { configuration: { properties: Record<string, { format?: string; scope?: string }> } };
  };
  const u = pkg.capabilities.untrustedWorkspaces;
  check('untrustedWorkspaces.supported is "limited"', u.supported === 'limited');
  const restricted = new Set(u.restrictedConfigurations ?? []);
  const props = pkg.contributes.configuration.properties;
  const risky = Object.entries(props)
    .filter(([key, p]) => p.format === 'uri' || /url|endpoint|path|command|executable/i.test(key))
    .map(([key]) => key);
  // Either restricted (Restricted Mode reads the user value only) or application-scoped (a workspace cannot set it at all).
  for (const key of risky) check(`setting ${key} not taken from an untrusted workspace`, restricted.has(key) || props[key]?.scope === 'application', `scope ${props[key]?.scope}`);
});

test('the API key lives in SecretStorage only: never written to settings', () => {
  const vscodeSrc = files(path.join(repo, 'src', 'vscode')).map((f) => [f, readFileSync(f, 'utf8')] as const);
  const writesKeyToSettings = vscodeSrc.filter(([, s]) => /\.update\(\s*['"`][^'"`]*(api[-_.]?key|secret|token)/i.test(s)).map(([f]) => f);
  check('no configuration.update of a key/secret/token', writesKeyToSettings.length === 0, writesKeyToSettings.join(', '));
  const secrets = vscodeSrc.find(([f]) => f.endsWith('secrets.ts'))?.[1] ?? '';
  check('the key is stored with SecretStorage', /secrets\.store\(/.test(secrets));
  const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const keySettings = Object.keys(manifest.contributes.configuration.properties).filter((k) => /api[-_.]?key|secret|password|\.token$|authToken|bearer/i.test(k));
  check('no key/secret/token setting in the manifest', keySettings.length === 0, keySettings.join(', '));
});
