// Which run_command invocations the user allowed in advance. Pure (no
// `vscode`): the patterns come from budgetAgent.tools.allowedCommands, read
// from user settings only by the caller, and are matched against one
// canonical rendering of the argv.
//
// Matching rules (documented in package.json):
//  - the command line is the argv joined by spaces, with any argument that is
//    empty or holds whitespace, quotes or backslashes written as a JSON string,
//    so ["npm", "test x"] reads `npm "test x"` and can never pass for
//    ["npm", "test", "x"];
//  - a pattern must match the WHOLE line (it is anchored for the user), so
//    `npm test` does not also allow `npm test --script-shell=…`.

export interface AllowedPattern {
  /** The pattern as the user wrote it. */
  source: string;
  regex: RegExp;
}

/** The one-line rendering of an argv that patterns are matched against and the user sees. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((arg) => (arg === '' || /[\s"'\\]/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
}

/** Compiles the setting's value; invalid entries are skipped with a problem message each. */
export function compileCommandPatterns(raw: unknown): { patterns: AllowedPattern[]; problems: string[] } {
  const patterns: AllowedPattern[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { patterns, problems };
  if (!Array.isArray(raw)) {
    problems.push('budgetAgent.tools.allowedCommands must be an array of regular expressions; no command is allowed in advance.');
    return { patterns, problems };
  }
  for (const entry of raw) {
    if (typeof entry !== 'string' || entry.trim() === '') {
      problems.push(`budgetAgent.tools.allowedCommands: ${JSON.stringify(entry)} is not a non-empty string; skipped.`);
      continue;
    }
    try {
      patterns.push({ source: entry, regex: new RegExp(`^(?:${entry})$`) });
    } catch (err) {
      problems.push(`budgetAgent.tools.allowedCommands: ${JSON.stringify(entry)} is not a valid regular expression (${err instanceof Error ? err.message : String(err)}); skipped.`);
    }
  }
  return { patterns, problems };
}

/** The first pattern that allows `argv`, or undefined (then the user is asked). */
export function matchAllowedCommand(argv: readonly string[], patterns: readonly AllowedPattern[]): AllowedPattern | undefined {
  if (argv.length === 0) return undefined;
  const line = formatArgv(argv);
  return patterns.find((p) => p.regex.test(line));
}

/** A pattern that allows exactly this argv and nothing else ("Always allow this command"). */
export function exactPatternFor(argv: readonly string[]): string {
  return formatArgv(argv).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
