// BATS (methods.md §1): Budget Tracker + planning checklist + verification of
// every proposed answer, then dig deeper (CONTINUE) or pivot (PIVOT: the
// trajectory is replaced by its summary); on any cap the best candidate so far
// is returned (ranked by the verifier's decisions, see CandidateRank).
import type { Usage } from '../../budget/usage';
import type { ChatMessage } from '../../models/types';
import { Checklist } from '../bats/checklist';
import { renderTrajectory, verifyAnswer } from '../bats/verifier';
import { CandidateRank, type RunContext } from '../context';
import { callModel } from '../model-call';
import { BATS_SYSTEM, continueMessage, pivotMessage } from '../prompts';
import type { StopReason } from '../../budget/usage';
import { assistantMessage, cutOff, hasTools, plainAnswer, runToolCalls } from './react';

/** The proposed answer in a reply: the <answer> element, else the text without the plan. */
export function extractAnswer(text: string): string {
  const tagged = /<answer>([\s\S]*?)(?:<\/answer>|$)/i.exec(text);
  if (tagged) return (tagged[1] ?? '').trim();
  return text.replace(/<plan>[\s\S]*?(?:<\/plan>|$)/i, '').trim();
}

function spendSince(before: Usage, after: Usage) {
  return {
    tokens: after.inputTokens + after.outputTokens - before.inputTokens - before.outputTokens,
    toolCalls: after.toolCalls - before.toolCalls,
    usd: after.usd - before.usd,
  };
}

export async function batsStrategy(ctx: RunContext): Promise<StopReason> {
  if (!hasTools(ctx)) return plainAnswer(ctx);
  const specs = ctx.options.tools.specs();
  const plan = new Checklist();
  const system: ChatMessage = { role: 'system', content: BATS_SYSTEM };
  let messages: ChatMessage[] = [system, { role: 'user', content: `${ctx.options.task}\n\n${ctx.budget.trackerBlock()}` }];
  // Budget block + plan (with spend) appended to what the model reads next.
  const status = () => (plan.isEmpty ? ctx.budget.trackerBlock() : `${ctx.budget.trackerBlock()}\n${plan.render()}`);
  const publishPlan = () => ctx.emit({ type: 'plan_updated', items: plan.items });

  for (;;) {
    ctx.nextStep();
    const before = ctx.budget.spent();
    const result = await callModel(ctx, { purpose: 'act', messages, tools: specs });
    const planChanged = plan.update(result.text);
    messages.push(assistantMessage(result));

    if (result.toolCalls.length > 0) {
      const interim = extractAnswer(result.text);
      if (/<answer>/i.test(result.text)) ctx.offer(interim, CandidateRank.interim);
      try {
        await runToolCalls(ctx, messages, result, (content) => `${content}\n\n${ctx.budget.trackerBlock()}`);
      } finally {
        plan.charge(spendSince(before, ctx.budget.spent()));
        if (!plan.isEmpty) publishPlan();
      }
      // The plan with its spend rides on the step's last tool result.
      const last = messages[messages.length - 1]!;
      if (!plan.isEmpty) last.content = `${last.content}\n${plan.render()}`;
      continue;
    }

    if (cutOff(ctx, messages, result)) {
      plan.charge(spendSince(before, ctx.budget.spent()));
      continue;
    }
    // A proposed answer: verify it.
    const candidate = extractAnswer(result.text) || result.text.trim();
    const index = ctx.offer(candidate, CandidateRank.unverified);
    let verdict;
    try {
      verdict = await verifyAnswer(ctx, renderTrajectory(messages), candidate);
    } finally {
      plan.charge(spendSince(before, ctx.budget.spent()));
      if (planChanged || !plan.isEmpty) publishPlan();
    }
    ctx.emit({ type: 'verifier', decision: verdict.decision, justification: verdict.justification, candidate });
    if (verdict.decision === 'SUCCESS') {
      ctx.rerank(index, CandidateRank.verified);
      ctx.emit({ type: 'answer_candidate', answer: candidate, verified: true });
      return 'answer';
    }
    if (verdict.decision === 'CONTINUE') {
      if (verdict.valid) ctx.rerank(index, CandidateRank.continue);
      messages.push({ role: 'user', content: `${continueMessage(verdict.justification)}\n\n${status()}` });
      continue;
    }
    // PIVOT: drop the trajectory, keep what was learned, start a new line.
    ctx.rerank(index, CandidateRank.pivot);
    const summary = verdict.trajectory_summary.trim() || verdict.verification.trim() || verdict.justification;
    ctx.emit({ type: 'pivot', summary });
    messages = [system, { role: 'user', content: `${pivotMessage(ctx.options.task, summary, verdict.justification)}\n\n${status()}` }];
  }
}
