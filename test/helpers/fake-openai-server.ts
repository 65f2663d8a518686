// A scripted, deterministic OpenAI-compatible HTTP server for tests.
//
//   const server = await startFakeOpenAI([
//     streamReply({ text: ['Hel', 'lo'] }),
//     errorReply(429, { retryAfter: 0.01 }),
//     (body) => longestCompletion(body),
//   ]);
//   const provider = new OpenAIProvider({ baseUrl: server.baseUrl, apiKey: 'k', model: 'gpt-4o' });
//   ...
//   assert.equal(server.requests[0]?.body.max_tokens, 100);
//   await server.close();
//
// It listens on 127.0.0.1 with an ephemeral port; `baseUrl` ends in `/v1`.
// Routes: POST /v1/chat/completions (also /chat/completions) answers from the
// script; GET /v1/models (also /models) lists `options.models`. Anything else
// answers 404 with an OpenAI-style error body.
//
// The script is either a list (request i gets entry i; an entry may itself be
// a function of the body) or one function `(body, index, request) => reply`.
// When a list runs out the server answers 418 with a message naming the
// request number, which is never retried by a provider and shows up plainly in
// a failing test.
//
// A `stream` reply to a request without `stream: true` is served as the
// equivalent JSON completion, so one script fits both modes.
//
// Defaults mirror OpenAI: a stream sends its usage chunk only when the request
// asked for it (`stream_options.include_usage`), and the completion is cut at
// the request's `max_completion_tokens` / `max_tokens` (content, reasoning and
// tool-call arguments all count, as on OpenAI), with finish_reason 'length'.
// Token counts use gpt-tokenizer (o200k_base), so `fillerText(n)` is exactly
// n tokens and `longestCompletion(body)` is the adversarial server's answer:
// exactly the largest completion the request allowed.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { decode, encode } from 'gpt-tokenizer';

// ---------------------------------------------------------------- replies

/** One step of a stream: each becomes one SSE chunk (or raw line). */
export type FakeDelta =
  | { content: string }
  | { reasoning: string }
  /** A tool-call fragment: send id/name on the first fragment of a call, arguments on any. */
  | { toolCall: { index: number; id?: string; name?: string; arguments?: string } }
  /** A whole chunk object sent as `data: <JSON>` verbatim. */
  | { raw: unknown }
  /** Literal text written to the stream as is (malformed SSE, comments, …). Include your own newlines. */
  | { rawLine: string };

export interface FakeUsage {
  /** Default: o200k token count of every message's content + 3 per message + 3. */
  promptTokens?: number;
  /** Default: tokens of what was actually streamed (content + reasoning + tool arguments). */
  completionTokens?: number;
  /** Sent as prompt_tokens_details.cached_tokens when set. */
  cachedTokens?: number;
  /** Sent as completion_tokens_details.reasoning_tokens when set (default: reasoning tokens streamed, if any). */
  reasoningTokens?: number;
}

export interface FakeToolCall {
  id: string;
  name: string;
  /** Argument text split into fragments, each streamed as its own chunk. */
  argumentFragments: string[];
}

export interface StreamReply {
  type: 'stream';
  /** Content pieces, one chunk each (sent after reasoning, before tool calls). */
  text?: string[];
  /** Reasoning pieces, sent first, in `delta[reasoningField]`. */
  reasoning?: string[];
  /** Tool calls, streamed one after another as fragments (use `deltas` to interleave). */
  toolCalls?: FakeToolCall[];
  /** Explicit delta order; when given, text/reasoning/toolCalls are ignored. */
  deltas?: FakeDelta[];
  /** Default 'stop', or 'tool_calls' when tool calls were sent, or 'length' when cut at max tokens. null: send none. */
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter' | null;
  /** Override counts; `false` sends no usage chunk even when the request asked for one. */
  usage?: FakeUsage | false;
  /** Send the usage chunk even when the request did not ask for it. */
  usageAlways?: boolean;
  /**
   * Shape of the usage chunk: 'empty' (`choices: []`, OpenAI), 'null'
   * (`choices: null`), 'absent' (no `choices` key), or 'on-finish' (usage
   * attached to the chunk that carries finish_reason; no separate chunk).
   */
  usageChoices?: 'empty' | 'null' | 'absent' | 'on-finish';
  /** Field carrying reasoning deltas: 'reasoning_content' (vLLM, DeepSeek; default) or 'reasoning' (OpenRouter, Ollama). */
  reasoningField?: 'reasoning_content' | 'reasoning';
  /** Delay before every chunk after the first (ms). */
  delayMs?: number;
  /** Destroy the connection after this many deltas have been sent (no finish, no usage, no [DONE]). */
  dropAfter?: number;
  /** Do not send `data: [DONE]`. */
  omitDone?: boolean;
  /** Cut at the request's max tokens (default true). */
  enforceMaxTokens?: boolean;
  /** Chunk/completion id; also sent as the `x-request-id` header. Default `chatcmpl-fake-<index>`. */
  id?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export interface JsonReply {
  type: 'json';
  text?: string;
  /** Sent as message.reasoning_content. */
  reasoning?: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  usage?: FakeUsage | false;
  enforceMaxTokens?: boolean;
  id?: string;
  headers?: Record<string, string>;
}

export interface ErrorReply {
  type: 'error';
  status: number;
  /** Retry-After header: a number is seconds (may be fractional, e.g. 0.02), a string is sent as is (HTTP date). */
  retryAfter?: number | string;
  /** JSON body; default `{ error: { message, type, code } }`. */
  body?: unknown;
  message?: string;
  headers?: Record<string, string>;
}

/** Reads the request and destroys the socket without answering. */
export interface DropReply {
  type: 'drop';
}

/** Sends 200 + SSE headers and then nothing until the client gives up. */
export interface HangReply {
  type: 'hang';
}

/** Any status, headers and body text (e.g. a 200 with HTML, or non-JSON). */
export interface RawReply {
  type: 'raw';
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

export type FakeReply = StreamReply | JsonReply | ErrorReply | DropReply | HangReply | RawReply;

/** The parsed request body (whatever the client sent). */
export type ChatBody = Record<string, unknown> & {
  model?: string;
  messages?: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  max_tokens?: number;
  max_completion_tokens?: number;
  reasoning_effort?: string;
  tools?: unknown[];
};

export type ReplyFn = (body: ChatBody, index: number, request: RecordedRequest) => FakeReply | Promise<FakeReply>;
export type FakeScript = ReplyFn | (FakeReply | ReplyFn)[];

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body ({} for GET or an unparsable body; raw text in `rawBody`). */
  body: ChatBody;
  rawBody: string;
  /** Index among chat-completion requests (-1 for other routes). */
  index: number;
  receivedAt: number;
  /** Set when the connection closed before the reply was completely written (a client abort, or a scripted drop). */
  clientClosedAt?: number;
  /** Set when the reply was completely written. */
  finishedAt?: number;
}

export interface FakeOpenAIOptions {
  /** Listed by GET /v1/models; strings become `{ id, object: 'model', owned_by: 'fake' }`. */
  models?: (string | Record<string, unknown>)[];
}

export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  port: number;
  /** Every request received, in order (chat and other routes). */
  requests: RecordedRequest[];
  /** Only the chat-completion requests, in order. */
  readonly chatRequests: RecordedRequest[];
  /** Closes the listener and destroys any open connection. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------- helpers

export function streamReply(fields: Omit<StreamReply, 'type'> = {}): StreamReply {
  return { type: 'stream', ...fields };
}

export function jsonReply(fields: Omit<JsonReply, 'type'> = {}): JsonReply {
  return { type: 'json', ...fields };
}

export function errorReply(status: number, fields: Omit<ErrorReply, 'type' | 'status'> = {}): ErrorReply {
  return { type: 'error', status, ...fields };
}

/** Exact o200k token count (special-token text counted as plain text). */
export function countFakeTokens(text: string): number {
  return encode(text, { disallowedSpecial: new Set() }).length;
}

/** Text that is exactly `n` o200k tokens (" a" repeated). */
export function fillerText(n: number): string {
  return ' a'.repeat(Math.max(0, n));
}

/** The request's completion cap: max_completion_tokens, else max_tokens, else undefined. */
export function maxTokensOf(body: ChatBody): number | undefined {
  const v = body.max_completion_tokens ?? body.max_tokens;
  return typeof v === 'number' ? v : undefined;
}

/**
 * The adversarial answer: a stream of exactly the largest completion the
 * request allows (`fallback` tokens when it set no cap), in chunks of
 * `chunkTokens` tokens, finish_reason 'length', usage reporting that many
 * completion tokens.
 */
export function longestCompletion(body: ChatBody, opts: { fallback?: number; chunkTokens?: number } & Omit<StreamReply, 'type'> = {}): StreamReply {
  const { fallback = 256, chunkTokens = 8, ...rest } = opts;
  const n = maxTokensOf(body) ?? fallback;
  const text: string[] = [];
  for (let left = n; left > 0; left -= chunkTokens) text.push(fillerText(Math.min(chunkTokens, left)));
  return { type: 'stream', text, finishReason: 'length', ...rest };
}

/** Prompt tokens as the fake server counts them (documented in FakeUsage). */
export function fakePromptTokens(body: ChatBody): number {
  let n = 3;
  for (const m of body.messages ?? []) {
    n += 3;
    if (typeof m.content === 'string') n += countFakeTokens(m.content);
    else if (m.content != null) n += countFakeTokens(JSON.stringify(m.content));
    if (m.tool_calls != null) n += countFakeTokens(JSON.stringify(m.tool_calls));
  }
  return n;
}

// ---------------------------------------------------------------- server

export async function startFakeOpenAI(script: FakeScript, options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let chatIndex = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: ChatBody = {};
      try {
        if (rawBody) body = JSON.parse(rawBody) as ChatBody;
      } catch {
        body = {};
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const isChat = req.method === 'POST' && /^(\/v1)?\/chat\/completions$/.test(path);
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body,
        rawBody,
        index: isChat ? chatIndex++ : -1,
        receivedAt: Date.now(),
      };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished && record.clientClosedAt === undefined) record.clientClosedAt = Date.now();
      });
      res.on('finish', () => {
        record.finishedAt = Date.now();
      });
      void route(record, req, res).catch((err: unknown) => {
        if (!res.headersSent) sendError(res, { type: 'error', status: 500, message: `fake-openai: script threw: ${String(err)}` });
        else res.destroy();
      });
    });
  });

  async function route(record: RecordedRequest, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (record.index >= 0) {
      const reply = await pickReply(record);
      await sendReply(reply, record, req, res);
      return;
    }
    if (req.method === 'GET' && /^(\/v1)?\/models$/.test(record.path)) {
      const data = (options.models ?? []).map((m) => (typeof m === 'string' ? { id: m, object: 'model', created: 0, owned_by: 'fake' } : m));
      sendJson(res, 200, { object: 'list', data });
      return;
    }
    sendError(res, { type: 'error', status: 404, message: `fake-openai: no route ${record.method} ${record.path}` });
  }

  async function pickReply(record: RecordedRequest): Promise<FakeReply> {
    const i = record.index;
    if (typeof script === 'function') return script(record.body, i, record);
    const entry = script[i];
    if (entry === undefined) {
      return { type: 'error', status: 418, message: `fake-openai: the script has no reply for chat request #${i} (it has ${script.length})` };
    }
    return typeof entry === 'function' ? entry(record.body, i, record) : entry;
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get chatRequests() {
      return requests.filter((r) => r.index >= 0);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------- writers

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: http.ServerResponse, reply: ErrorReply): void {
  const message = reply.message ?? `fake-openai: scripted error ${reply.status}`;
  const body = reply.body ?? { error: { message, type: errorType(reply.status), code: null, param: null } };
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
  sendJson(res, reply.status, body, headers);
}

function errorType(status: number): string {
  if (status === 401) return 'invalid_request_error';
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** Flushes what was written, then closes the socket mid-body (the client sees a truncated chunked stream). */
function dropConnection(res: http.ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end(() => socket.destroy());
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function sendReply(reply: FakeReply, record: RecordedRequest, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  switch (reply.type) {
    case 'error':
      return sendError(res, reply);
    case 'drop':
      req.socket.destroy();
      return;
    case 'hang':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.flushHeaders();
      return;
    case 'raw':
      res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers });
      res.end(reply.body);
      return;
    case 'json':
      return sendJsonCompletion(reply, record, res);
    case 'stream':
      // A stream scripted for a non-streaming request is served as one JSON completion.
      if (record.body.stream !== true) return sendJsonCompletion(streamAsJson(reply), record, res);
      return sendStream(reply, record, res);
  }
}

/** Cuts `text` to at most `left` tokens; returns the kept text and its token count. */
function cut(text: string, left: number): { text: string; tokens: number; truncated: boolean } {
  const toks = encode(text, { disallowedSpecial: new Set() });
  if (toks.length <= left) return { text, tokens: toks.length, truncated: false };
  return { text: decode(toks.slice(0, Math.max(0, left))), tokens: Math.max(0, left), truncated: true };
}

function usageObject(u: FakeUsage, record: RecordedRequest, streamedTokens: number, reasoningStreamed: number) {
  const prompt = u.promptTokens ?? fakePromptTokens(record.body);
  const completion = u.completionTokens ?? streamedTokens;
  const out: Record<string, unknown> = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (u.cachedTokens !== undefined) out.prompt_tokens_details = { cached_tokens: u.cachedTokens };
  const reasoning = u.reasoningTokens ?? (reasoningStreamed > 0 ? reasoningStreamed : undefined);
  if (reasoning !== undefined) out.completion_tokens_details = { reasoning_tokens: reasoning };
  return out;
}

function sendJsonCompletion(reply: JsonReply, record: RecordedRequest, res: http.ServerResponse): void {
  const cap = reply.enforceMaxTokens === false ? Infinity : maxTokensOf(record.body) ?? Infinity;
  let left = cap;
  let truncated = false;
  const take = (s: string | undefined) => {
    if (s === undefined) return undefined;
    const c = cut(s, left);
    left -= c.tokens;
    truncated ||= c.truncated;
    return c.text;
  };
  const reasoning = take(reply.reasoning);
  const reasoningTokens = cap === Infinity ? countFakeTokens(reply.reasoning ?? '') : cap - left;
  const text = take(reply.text);
  const toolCalls = reply.toolCalls?.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: take(t.arguments) ?? '' } }));
  const used = cap === Infinity ? countFakeTokens((reply.reasoning ?? '') + (reply.text ?? '') + (reply.toolCalls ?? []).map((t) => t.arguments).join('')) : cap - left;
  const id = reply.id ?? `chatcmpl-fake-${record.index}`;
  const message: Record<string, unknown> = { role: 'assistant', content: text ?? null };
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (toolCalls?.length) message.tool_calls = toolCalls;
  const finish = truncated ? 'length' : reply.finishReason ?? (toolCalls?.length ? 'tool_calls' : 'stop');
  const body: Record<string, unknown> = {
    id,
    object: 'chat.completion',
    created: 0,
    model: record.body.model ?? 'fake',
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
  };
  if (reply.usage !== false) body.usage = usageObject(reply.usage ?? {}, record, used, reasoning ? reasoningTokens : 0);
  sendJson(res, 200, body, { 'x-request-id': id, ...reply.headers });
}

function deltasOf(reply: StreamReply): FakeDelta[] {
  if (reply.deltas) return reply.deltas;
  const out: FakeDelta[] = [];
  for (const r of reply.reasoning ?? []) out.push({ reasoning: r });
  for (const t of reply.text ?? []) out.push({ content: t });
  (reply.toolCalls ?? []).forEach((call, index) => {
    const frags = call.argumentFragments.length ? call.argumentFragments : [''];
    frags.forEach((f, j) => out.push({ toolCall: j === 0 ? { index, id: call.id, name: call.name, arguments: f } : { index, arguments: f } }));
  });
  return out;
}

function streamAsJson(reply: StreamReply): JsonReply {
  let text = '';
  let reasoning = '';
  const calls: { id: string; name: string; arguments: string }[] = [];
  for (const d of deltasOf(reply)) {
    if ('content' in d) text += d.content;
    else if ('reasoning' in d) reasoning += d.reasoning;
    else if ('toolCall' in d) {
      const c = (calls[d.toolCall.index] ??= { id: '', name: '', arguments: '' });
      c.id ||= d.toolCall.id ?? '';
      c.name ||= d.toolCall.name ?? '';
      c.arguments += d.toolCall.arguments ?? '';
    }
  }
  const out: JsonReply = { type: 'json' };
  if (text) out.text = text;
  if (reasoning) out.reasoning = reasoning;
  if (calls.length) out.toolCalls = calls.filter(Boolean);
  if (reply.finishReason) out.finishReason = reply.finishReason;
  if (reply.usage !== undefined) out.usage = reply.usage;
  if (reply.enforceMaxTokens !== undefined) out.enforceMaxTokens = reply.enforceMaxTokens;
  if (reply.id !== undefined) out.id = reply.id;
  if (reply.headers !== undefined) out.headers = reply.headers;
  return out;
}

async function sendStream(reply: StreamReply, record: RecordedRequest, res: http.ServerResponse): Promise<void> {
  const id = reply.id ?? `chatcmpl-fake-${record.index}`;
  const model = record.body.model ?? 'fake';
  const reasoningField = reply.reasoningField ?? 'reasoning_content';
  const cap = reply.enforceMaxTokens === false ? Infinity : maxTokensOf(record.body) ?? Infinity;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': id, ...reply.headers });
  res.flushHeaders();

  const open = () => !res.destroyed && !res.writableEnded;
  const chunk = (choices: unknown, extra: Record<string, unknown> = {}) => ({ id, object: 'chat.completion.chunk', created: 0, model, choices, ...extra });
  const write = (obj: unknown) => {
    if (open()) res.write(`data: ${JSON.stringify(obj)}\n\n`);
  };
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => [{ index: 0, delta, finish_reason: finish, logprobs: null }];

  let used = 0;
  let reasoningUsed = 0;
  let truncated = false;
  let sentTools = false;
  let sent = 0;
  const deltas = deltasOf(reply);

  for (const d of deltas) {
    if (!open()) return;
    if (sent > 0 && reply.delayMs) await sleep(reply.delayMs);
    if (!open()) return;
    if (reply.dropAfter !== undefined && sent >= reply.dropAfter) {
      dropConnection(res);
      return;
    }
    if ('rawLine' in d) {
      res.write(d.rawLine);
    } else if ('raw' in d) {
      write(d.raw);
    } else {
      const piece = 'content' in d ? d.content : 'reasoning' in d ? d.reasoning : d.toolCall.arguments ?? '';
      const c = cut(piece, cap - used);
      used += c.tokens;
      if ('reasoning' in d) reasoningUsed += c.tokens;
      if ('content' in d) write(chunk(choice({ role: 'assistant', content: c.text })));
      else if ('reasoning' in d) write(chunk(choice({ role: 'assistant', content: null, [reasoningField]: c.text })));
      else {
        sentTools = true;
        const tc: Record<string, unknown> = { index: d.toolCall.index, function: { arguments: c.text } };
        if (d.toolCall.id !== undefined) {
          tc.id = d.toolCall.id;
          tc.type = 'function';
        }
        if (d.toolCall.name !== undefined) (tc.function as Record<string, unknown>).name = d.toolCall.name;
        write(chunk(choice({ role: 'assistant', content: null, tool_calls: [tc] })));
      }
      if (c.truncated) {
        truncated = true;
        sent++;
        break;
      }
    }
    sent++;
  }
  if (reply.dropAfter !== undefined && sent >= reply.dropAfter && !truncated) {
    if (reply.delayMs) await sleep(reply.delayMs);
    dropConnection(res);
    return;
  }
  if (reply.delayMs) await sleep(reply.delayMs);
  if (!open()) return;

  const finish = truncated ? 'length' : reply.finishReason === undefined ? (sentTools ? 'tool_calls' : 'stop') : reply.finishReason;
  const wantUsage = reply.usage !== false && (reply.usageAlways === true || record.body.stream_options?.include_usage === true);
  const usage = wantUsage ? usageObject(reply.usage || {}, record, used, reasoningUsed) : undefined;
  const shape = reply.usageChoices ?? 'empty';
  if (finish !== null) write(chunk(choice({}, finish), shape === 'on-finish' && usage ? { usage } : {}));
  if (usage && shape !== 'on-finish') {
    const u = chunk([], { usage });
    if (shape === 'null') u.choices = null;
    if (shape === 'absent') delete (u as Record<string, unknown>).choices;
    write(u);
  }
  if (!reply.omitDone && open()) res.write('data: [DONE]\n\n');
  if (open()) res.end();
}
