import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventCoalescer, compactEvents, foldEvents, initialPanelState, parseToWebview } from '../../../src/core/protocol';
import type { AgentEvent } from '../../../src/core/events/types';
import { scriptedRun } from './script';

/** A manual clock: timers fire only when the test advances it. */
function manualTimers() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  return {
    setTimer: (fn: () => void, ms: number) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimer: (h: unknown) => {
      const i = timers.findIndex((t) => t.id === h);
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        due.fn();
      }
    },
  };
}

test('compaction merges deltas and drops superseded spend, keeping the fold identical in totals', () => {
  const { events, ledger } = scriptedRun({ steps: 30 });
  const compact = compactEvents(events);
  assert.ok(compact.length < events.length / 3, `${compact.length} vs ${events.length}`);
  const a = foldEvents(initialPanelState(), events);
  const b = foldEvents(initialPanelState(), compact);
  assert.deepEqual(b.spent, ledger);
  assert.deepEqual(b.spent, a.spent);
  assert.deepEqual(b.plan, a.plan);
  assert.deepEqual(b.timeline.map((t) => ({ ...t, id: 0, ts: 0 })), a.timeline.map((t) => ({ ...t, id: 0, ts: 0 })));
  assert.equal(b.answer?.text, a.answer?.text);
  assert.equal(b.streamTail, a.streamTail);
  assert.equal(b.tier, a.tier);
});

test('compaction keeps the last spend of each run across run boundaries', () => {
  const a = scriptedRun({ runId: 'a', steps: 3 });
  const b = scriptedRun({ runId: 'b', steps: 3, startTs: 1_800_000_000_000 });
  const compact = compactEvents([...a.events, ...b.events]);
  const spends = compact.filter((e): e is Extract<AgentEvent, { type: 'spend' }> => e.type === 'spend');
  assert.deepEqual(spends.map((s) => s.runId), ['a', 'b']);
  assert.deepEqual(spends[0]!.spent, a.ledger);
  assert.deepEqual(spends[1]!.spent, b.ledger);
});

test('the coalescer batches per interval, every batch is a valid message, and the final numbers are exact', () => {
  const { events, ledger } = scriptedRun({ steps: 200, deltasPerCall: 25 });
  const clock = manualTimers();
  const batches: AgentEvent[][] = [];
  const c = new EventCoalescer({ flush: (b) => batches.push(b), intervalMs: 50, setTimer: clock.setTimer, clearTimer: clock.clearTimer });
  // 10 events per simulated millisecond (10,000 events/s)
  for (let i = 0; i < events.length; i++) {
    c.push(events[i]!);
    if (i % 10 === 9) clock.advance(1);
  }
  clock.advance(100);
  assert.equal(c.pending, 0);
  assert.ok(batches.length >= Math.floor(events.length / 10 / 50) - 1, `${batches.length} batches`);
  let state = initialPanelState();
  for (const b of batches) {
    const wire = JSON.parse(JSON.stringify({ type: 'events', events: b })) as unknown;
    const parsed = parseToWebview(wire);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    if (parsed.ok && parsed.message.type === 'events') state = foldEvents(state, parsed.message.events);
  }
  assert.deepEqual(state.spent, ledger);
  assert.equal(state.status, 'finished');
  assert.equal(c.stats.received, events.length);
  assert.ok(c.stats.sent < events.length);
});

test('run_finished flushes at once; dispose flushes what is left and stops accepting', () => {
  const clock = manualTimers();
  const batches: AgentEvent[][] = [];
  const c = new EventCoalescer({ flush: (b) => batches.push(b), setTimer: clock.setTimer, clearTimer: clock.clearTimer });
  const { events } = scriptedRun({ steps: 2 });
  for (const e of events) c.push(e);
  assert.equal(batches.length, 1, 'flushed by run_finished without waiting for the timer');
  c.push({ type: 'log', runId: 'run-1', ts: 1, level: 'info', message: 'x' });
  c.dispose();
  assert.equal(batches.length, 2);
  c.push({ type: 'log', runId: 'run-1', ts: 2, level: 'info', message: 'y' });
  clock.advance(1_000);
  assert.equal(batches.length, 2);
});
