// The smallest single replacement between two texts, so a WorkspaceEdit
// touches only what changed (cursor, folding and undo stay sensible). Pure.

/** The smallest single replacement turning `from` into `to` (common prefix and suffix kept), or undefined if equal. */
export function minimalChange(from: string, to: string): { start: number; end: number; text: string } | undefined {
  if (from === to) return undefined;
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)) suffix++;
  // Never split a surrogate pair.
  if (start > 0 && isHigh(from.charCodeAt(start - 1))) start--;
  if (suffix > 0 && isLow(from.charCodeAt(from.length - suffix))) suffix--;
  return { start, end: from.length - suffix, text: to.slice(start, to.length - suffix) };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
