// The optional remote team budget: fetch the team's document, cache it, and
// combine it with local spend the team's figure does not include yet.
//
// Never blocks silently, never throws: every failure (unreachable, timeout,
// HTTP error, bad JSON, invalid document, stale month, wrong team) becomes an
// `unavailable` answer with a message saying so, and the run falls back to
// its local caps.
import type { TeamBudgetDoc } from './schema';
import { parseTeamBudgetDoc, periodOf } from './schema';

export interface TeamBudgetSourceOptions {
  /** Where the team publishes its document (http or https). */
  url: string;
  /** Sent with the request, e.g. an Authorization header from SecretStorage. Never logged. */
  headers?: Record<string, string>;
  /** How long a fetched document is trusted. Default 5 minutes. */
  ttlMs?: number;
  /** After a failure, how long before trying again (meanwhile: unavailable at once). Default 30 s. */
  retryAfterMs?: number;
  /** Request timeout. Default 3 s: a run waits at most this long for the team figure. */
  timeoutMs?: number;
  /** When set, a document for another team is rejected (a misconfigured URL). */
  expectedTeam?: string;
  /** Injected in tests; defaults to Node's global fetch. */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface TeamSnapshot {
  team: string;
  period: string;
  capUsd: number;
  spentUsd: number;
  /** Local spend not yet in `spentUsd`, as passed by the caller. */
  localUnsyncedUsd: number;
  updatedAt: string;
  /** When the document was fetched (epoch ms). */
  fetchedAt: number;
}

export type TeamAllowance =
  | { status: 'allowed'; remainingUsd: number; snapshot: TeamSnapshot; message: string }
  | { status: 'refused'; reason: string; snapshot: TeamSnapshot }
  /** No usable team figure: run under local caps only, and show `message`. */
  | { status: 'unavailable'; message: string };

/**
 * Local spend the team figure does not include yet: a number, or a function of
 * the document's `updatedAt` (epoch ms) that sums the local ledger after it.
 */
export type LocalUnsynced = number | ((updatedAtMs: number) => number);

export interface TeamBudgetSource {
  teamAllowance(localUnsynced: LocalUnsynced): Promise<TeamAllowance>;
  /** The document (cached within the TTL), or why there is none. */
  load(): Promise<{ ok: true; doc: TeamBudgetDoc; fetchedAt: number } | { ok: false; message: string }>;
  /** Forget the cache: the next call fetches. */
  invalidate(): void;
}

type Cached = { ok: true; doc: TeamBudgetDoc; fetchedAt: number } | { ok: false; message: string; failedAt: number };

const FALLBACK = 'using local budget caps only';

export function createTeamBudgetSource(options: TeamBudgetSourceOptions): TeamBudgetSource {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 3000;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const where = describeUrl(options.url);
  let cached: Cached | undefined;
  let inFlight: Promise<Cached> | undefined;

  async function fetchDoc(): Promise<Cached> {
    const failed = (why: string): Cached => ({ ok: false, message: `Team budget source ${where} ${why}; ${FALLBACK}.`, failedAt: now() });
    if (!/^https?:$/.test(protocolOf(options.url))) return failed('is not an http(s) URL');
    let response: Response;
    try {
      response = await doFetch(options.url, {
        headers: { accept: 'application/json', ...options.headers },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      return failed(isTimeout(err) ? `did not answer within ${timeoutMs} ms` : `is unreachable (${networkReason(err)})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return failed(`answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      return failed('did not return JSON');
    }
    const parsed = parseTeamBudgetDoc(json);
    if (!parsed.ok) return failed(`returned an ${parsed.message}`);
    if (options.expectedTeam !== undefined && parsed.doc.team !== options.expectedTeam) {
      return failed(`is for team "${parsed.doc.team}", not "${options.expectedTeam}"`);
    }
    return { ok: true, doc: parsed.doc, fetchedAt: now() };
  }

  async function load(): Promise<Cached> {
    const t = now();
    if (cached?.ok && t - cached.fetchedAt < ttlMs) return cached;
    if (cached && !cached.ok && t - cached.failedAt < retryAfterMs) return cached;
    // Concurrent runs starting together share one request.
    inFlight ??= fetchDoc().then((result) => {
      cached = result;
      inFlight = undefined;
      return result;
    });
    return inFlight;
  }

  return {
    async load() {
      const c = await load();
      return c.ok ? c : { ok: false, message: c.message };
    },
    invalidate() {
      cached = undefined;
    },
    async teamAllowance(localUnsynced) {
      const c = await load();
      if (!c.ok) return { status: 'unavailable', message: c.message };
      const { doc } = c;
      const current = periodOf(now());
      if (doc.period !== current) {
        return { status: 'unavailable', message: `Team budget document for "${doc.team}" is for ${doc.period}, not the current month ${current}; ${FALLBACK}.` };
      }
      const snapshot: TeamSnapshot = {
        team: doc.team,
        period: doc.period,
        capUsd: doc.monthlyCapUsd,
        spentUsd: doc.spentUsd,
        localUnsyncedUsd: unsyncedUsd(localUnsynced, Date.parse(doc.updatedAt)),
        updatedAt: doc.updatedAt,
        fetchedAt: c.fetchedAt,
      };
      const remainingUsd = snapshot.capUsd - snapshot.spentUsd - snapshot.localUnsyncedUsd;
      const figures = `${usd(snapshot.spentUsd + snapshot.localUnsyncedUsd)} of ${usd(snapshot.capUsd)} spent in ${doc.period}` +
        (snapshot.localUnsyncedUsd > 0 ? ` (incl. ${usd(snapshot.localUnsyncedUsd)} local, not yet synced)` : '');
      // A sub-cent remainder cannot pay for a model call: treat it as reached.
      if (remainingUsd < 0.005) {
        return { status: 'refused', reason: `Team budget for "${doc.team}" is used up: ${figures}.`, snapshot };
      }
      return { status: 'allowed', remainingUsd, snapshot, message: `Team "${doc.team}": ${usd(remainingUsd)} left, ${figures}.` };
    },
  };
}

function unsyncedUsd(local: LocalUnsynced, updatedAtMs: number): number {
  let value: number;
  try {
    value = typeof local === 'function' ? local(updatedAtMs) : local;
  } catch {
    value = 0;
  }
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** Origin and path only: a query string or user info may hold a token. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function protocolOf(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

/** Node's fetch says "fetch failed" and hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, …). */
function networkReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause && typeof cause === 'object') {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const message = (cause as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return err.message;
}
