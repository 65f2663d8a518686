// ARIA live regions: status and tier changes (polite), errors (assertive),
// plus a visible error banner.
import type { PanelState } from '../../src/core/protocol';
import { h, icon } from './dom';
import { STOP_LABEL, fmtCount, fmtUsd } from './format';

export class Announcer {
  readonly polite = h('div', { id: 'announcer', class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  readonly banner = h('div', { id: 'error-banner', class: 'banner', role: 'alert' });
  private readonly bannerText = h('span', { class: 'banner-text' });

  constructor() {
    const close = h('button', { class: 'banner-close', 'aria-label': 'Dismiss error', title: 'Dismiss' }, icon('close'));
    close.addEventListener('click', () => (this.banner.hidden = true));
    this.banner.append(icon('error'), this.bannerText, close);
    this.banner.hidden = true;
  }

  say(text: string): void {
    // re-set so that repeated messages are announced again
    this.polite.textContent = '';
    window.setTimeout(() => (this.polite.textContent = text), 30);
  }

  private bannerContext: string | undefined;

  error(text: string, context?: string): void {
    this.bannerText.textContent = text;
    this.bannerContext = context;
    this.banner.hidden = false;
  }

  /** Hides the banner if it shows an error of this context (e.g. 'config' once fresh settings arrive). */
  clear(context: string): void {
    if (this.bannerContext === context) this.banner.hidden = true;
  }

  /** Announces what changed between two states (run start/finish, tier). */
  diff(prev: PanelState, next: PanelState): void {
    const msgs: string[] = [];
    if (next.run && next.run.runId !== prev.run?.runId) msgs.push(`Run started with ${next.run.strategy} on ${next.run.model || 'the default model'}.`);
    if (next.tier !== prev.tier && next.run) {
      msgs.push(`Budget tier ${next.tier}: ${Math.round(next.fractionRemaining * 100)} percent of the tightest budget${next.tightest ? ` (${next.tightest.replace(/_/g, ' ')})` : ''} left.`);
    }
    if (next.status === 'finished' && (prev.status !== 'finished' || prev.run?.runId !== next.run?.runId)) {
      const why = STOP_LABEL[next.run?.stoppedBy ?? ''] ?? 'Finished';
      msgs.push(`Run finished. ${why}. Spent ${fmtUsd(next.spent.usd)}, ${fmtCount(next.spent.inputTokens + next.spent.outputTokens)} tokens, ${next.spent.toolCalls} tool calls.`);
    }
    if (msgs.length) this.say(msgs.join(' '));
  }
}
