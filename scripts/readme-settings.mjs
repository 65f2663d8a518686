// Writes the README's settings table from package.json's
// contributes.configuration, between the markers
//   <!-- settings:start --> … <!-- settings:end -->
// `--check` only compares (a unit test runs it), so the README cannot drift
// from the manifest.
import { readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- settings:start -->';
const END = '<!-- settings:end -->';

export function settingsTable(pkg) {
  const groups = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const rows = groups.flatMap((g) => Object.entries(g.properties));
  const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n+/g, ' ');
  const type = (t) => (Array.isArray(t) ? t.filter((x) => x !== 'null').join(' | ') + (t.includes('null') ? ' or null (no limit)' : '') : t);
  const firstSentence = (d) => cell((d ?? '').replace(/`#([^#]+)#`/g, '`$1`')).split(/(?<=\.)\s/)[0];
  const lines = [
    '| setting | type | default | scope | what it does |',
    '|---|---|---|---|---|',
    ...rows.map(([key, v]) => `| \`${key}\` | ${cell(type(v.type))} | \`${cell(JSON.stringify(v.default))}\` | ${v.scope ?? 'window'} | ${firstSentence(v.markdownDescription ?? v.description)} |`),
  ];
  return lines.join('\n');
}

export function renderReadme(readme, pkg) {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${readme.slice(0, a + START.length)}\n${settingsTable(pkg)}\n${readme.slice(b)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const readme = readFileSync('README.md', 'utf8');
  const next = renderReadme(readme, pkg);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md settings table is out of date: run `node scripts/readme-settings.mjs`');
      process.exit(1);
    }
  } else writeFileSync('README.md', next);
}
