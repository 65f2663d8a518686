// A tiny concurrency limiter: runs `worker` over `items` with at most `limit`
// in flight, in order of the items. Stops taking new items once `signal` aborts.
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  const lane = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) {
      const index = next++;
      await worker(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

/** FNV-1a over a string: a stable 31-bit seed for one run of the grid. */
export function deriveSeed(base: number, ...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of [base, ...parts].join('|')) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}
