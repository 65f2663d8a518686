// The answer (candidate or final) and the model's live output tail, as text.
import type { PanelState } from '../../../src/core/protocol';
import { h, icon, setText } from '../dom';

export class AnswerView {
  readonly el: HTMLElement;
  private readonly badge = h('span', { class: 'pill', id: 'answer-badge' });
  private readonly text = h('div', { class: 'answer-text', id: 'answer-text', tabindex: 0 });
  private readonly streamHead = h('h3', { class: 'sub', text: 'Model output (live)' });
  private readonly stream = h('pre', { class: 'stream', id: 'stream-tail', 'aria-hidden': 'true' });
  private readonly error = h('p', { class: 'run-error', id: 'run-error', role: 'alert' });
  private lastKey = '';

  constructor() {
    this.el = h(
      'section',
      { class: 'card', id: 'answer', 'aria-labelledby': 'answer-title' },
      h('div', { class: 'card-head' }, h('h2', { id: 'answer-title' }, icon('comment'), ' Answer'), this.badge),
      this.error,
      this.text,
      this.streamHead,
      this.stream,
    );
    this.el.hidden = true;
  }

  render(s: PanelState): void {
    const key = `${s.answer?.text.length}|${s.answer?.final}|${s.answer?.verified}|${s.streamTail.length}|${s.streaming}|${s.run?.error}|${s.status}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    const showStream = s.streaming && s.streamTail.length > 0;
    this.el.hidden = !s.answer && !showStream && !s.run?.error;
    this.text.hidden = !s.answer;
    if (s.answer) setText(this.text, s.answer.text);
    this.badge.hidden = !s.answer;
    setText(this.badge, s.answer ? (s.answer.final ? (s.answer.verified ? 'Final · verified' : 'Final') : s.answer.verified ? 'Candidate · verified' : 'Candidate') : '');
    this.badge.className = `pill ${s.answer?.verified ? 'ok' : ''}`;
    this.streamHead.hidden = !showStream;
    this.stream.hidden = !showStream;
    if (showStream) setText(this.stream, tail(s.streamTail, 240));
    this.error.hidden = !s.run?.error;
    setText(this.error, s.run?.error ? `Error: ${s.run.error}` : '');
  }
}

/** The last ~n characters, starting at a word boundary. */
function tail(text: string, n: number): string {
  if (text.length <= n) return text;
  const cut = text.slice(-n);
  const space = cut.indexOf(' ');
  return `…${space > 0 && space < 30 ? cut.slice(space + 1) : cut}`;
}
