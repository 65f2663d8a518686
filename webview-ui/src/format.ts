// Number formatting for a narrow panel: short but exact enough to trust.
import type { BudgetUnit } from '../../src/core/protocol';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function fmtCount(n: number): string {
  if (n < 10_000) return int.format(n);
  if (n < 1_000_000) return `${(n / 1_000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}

export function fmtUsd(n: number): string {
  if (n === 0) return '$0';
  if (n < 0.01) return `$${n.toFixed(4)}`;
  if (n < 100) return `$${n.toFixed(n < 1 ? 3 : 2)}`;
  return `$${int.format(n)}`;
}

export function fmtSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function fmtBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KB`;
  return `${(b / 1024 / 1024).toFixed(1)} MB`;
}

export function fmtUnit(n: number, unit: BudgetUnit): string {
  switch (unit) {
    case 'usd':
      return fmtUsd(n);
    case 'seconds':
      return fmtSeconds(n);
    default:
      return fmtCount(n);
  }
}

/** Exact value for tooltips and screen readers. */
export function fmtExact(n: number, unit: BudgetUnit): string {
  if (unit === 'usd') return `$${n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`;
  if (unit === 'seconds') return `${Number.isInteger(n) ? n : n.toFixed(1)} s`;
  return `${int.format(n)} ${unit}`;
}

export function fmtTime(ts: number): string {
  const d = new Date(ts);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function fmtDateTime(ts: number): string {
  const d = new Date(ts);
  return `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** Compact: a time today, a date otherwise. */
export function fmtWhen(ts: number, now = Date.now()): string {
  const d = new Date(ts);
  if (new Date(now).toDateString() === d.toDateString()) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
}

export const STOP_LABEL: Record<string, string> = {
  answer: 'Finished (answer)',
  'budget:tool_calls': 'Stopped: tool-call cap',
  'budget:tokens': 'Stopped: token cap',
  'budget:usd': 'Stopped: money cap',
  'budget:time': 'Stopped: time cap',
  cancelled: 'Cancelled',
  error: 'Error',
};

export const STOP_SHORT: Record<string, string> = {
  answer: 'Answer',
  'budget:tool_calls': 'Tool cap',
  'budget:tokens': 'Token cap',
  'budget:usd': 'USD cap',
  'budget:time': 'Time cap',
  cancelled: 'Cancelled',
  error: 'Error',
};
