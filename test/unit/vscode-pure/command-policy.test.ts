// budgetAgent.tools.allowedCommands: how an argv is rendered and matched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileCommandPatterns, exactPatternFor, formatArgv, matchAllowedCommand } from '../../../src/vscode/tools/commandPolicy';

const allow = (patterns: unknown, argv: string[]) => matchAllowedCommand(argv, compileCommandPatterns(patterns).patterns)?.source;

test('formatArgv: plain arguments joined by spaces; empty, spaced, quoted or backslashed ones as JSON strings', () => {
  assert.equal(formatArgv(['npm', 'test']), 'npm test');
  assert.equal(formatArgv(['npm', 'test x']), 'npm "test x"');
  assert.equal(formatArgv(['echo', '']), 'echo ""');
  assert.equal(formatArgv(['node', '-e', 'console.log("hi")']), 'node -e "console.log(\\"hi\\")"');
  assert.equal(formatArgv(['a\\b']), '"a\\\\b"');
  assert.equal(formatArgv(['tab\there']), '"tab\\there"');
});

test('a pattern must match the whole command line', () => {
  assert.equal(allow(['npm test'], ['npm', 'test']), 'npm test');
  assert.equal(allow(['npm test'], ['npm', 'test', '--script-shell=/tmp/evil']), undefined, 'a prefix match is not enough');
  assert.equal(allow(['npm test'], ['xnpm', 'test']), undefined);
  assert.equal(allow(['test'], ['npm', 'test']), undefined, 'nor a substring');
  assert.equal(allow(['git (status|diff)( --stat)?'], ['git', 'diff', '--stat']), 'git (status|diff)( --stat)?');
  assert.equal(allow(['git (status|diff)( --stat)?'], ['git', 'push']), undefined);
  // Alternation inside the user's pattern cannot escape the anchors.
  assert.equal(allow(['npm test|ls'], ['ls', '-la', '/']), undefined);
  assert.equal(allow(['npm test|ls'], ['ls']), 'npm test|ls');
});

test('quoting keeps argv boundaries: ["npm", "test x"] never passes for ["npm", "test", "x"]', () => {
  assert.equal(allow(['npm test x'], ['npm', 'test', 'x']), 'npm test x');
  assert.equal(allow(['npm test x'], ['npm', 'test x']), undefined);
  assert.equal(allow(['npm [^ ]+'], ['npm', 'test; rm -rf ~']), undefined, 'a spaced argument is quoted, so [^ ]+ cannot take it');
});

test('invalid entries are skipped with a problem each; a non-array allows nothing', () => {
  const { patterns, problems } = compileCommandPatterns(['npm test', '(unclosed', 42, '', '  ']);
  assert.deepEqual(patterns.map((p) => p.source), ['npm test']);
  assert.equal(problems.length, 4);
  assert.match(problems[0] ?? '', /"\(unclosed" is not a valid regular expression/);
  const notArray = compileCommandPatterns('npm test');
  assert.equal(notArray.patterns.length, 0);
  assert.match(notArray.problems[0] ?? '', /must be an array/);
  assert.deepEqual(compileCommandPatterns(undefined), { patterns: [], problems: [] });
  assert.equal(allow([], ['npm', 'test']), undefined);
  assert.equal(allow(['.*'], []), undefined, 'an empty argv is never allowed');
});

test('exactPatternFor allows exactly its argv, whatever characters it holds', () => {
  const cases = [
    ['npm', 'test'],
    ['node', '-e', 'console.log(1+1) // $HOME (x) [y] {z} ^ | ? *'],
    ['git', 'log', '--format=%H %s', '-n', '3'],
    ['a.b', 'c\\d', '"q"', ''],
  ];
  for (const argv of cases) {
    const pattern = exactPatternFor(argv);
    assert.equal(allow([pattern], argv), pattern, `${pattern} matches ${JSON.stringify(argv)}`);
    assert.equal(allow([pattern], [...argv, 'extra']), undefined);
    assert.equal(allow([pattern], argv.slice(0, -1)), undefined);
  }
  assert.equal(allow([exactPatternFor(['a.b'])], ['axb']), undefined, 'dots are literal');
});
