// SDK / network failures → ProviderError with a message that says what
// happened and what to do. The API key never appears in a message.

import { inspect } from 'node:util';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { ProviderError } from '../types';

export const SET_KEY_HINT = "set it with 'Budget Agent: Set API Key…'";

export interface ErrorContext {
  baseUrl: string;
  model: string;
  apiKey: string;
}

/** Removes the key (and anything that looks like a bearer token of it) from text shown to people. */
export function redact(text: string, apiKey: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out;
}

/**
 * The SDK error kept as `cause` for debugging — unless the server echoed the
 * key into it (bodies like "Incorrect API key provided: sk-…"): then a copy
 * with the key cut out, so logging the error with its cause cannot leak it.
 */
function safeCause(err: unknown, apiKey: string): unknown {
  if (!apiKey || apiKey.length < 4 || !inspect(err, { depth: 8 }).includes(apiKey)) return err;
  const msg = err instanceof Error ? err.message : String(err);
  const copy = new Error(redact(msg, apiKey));
  copy.name = err instanceof Error ? err.name : 'Error';
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') (copy as Error & { status?: number }).status = status;
  return copy;
}

function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body.message === 'string' && body.message) return body.message;
  return err.message;
}

function causeText(err: unknown): string {
  let e: unknown = err;
  const parts: string[] = [];
  for (let depth = 0; e && depth < 4; depth++) {
    const m = (e as { code?: unknown; message?: unknown });
    const text = typeof m.code === 'string' ? m.code : typeof m.message === 'string' ? m.message : '';
    if (text && !parts.includes(text)) parts.push(text);
    e = (e as { cause?: unknown }).cause;
  }
  return parts.join(': ') || String(err);
}

/** The first errno-style code (ENOTFOUND, ECONNREFUSED, …) in an error's cause chain. */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++, e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  }
  return undefined;
}

/**
 * RFC 6761 reserved names that never resolve (`.invalid`): refused before
 * any lookup, so a placeholder URL sends no traffic at all, not even DNS.
 */
export function unresolvableHost(baseUrl: string): string | undefined {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
  return host === 'invalid' || host.endsWith('.invalid') ? host : undefined;
}

/** An HTTP error response (status known). */
export function fromStatus(status: number, err: APIError, ctx: ErrorContext): ProviderError {
  const said = redact(serverMessage(err), ctx.apiKey);
  const code = (err.code ?? '') as string;
  const opts = (retryable: boolean) => ({ retryable, status, cause: safeCause(err, ctx.apiKey) });
  if (status === 401) {
    return new ProviderError('auth', `${ctx.baseUrl} rejected the API key (401: ${said}) — ${SET_KEY_HINT}.`, opts(false));
  }
  if (status === 403) {
    return new ProviderError('auth', `${ctx.baseUrl} refused access to model '${ctx.model}' (403: ${said}) — check that the API key's project may use this model, or pick another with 'Budget Agent: Select Model…'.`, opts(false));
  }
  if (status === 404) {
    return new ProviderError('not_found', `model '${ctx.model}' or the chat endpoint was not found at ${ctx.baseUrl} (404: ${said}) — check the base URL (it usually ends in /v1) and pick a model with 'Budget Agent: Select Model…'.`, opts(false));
  }
  if (status === 429 && (code === 'insufficient_quota' || /quota|billing/i.test(said))) {
    return new ProviderError('rate_limit', `the account behind the API key is out of quota (429: ${said}) — check billing with the provider, or ${SET_KEY_HINT} with another key.`, opts(false));
  }
  if (status === 429) {
    return new ProviderError('rate_limit', `rate limited by ${ctx.baseUrl} (429: ${said}) — wait a minute and try again, or lower the request rate.`, opts(true));
  }
  if (code === 'context_length_exceeded' || /context length|context window|maximum context|too many tokens/i.test(said)) {
    return new ProviderError('context_length', `the prompt does not fit the context window of '${ctx.model}' (${status}: ${said}) — shorten the conversation or raise the context budget.`, opts(false));
  }
  if (status === 408) {
    return new ProviderError('timeout', `${ctx.baseUrl} timed out the request (408: ${said}) — try again.`, opts(true));
  }
  if (status >= 500) {
    return new ProviderError('server', `${ctx.baseUrl} failed with ${status} (${said}) — the server had a problem; try again later.`, opts(true));
  }
  return new ProviderError('bad_request', `${ctx.baseUrl} rejected the request (${status}: ${said}) — check the model id '${ctx.model}' and the provider settings.`, opts(false));
}

/** Any error thrown while sending or streaming one attempt (abort and idle timeout are handled by the caller). */
export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  if (err instanceof APIConnectionTimeoutError) {
    return new ProviderError('timeout', `no answer from ${ctx.baseUrl} in time — check the server, or raise the timeout.`, { retryable: true, cause: safeCause(err, ctx.apiKey) });
  }
  if (err instanceof APIUserAbortError) {
    return new ProviderError('cancelled', 'the request was cancelled.', { cause: safeCause(err, ctx.apiKey) });
  }
  if (err instanceof APIConnectionError) {
    const code = errorCode(err);
    if (code === 'ENOTFOUND') {
      // A name that does not resolve stays unresolved: retrying only delays the message.
      return new ProviderError('network', `the host name of ${ctx.baseUrl} does not resolve (ENOTFOUND) — check the base URL for a typo, and the network's DNS.`, { retryable: false, cause: safeCause(err, ctx.apiKey) });
    }
    if (code === 'ECONNREFUSED') {
      return new ProviderError('network', `could not reach ${ctx.baseUrl}: nothing is listening there (ECONNREFUSED) — start the server, or fix the host and port in the base URL.`, { retryable: true, cause: safeCause(err, ctx.apiKey) });
    }
    return new ProviderError('network', `could not reach ${ctx.baseUrl} (${redact(causeText(err.cause ?? err), ctx.apiKey)}) — check that the server is running and the base URL is right.`, { retryable: true, cause: safeCause(err, ctx.apiKey) });
  }
  if (err instanceof APIError) {
    if (typeof err.status === 'number') return fromStatus(err.status, err, ctx);
    // An error object sent inside the stream (status unknown).
    return new ProviderError('server', `${ctx.baseUrl} reported an error mid-stream (${redact(serverMessage(err), ctx.apiKey)}) — try again.`, { retryable: true, cause: safeCause(err, ctx.apiKey) });
  }
  if (err instanceof SyntaxError) {
    return new ProviderError('malformed', `${ctx.baseUrl} sent a response that is not valid OpenAI JSON (${redact(err.message, ctx.apiKey)}) — is the base URL an OpenAI-compatible endpoint?`, { cause: safeCause(err, ctx.apiKey) });
  }
  // The body stream broke (undici "terminated", ECONNRESET, socket hang up).
  return new ProviderError('network', `the connection to ${ctx.baseUrl} broke (${redact(causeText(err), ctx.apiKey)}) — check the network or the server.`, { retryable: true, cause: safeCause(err, ctx.apiKey) });
}
