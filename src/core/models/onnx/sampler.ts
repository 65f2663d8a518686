// Picks the next token from a logits view. Greedy is a plain argmax over the
// typed array (no copies, no softmax). Sampling applies temperature, top-k and
// top-p (nucleus) and draws with a seeded PRNG, so a seed reproduces a run.

export interface SamplingOptions {
  /** 0 or undefined: greedy. */
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
}

/** mulberry32: tiny, fast, good enough for sampling; same seed, same stream. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function argmax(logits: Float32Array): number {
  let best = 0;
  let max = logits[0]!;
  for (let i = 1; i < logits.length; i++) {
    const v = logits[i]!;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  return best;
}

export class Sampler {
  private readonly random: () => number;
  readonly greedy: boolean;
  // Scratch buffers reused across tokens.
  private order: Uint32Array = new Uint32Array(0);
  private probs: Float64Array = new Float64Array(0);

  constructor(private readonly opts: SamplingOptions = {}) {
    this.greedy = !opts.temperature || opts.temperature <= 0;
    this.random = mulberry32(opts.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** `banned`: ids that must not be picked (e.g. an end-of-thinking token while extending). */
  sample(logits: Float32Array, banned?: ReadonlySet<number>): number {
    if (this.greedy) {
      if (!banned?.size) return argmax(logits);
      let best = -1;
      let max = -Infinity;
      for (let i = 0; i < logits.length; i++) {
        if (banned.has(i)) continue;
        if (best < 0 || logits[i]! > max) {
          max = logits[i]!;
          best = i;
        }
      }
      return best;
    }
    const n = logits.length;
    if (this.order.length !== n) {
      this.order = new Uint32Array(n);
      this.probs = new Float64Array(n);
    }
    const temp = this.opts.temperature!;
    const k = this.opts.topK && this.opts.topK > 0 ? Math.min(this.opts.topK, n) : n;
    // Candidate list: the k best ids, sorted by logit descending. With a
    // small top-k on a large vocabulary (150k for Qwen), keep a bounded
    // sorted list instead of sorting everything.
    let m = 0;
    if (k * 8 < n) {
      let thr = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = logits[i]!;
        if ((m === k && v <= thr) || banned?.has(i)) continue;
        // Insertion into the descending list [0, m).
        let j = m < k ? m++ : k - 1;
        while (j > 0 && logits[this.order[j - 1]!]! < v) {
          this.order[j] = this.order[j - 1]!;
          j--;
        }
        this.order[j] = i;
        if (m === k) thr = logits[this.order[k - 1]!]!;
      }
    } else {
      for (let i = 0; i < n; i++) if (!banned?.has(i)) this.order[m++] = i;
      this.order.subarray(0, m).sort((a, b) => logits[b]! - logits[a]! || a - b);
    }
    const cand = this.order.subarray(0, m);
    const count = Math.min(k, m);
    const max = logits[cand[0]!]!;
    let sum = 0;
    for (let j = 0; j < count; j++) {
      const p = Math.exp((logits[cand[j]!]! - max) / temp);
      this.probs[j] = p;
      sum += p;
    }
    // Nucleus: the smallest prefix whose mass reaches topP.
    let keep = count;
    const topP = this.opts.topP;
    if (topP !== undefined && topP > 0 && topP < 1) {
      let acc = 0;
      for (let j = 0; j < count; j++) {
        acc += this.probs[j]! / sum;
        if (acc >= topP) {
          keep = j + 1;
          break;
        }
      }
    }
    let mass = 0;
    for (let j = 0; j < keep; j++) mass += this.probs[j]!;
    let r = this.random() * mass;
    for (let j = 0; j < keep; j++) {
      r -= this.probs[j]!;
      if (r < 0) return cand[j]!;
    }
    return cand[keep - 1]!;
  }
}
