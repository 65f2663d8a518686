// The generation loop: prompt → KV-cached decoding → streamed text, with
// stops, caps, cancellation and thinking-budget forcing.
//
// Token accounting (what onUsage reports):
// - output tokens: every token after the prompt, generated or inserted by
//   budget forcing (the inserted ones are fed to the model like generated
//   ones and occupy the context); maxOutputTokens bounds this total;
// - reasoning tokens: tokens the model generated inside the thinking span;
// - answer tokens: tokens the model generated after it (own cap: Elastic Reasoning).

import type { ChatStreamEvent, FinishReason } from '../types';
import type { KvCacheSequence } from './kvCache';
import type { Sampler } from './sampler';
import { NeedleScanner } from './textScan';
import type { ResolvedMarkers, ThinkingLimits } from './thinking';
import { IncrementalDecoder } from './tokenizer';
import type { LocalTokenizer } from './tokenizer';

export interface GenerateParams {
  promptIds: number[];
  maxOutputTokens: number;
  /** Context window: prompt + output never exceeds it. */
  maxPositions: number;
  eosIds: readonly number[];
  stop?: readonly string[];
  markers?: ResolvedMarkers;
  /** The prompt left a thinking span open (e.g. a template ending in "<think>\n"). */
  startInThinking?: boolean;
  limits?: ThinkingLimits;
  signal?: AbortSignal;
  onEvent?: (event: ChatStreamEvent) => void;
}

export interface GenerateOutput {
  /** Tokens after the prompt, inserted ones included. */
  outputIds: number[];
  text: string;
  thinking: string;
  finishReason: FinishReason;
  reasoningTokens: number;
  answerTokens: number;
  insertedTokens: number;
}

/** 'pre': markers are configured and the output might still open with the start marker. */
type Phase = 'pre' | 'thinking' | 'answer';

export async function generate(seq: KvCacheSequence, sampler: Sampler, tokenizer: LocalTokenizer, p: GenerateParams): Promise<GenerateOutput> {
  const emit = p.onEvent ?? (() => undefined);
  const eos = new Set(p.eosIds);
  const markers = p.markers;
  const limits = p.limits ?? {};
  const cap = Math.max(0, Math.floor(p.maxOutputTokens));
  const out: number[] = [];
  let phase: Phase = !markers ? 'answer' : p.startInThinking ? 'thinking' : 'pre';
  // Held in an object: closures set it, and TS would otherwise keep a stale narrowing.
  const st: { finish?: FinishReason; stopString: boolean } = { stopString: false };
  let reasoning = 0;
  let answer = 0;
  let pre = 0;
  let inserted = 0;
  let text = '';
  let thinking = '';
  let preBuf = '';
  let decoder = new IncrementalDecoder(tokenizer);
  const stopScan = new NeedleScanner(p.stop?.filter((s) => s.length > 0) ?? []);
  const endScan = new NeedleScanner(markers ? [markers.end] : []);

  const sendText = (delta: string): void => {
    if (!delta || st.stopString) return;
    const r = stopScan.push(delta);
    if (r.emit) {
      text += r.emit;
      emit({ type: 'text', delta: r.emit });
    }
    if (r.matched !== undefined) {
      st.stopString = true;
      st.finish = 'stop';
    }
  };
  const sendThinking = (delta: string): void => {
    if (!delta) return;
    const r = endScan.push(delta);
    if (r.emit) {
      thinking += r.emit;
      emit({ type: 'thinking', delta: r.emit });
    }
    if (r.matched !== undefined) {
      // The model closed its thinking itself.
      phase = 'answer';
      sendText(r.after ?? '');
    }
  };
  /** Routes decoded text by phase; in 'pre', waits until the start marker is confirmed or ruled out. */
  const route = (delta: string): void => {
    if (!delta) return;
    if (phase === 'thinking') return sendThinking(delta);
    if (phase === 'answer') return sendText(delta);
    preBuf += delta;
    const head = preBuf.trimStart();
    if (head.startsWith(markers!.start)) {
      phase = 'thinking';
      reasoning += pre;
      sendThinking(head.slice(markers!.start.length));
    } else if (head.length > 0 && !markers!.start.startsWith(head)) {
      phase = 'answer';
      answer += pre;
      sendText(preBuf);
    }
  };
  const count = (): void => {
    if (phase === 'thinking') reasoning++;
    else if (phase === 'answer') answer++;
    else pre++;
  };
  const room = (): number => Math.min(cap - out.length, p.maxPositions - p.promptIds.length - out.length);
  /** Forced end of thinking: returns the ids to feed, or undefined when no answer token would fit. */
  const forceEnd = (): number[] | undefined => {
    const ins = markers!.forceIds;
    if (room() <= ins.length) return undefined;
    emit({ type: 'forced', action: 'end_thinking', atToken: out.length, inserted: markers!.forceText });
    out.push(...ins);
    inserted += ins.length;
    sendThinking(decoder.flush());
    const tail = endScan.flush();
    if (tail) {
      thinking += tail;
      emit({ type: 'thinking', delta: tail });
    }
    phase = 'answer';
    // The answer's first token keeps its leading space relative to the cue.
    decoder = new IncrementalDecoder(tokenizer, ins);
    return ins;
  };

  let feed: number[] = p.promptIds;
  if (phase === 'thinking' && limits.budgetTokens !== undefined && limits.budgetTokens <= 0) {
    const ins = forceEnd();
    if (ins) feed = [...feed, ...ins];
    else st.finish = 'length';
  }
  if (room() <= 0) st.finish = 'length';

  while (!st.finish) {
    if (p.signal?.aborted) {
      st.finish = 'cancelled';
      break;
    }
    const logits = await seq.feed(feed);
    // session.run is async: an abort that arrived meanwhile wins over the token.
    if (p.signal?.aborted) {
      st.finish = 'cancelled';
      break;
    }
    const tok = sampler.sample(logits);

    // Extension: thinking too short and the model wants to close it → "Wait".
    if (
      phase === 'thinking' &&
      limits.minTokens !== undefined &&
      reasoning < limits.minTokens &&
      tok === markers!.endTokenId &&
      room() > markers!.extendIds.length
    ) {
      emit({ type: 'forced', action: 'extend_thinking', atToken: out.length, inserted: markers!.extendText });
      out.push(...markers!.extendIds);
      inserted += markers!.extendIds.length;
      for (const id of markers!.extendIds) route(decoder.push(id));
      feed = markers!.extendIds;
      continue;
    }

    out.push(tok);
    count();
    feed = [tok];
    if (eos.has(tok)) {
      st.finish = 'stop';
      break;
    }
    route(decoder.push(tok));
    if (st.finish) break;
    if (room() <= 0) {
      st.finish = 'length';
      break;
    }
    if (phase === 'answer' && limits.answerTokens !== undefined && answer >= limits.answerTokens) {
      st.finish = 'length';
      break;
    }
    if (phase === 'thinking' && limits.budgetTokens !== undefined && reasoning >= limits.budgetTokens) {
      const ins = forceEnd();
      if (!ins) {
        st.finish = 'length';
        break;
      }
      // Feed the last sampled token and the insertion in one step.
      feed = [tok, ...ins];
    }
  }

  // Drain what was held back (incomplete characters, possible marker/stop prefixes).
  if (!st.stopString) route(decoder.flush());
  if (phase === 'pre') {
    phase = 'answer';
    answer += pre;
    sendText(preBuf);
  }
  if (phase === 'thinking') {
    const tail = endScan.flush();
    if (tail) {
      thinking += tail;
      emit({ type: 'thinking', delta: tail });
    }
  }
  const held = st.stopString ? '' : stopScan.flush();
  if (held) {
    text += held;
    emit({ type: 'text', delta: held });
  }
  return { outputIds: out, text, thinking, finishReason: st.finish ?? 'stop', reasoningTokens: reasoning, answerTokens: answer, insertedTokens: inserted };
}
