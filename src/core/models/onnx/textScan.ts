// Finds stop strings (or the end-of-thinking marker) in streamed text while
// never streaming a part of them: text that could be the beginning of a
// needle is held back until the next delta decides. So the streamed deltas,
// concatenated, are exactly the final text, cut before the needle.

export interface ScanResult {
  /** Text safe to stream now. */
  emit: string;
  /** The needle found, if any; scanning is over then. */
  matched?: string;
  /** Text after the needle in the same delta. */
  after?: string;
}

export class NeedleScanner {
  private held = '';

  constructor(private readonly needles: readonly string[]) {}

  push(delta: string): ScanResult {
    if (this.needles.length === 0) return { emit: delta };
    const buf = this.held + delta;
    let at = -1;
    let which = '';
    for (const n of this.needles) {
      const i = buf.indexOf(n);
      if (i >= 0 && (at < 0 || i < at)) {
        at = i;
        which = n;
      }
    }
    if (at >= 0) {
      this.held = '';
      return { emit: buf.slice(0, at), matched: which, after: buf.slice(at + which.length) };
    }
    // Released text never ends in a needle prefix, so a match can only
    // start inside what we hold: keep the longest tail that is a prefix.
    let hold = 0;
    for (const n of this.needles) {
      for (let len = Math.min(n.length - 1, buf.length); len > hold; len--) {
        if (buf.endsWith(n.slice(0, len))) {
          hold = len;
          break;
        }
      }
    }
    this.held = buf.slice(buf.length - hold);
    return { emit: buf.slice(0, buf.length - hold) };
  }

  /** End of stream: the held tail was no needle after all. */
  flush(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }
}
