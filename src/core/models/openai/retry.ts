// Backoff arithmetic and an abortable sleep for the provider's own retry loop.

/**
 * The wait a server asked for, in ms: `retry-after-ms` (OpenAI), else
 * `Retry-After` as seconds (fractions allowed) or an HTTP date. Undefined when
 * absent or unreadable; never negative.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const v = headers.get('retry-after');
  if (v === null || v.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.max(0, Number(v) * 1000);
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: attempt 1 failed → base, 2 → 2·base, …,
 * each scaled by a random factor in [0.5, 1), capped at `maxMs`.
 */
export function backoffDelay(failedAttempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = baseMs * 2 ** Math.max(0, failedAttempt - 1);
  return Math.min(maxMs, Math.round(exp * (0.5 + random() / 2)));
}

/** Resolves after `ms`, or early (to false) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
