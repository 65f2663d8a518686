import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRouteMode } from '../../../src/core/agent/router';
import { ofType, runScripted, text, toolCall, verdict } from './harness';

test('router: parses the mode word', () => {
  assert.equal(parseRouteMode('Agentic.'), 'agentic');
  assert.equal(parseRouteMode('reasoning'), 'reasoning');
  assert.equal(parseRouteMode('no idea'), null);
});

test('router (auto): agentic picks BATS after one small route call', async () => {
  const h = await runScripted([text('agentic'), toolCall('list_files', {}), text('<answer>42</answer>'), verdict('SUCCESS')], { strategy: 'auto' });
  assert.equal(h.summary.strategy, 'bats');
  assert.equal(h.summary.answer, '42');
  const calls = ofType(h.events, 'model_call');
  assert.equal(calls[0]?.purpose, 'route');
  assert.ok((calls[0]?.maxOutputTokens ?? 99) <= 8, 'the route call is cheap');
});

test('router (auto): instant picks a plain ReAct answer; reasoning picks Plan-and-Budget', async () => {
  const instant = await runScripted([text('instant'), text('Paris')], { strategy: 'auto' });
  assert.equal(instant.summary.strategy, 'react');
  assert.equal(instant.summary.answer, 'Paris');
  const reasoning = await runScripted(
    [text('reasoning'), text('{"sub_questions": ["a", "b"]}'), text('{"complexity": 1, "credits": [50, 50]}'), text('A'), text('B'), text('AB')],
    { strategy: 'auto' },
  );
  assert.equal(reasoning.summary.strategy, 'plan-and-budget');
  assert.equal(reasoning.summary.answer, 'AB');
});
