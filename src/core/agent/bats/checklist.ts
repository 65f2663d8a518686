// The BATS planning checklist (methods.md §1): a tree of sub-goals the model
// rewrites every step with `[ ] [x] [!] [~]`, to which the run attributes the
// spend of each step. Items are matched across rewrites by their text, so an
// item keeps what was spent on it when the model re-marks or re-orders it.
import type { PlanItem, PlanStatus } from '../../events/types';

const MARKS: Record<string, PlanStatus> = { ' ': 'open', x: 'done', X: 'done', '!': 'failed', '~': 'partial' };
const SYMBOL: Record<PlanStatus, string> = { open: '[ ]', done: '[x]', failed: '[!]', partial: '[~]' };
const LINE = /^(\s*)(?:[-*+]\s+|\d+[.)]\s+)?\[([ xX!~])\]\s*(.+?)\s*$/;

export interface StepSpend {
  tokens: number;
  toolCalls: number;
  usd: number;
}

const key = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

function flatten(items: readonly PlanItem[]): PlanItem[] {
  return items.flatMap((item) => [item, ...flatten(item.children ?? [])]);
}

/** Parses checklist lines (inside <plan>…</plan> when present) into a tree; [] when there are none. */
export function parseChecklist(text: string): PlanItem[] {
  const block = /<plan>([\s\S]*?)(?:<\/plan>|$)/i.exec(text)?.[1] ?? text;
  const roots: PlanItem[] = [];
  const stack: { depth: number; item: PlanItem }[] = [];
  for (const line of block.split(/\r?\n/)) {
    const m = LINE.exec(line);
    if (!m) continue;
    const depth = Math.floor((m[1] ?? '').replace(/\t/g, '  ').length / 2);
    const item: PlanItem = { id: '', text: m[3] ?? '', status: MARKS[m[2] ?? ' '] ?? 'open', spent: { tokens: 0, toolCalls: 0, usd: 0 } };
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1]?.item;
    const siblings = parent ? (parent.children ??= []) : roots;
    item.id = parent ? `${parent.id}.${siblings.length + 1}` : `${siblings.length + 1}`;
    siblings.push(item);
    stack.push({ depth, item });
  }
  return roots;
}

export class Checklist {
  private roots: PlanItem[] = [];

  get items(): PlanItem[] {
    return structuredClone(this.roots);
  }

  get isEmpty(): boolean {
    return this.roots.length === 0;
  }

  /** Adopts the plan in the model's reply, if it wrote one; returns whether it did. */
  update(text: string): boolean {
    const next = parseChecklist(text);
    if (next.length === 0) return false;
    const previous = new Map(flatten(this.roots).map((item) => [key(item.text), item.spent]));
    for (const item of flatten(next)) item.spent = { ...(previous.get(key(item.text)) ?? item.spent) };
    this.roots = next;
    return true;
  }

  /**
   * Attributes a step's spend to the item being worked on: the first leaf that
   * is open or partial (the last item when all are closed).
   */
  charge(spend: StepSpend): void {
    const all = flatten(this.roots);
    const leaves = all.filter((item) => !item.children?.length);
    const active = leaves.find((item) => item.status === 'open' || item.status === 'partial') ?? leaves[leaves.length - 1];
    if (!active) return;
    active.spent.tokens += spend.tokens;
    active.spent.toolCalls += spend.toolCalls;
    active.spent.usd += spend.usd;
  }

  /** The plan as shown back to the model, with spend per item (children's spend included). */
  render(): string {
    const total = (item: PlanItem): StepSpend =>
      (item.children ?? []).map(total).reduce(
        (a, b) => ({ tokens: a.tokens + b.tokens, toolCalls: a.toolCalls + b.toolCalls, usd: a.usd + b.usd }),
        { ...item.spent },
      );
    const lines: string[] = [];
    const walk = (items: readonly PlanItem[], depth: number) => {
      for (const item of items) {
        const s = total(item);
        const spent = `tokens ${s.tokens.toLocaleString('en-US')}, tool calls ${s.toolCalls}${s.usd > 0 ? `, $${s.usd.toFixed(4)}` : ''}`;
        lines.push(`${'  '.repeat(depth)}${SYMBOL[item.status]} ${item.text} (spent: ${spent})`);
        walk(item.children ?? [], depth + 1);
      }
    };
    walk(this.roots, 0);
    return `<plan>\n${lines.join('\n')}\n</plan>`;
  }
}
