import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventStream } from '../../../src/core/events/emitter';
import type { AgentEvent } from '../../../src/core/events/types';

const log = (message: string): AgentEvent => ({ type: 'log', runId: 'r1', ts: 0, level: 'info', message });

test('a listener that throws does not stop delivery to the others', () => {
  const stream = new EventStream();
  const seen: string[] = [];
  stream.on(() => {
    throw new Error('broken subscriber');
  });
  stream.on((e) => seen.push(e.type === 'log' ? e.message : e.type));
  stream.emit(log('a'));
  stream.emit(log('b'));
  assert.deepEqual(seen, ['a', 'b']);
});

test('a disposed listener receives nothing more', () => {
  const stream = new EventStream();
  let count = 0;
  const sub = stream.on(() => count++);
  stream.emit(log('a'));
  sub.dispose();
  stream.emit(log('b'));
  assert.equal(count, 1);
});
