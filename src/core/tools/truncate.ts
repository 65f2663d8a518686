// Tool output is cut to what the budget can afford; the cut is always said,
// so the model knows there is more and can ask for a narrower range.
export interface Truncated {
  text: string;
  truncated: boolean;
}

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Largest prefix of `text` whose UTF-8 encoding fits in `maxBytes` (never splits a character). */
function prefixBytes(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return Buffer.from(bytes.subarray(0, end)).toString('utf8');
}

/**
 * Cuts `text` so that text + note stays within `maxBytes`, preferring a line
 * boundary, and appends a note saying how much was shown.
 */
export function truncateOutput(text: string, maxBytes: number, hint = ''): Truncated {
  const total = byteLength(text);
  if (total <= maxBytes) return { text, truncated: false };
  const note = (shown: number) =>
    `\n[output truncated: showing ${shown} of ${total} bytes${hint ? `; ${hint}` : ''}]`;
  const room = Math.max(0, maxBytes - byteLength(note(total)));
  let head = prefixBytes(text, room);
  const lastNewline = head.lastIndexOf('\n');
  if (lastNewline > head.length / 2) head = head.slice(0, lastNewline);
  return { text: head + note(byteLength(head)), truncated: true };
}
