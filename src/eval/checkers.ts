// Answer checkers of the evaluation suite. Answers come from language models,
// so every checker first normalises the text (trim, strip Markdown emphasis,
// code ticks and wrapping quotes) and then looks for the expected answer the
// way a careful grader would: the first number, the first of several choices,
// an identifier as a whole word, a path with or without "./".
import { z } from 'zod';

const regexSource = z.string().refine(
  (p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'invalid regular expression' },
);

export const numberArgs = z.object({
  /** Expected value; a list accepts any of them (e.g. 19 or 0.19). */
  value: z.union([z.number(), z.array(z.number()).min(1)]),
  /** Absolute tolerance (default 1e-9). */
  tolerance: z.number().nonnegative().optional(),
});
export const identifierArgs = z.object({
  value: z.string().min(1),
  /** Identifiers whose presence fails the answer (naming every candidate is not an answer). */
  forbid: z.array(z.string().min(1)).optional(),
});
export const choiceArgs = z
  .object({ expected: z.string().min(1), options: z.array(z.string().min(1)).min(2) })
  .refine((a) => a.options.includes(a.expected), { message: 'expected must be one of options' });
export const setArgs = z.object({ items: z.array(z.string().min(1)).min(1) });
export const durationArgs = z.object({ seconds: z.number().nonnegative() });
export const pathArgs = z.object({ value: z.string().min(1) });

/** Named small checker functions: `{ "type": "fn", "name": ..., "args": ... }`. */
export const NAMED_CHECKERS = {
  /** The first number in the answer equals `value` (within `tolerance`). */
  number: numberArgs,
  /** `value` appears as a whole identifier; none of `forbid` does. */
  identifier: identifierArgs,
  /** Of `options`, the one mentioned first is `expected` ("No, because yes…" → no). */
  choice: choiceArgs,
  /** Every one of `items` appears as a whole word (case-insensitive). */
  set: setArgs,
  /** The first duration in the answer is `seconds` ("300", "300 s", "5 minutes", "300000 ms"). */
  duration: durationArgs,
  /** The answer names the path `value` (leading "./" and backslashes ignored). */
  path: pathArgs,
} as const;
export type CheckerName = keyof typeof NAMED_CHECKERS;

const fnChecker = z.discriminatedUnion('name', [
  z.object({ type: z.literal('fn'), name: z.literal('number'), args: numberArgs }),
  z.object({ type: z.literal('fn'), name: z.literal('identifier'), args: identifierArgs }),
  z.object({ type: z.literal('fn'), name: z.literal('choice'), args: choiceArgs }),
  z.object({ type: z.literal('fn'), name: z.literal('set'), args: setArgs }),
  z.object({ type: z.literal('fn'), name: z.literal('duration'), args: durationArgs }),
  z.object({ type: z.literal('fn'), name: z.literal('path'), args: pathArgs }),
]);

export const checkerSchema = z.union([
  z.object({
    type: z.literal('exact'),
    value: z.string(),
    caseSensitive: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('regex'),
    pattern: regexSource,
    /** Default 'i'. */
    flags: z.string().regex(/^[imsu]*$/).optional(),
  }),
  z.object({
    type: z.literal('contains'),
    value: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** With a list: must all appear (default) or any one. */
    mode: z.enum(['all', 'any']).optional(),
    caseSensitive: z.boolean().optional(),
  }),
  fnChecker,
]);
export type Checker = z.infer<typeof checkerSchema>;

/** Trim, drop Markdown emphasis/code ticks and wrapping quotes, a trailing period, and an "Answer:" lead. */
export function normalizeAnswer(answer: string): string {
  let s = answer.trim();
  s = s.replace(/\*\*|`/g, '').trim();
  s = s.replace(/^(final\s+)?answer\s*[:：]\s*/i, '');
  for (;;) {
    const m = /^(["'“‘])(.*)(["'”’])$/s.exec(s);
    if (!m) break;
    s = m[2]!.trim();
  }
  return s.replace(/\.\s*$/, '').trim();
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A whole-word match that also works for words with '-', '.', '/' or '_' in them. */
function wordRegExp(word: string, flags: string): RegExp {
  return new RegExp(`(?<![\\w-])${escapeRegExp(word)}(?![\\w-])`, flags);
}

const WORD_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20,
};

/** The numbers in a text, in order: "16,384", "-60", "−60", "0.5", ".5", "five". */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  const re = /(?:(?<![\w.])([-−])|(?<![\w.\-−]))(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\d])|\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b/gi;
  for (const m of text.matchAll(re)) {
    if (m[3] !== undefined) {
      out.push(WORD_NUMBERS[m[3].toLowerCase()]!);
      continue;
    }
    const value = Number(m[2]!.replace(/,/g, ''));
    out.push(m[1] ? -value : value);
  }
  return out;
}

const UNIT_SECONDS: Array<[RegExp, number]> = [
  [/^(ms|msec|millisecond|milliseconds)\b/i, 0.001],
  [/^(s|sec|secs|second|seconds)\b/i, 1],
  [/^(m|min|mins|minute|minutes)\b/i, 60],
  [/^(h|hr|hrs|hour|hours)\b/i, 3600],
];

/** The first duration in a text, in seconds; a bare number counts as seconds. */
export function firstDurationSeconds(text: string): number | undefined {
  const m = /(?<![\w.])(\d+(?:\.\d+)?)\s*([a-z]*)/i.exec(text.replace(/(\d),(\d{3})/g, '$1$2'));
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2] ?? '';
  if (unit === '') return value;
  for (const [re, factor] of UNIT_SECONDS) if (re.test(unit)) return value * factor;
  return value;
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/(^|[\s(])\.\//g, '$1');
}

/** Does `answer` pass `checker`? A null answer (no answer given) never passes. */
export function checkAnswer(checker: Checker, answer: string | null | undefined): boolean {
  if (answer === null || answer === undefined) return false;
  const text = normalizeAnswer(answer);
  if (text === '') return false;
  switch (checker.type) {
    case 'exact':
      return checker.caseSensitive ? text === checker.value : text.toLowerCase() === checker.value.toLowerCase();
    case 'regex':
      return new RegExp(checker.pattern, checker.flags ?? 'i').test(text);
    case 'contains': {
      const values = Array.isArray(checker.value) ? checker.value : [checker.value];
      const hay = checker.caseSensitive ? text : text.toLowerCase();
      const has = (v: string): boolean => hay.includes(checker.caseSensitive ? v : v.toLowerCase());
      return checker.mode === 'any' ? values.some(has) : values.every(has);
    }
    case 'fn':
      return checkNamed(checker, text);
  }
}

function checkNamed(checker: z.infer<typeof fnChecker>, text: string): boolean {
  switch (checker.name) {
    case 'number': {
      const first = numbersIn(text)[0];
      if (first === undefined) return false;
      const tol = checker.args.tolerance ?? 1e-9;
      const expected = Array.isArray(checker.args.value) ? checker.args.value : [checker.args.value];
      return expected.some((v) => Math.abs(first - v) <= tol);
    }
    case 'identifier':
      return wordRegExp(checker.args.value, '').test(text) && !(checker.args.forbid ?? []).some((f) => wordRegExp(f, '').test(text));
    case 'choice': {
      let best: { option: string; index: number } | undefined;
      for (const option of checker.args.options) {
        const m = wordRegExp(option, 'i').exec(text);
        if (m && (best === undefined || m.index < best.index)) best = { option, index: m.index };
      }
      return best?.option === checker.args.expected;
    }
    case 'set':
      return checker.args.items.every((item) => wordRegExp(item, 'i').test(text));
    case 'duration': {
      const seconds = firstDurationSeconds(text);
      return seconds !== undefined && Math.abs(seconds - checker.args.seconds) < 1e-6;
    }
    case 'path': {
      const want = normalizePath(checker.args.value);
      return wordRegExp(want, '').test(normalizePath(text));
    }
  }
}
