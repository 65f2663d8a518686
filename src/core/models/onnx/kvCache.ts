// One sequence's decoding state on a decoder-with-past graph: feeds tokens,
// keeps the KV cache, returns the logits of the last fed position.
//
// Per-token overhead is what this file controls (on small models the graph
// run itself is only ~0.5 ms), so:
// - present.* outputs become the next past_key_values.* inputs as they are,
//   with no copy;
// - attention_mask and position_ids are views (subarray) into buffers
//   allocated once per sequence, and the single-token input_ids tensor is
//   reused, its buffer overwritten in place;
// - the caller gets a Float32Array view of the last position's logits, not a
//   copy.

import type { GraphIo, OrtModule, OrtSession, OrtTensor } from './runtime';

export class KvCacheSequence {
  private past: Record<string, OrtTensor> = {};
  private len = 0;
  /** Batch of one, never padded: the mask is all ones; we hand out prefixes of it. */
  private readonly mask: BigInt64Array;
  private readonly positions: BigInt64Array;
  private readonly oneId = new BigInt64Array(1);
  private readonly oneIdTensor: OrtTensor;
  /** Pure session.run time, for the benchmark's overhead figure. */
  runMs = 0;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    private readonly io: GraphIo,
    private readonly maxPositions: number,
    kvHeads: number,
    headDim: number,
  ) {
    this.mask = new BigInt64Array(maxPositions).fill(1n);
    this.positions = new BigInt64Array(maxPositions);
    for (let i = 0; i < maxPositions; i++) this.positions[i] = BigInt(i);
    this.oneIdTensor = new ort.Tensor('int64', this.oneId, [1, 1]);
    // The first step sees an empty past: [1, kvHeads, 0, headDim].
    const empty = new ort.Tensor('float32', new Float32Array(0), [1, kvHeads, 0, headDim]);
    for (let i = 0; i < io.pastKeys.length; i++) {
      this.past[io.pastKeys[i]!] = empty;
      this.past[io.pastValues[i]!] = empty;
    }
  }

  /** Tokens already in the cache. */
  get length(): number {
    return this.len;
  }

  /**
   * Runs the graph on `ids` (the prompt, one new token, or inserted text)
   * after everything fed so far; returns the logits of the last position.
   * The view stays valid until the next call.
   */
  async feed(ids: readonly number[]): Promise<Float32Array> {
    const k = ids.length;
    const total = this.len + k;
    if (k === 0) throw new Error('feed() needs at least one token');
    if (total > this.maxPositions) throw new RangeError(`sequence of ${total} tokens exceeds the context window (${this.maxPositions})`);
    let inputIds: OrtTensor;
    if (k === 1) {
      this.oneId[0] = BigInt(ids[0]!);
      inputIds = this.oneIdTensor;
    } else {
      inputIds = new this.ort.Tensor('int64', BigInt64Array.from(ids, (x) => BigInt(x)), [1, k]);
    }
    const feeds: Record<string, OrtTensor> = {
      input_ids: inputIds,
      attention_mask: new this.ort.Tensor('int64', this.mask.subarray(0, total), [1, total]),
      ...this.past,
    };
    if (this.io.hasPositionIds) feeds.position_ids = new this.ort.Tensor('int64', this.positions.subarray(this.len, total), [1, k]);

    const t0 = performance.now();
    const out = await this.session.run(feeds);
    this.runMs += performance.now() - t0;

    for (let i = 0; i < this.io.pastKeys.length; i++) {
      this.past[this.io.pastKeys[i]!] = out[this.io.presentKeys[i]!]!;
      this.past[this.io.pastValues[i]!] = out[this.io.presentValues[i]!]!;
    }
    this.len = total;
    const logits = out.logits!;
    const vocab = logits.dims[logits.dims.length - 1]!;
    const data = logits.data as Float32Array;
    return data.subarray((k - 1) * vocab, k * vocab);
  }
}
