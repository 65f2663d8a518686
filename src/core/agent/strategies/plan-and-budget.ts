// Plan-and-Budget (methods.md §2): decompose into 2–5 sub-questions, rate the
// complexity and credit each, split the word budget with the chosen schedule,
// answer each sub-question under its soft budget, then synthesize. The best
// answer is held all along: the latest sub-answer until the synthesis lands.
import { z } from 'zod';
import type { StopReason } from '../../budget/usage';
import type { ChatMessage } from '../../models/types';
import { allocateBudget, normalizeCredits, totalBudgetFor } from '../allocation';
import { CandidateRank, type RunContext } from '../context';
import { callModel } from '../model-call';
import { hasTools, solveWithTools } from './react';
import { DECOMPOSE_SYSTEM, rateUser, subAnswerUser, synthesizeUser } from '../prompts';

/** Tokens per word used to turn a soft word budget into a hard completion cap with slack. */
const TOKENS_PER_WORD_CAP = 2;
const JSON_REPLY_TOKENS = 400;
/** Tool calls per sub-question when the run has no tool-call cap to split. */
const UNCAPPED_TOOL_SHARE = 8;

/**
 * Each sub-question's share of the remaining tool calls, in proportion to its
 * word budget (the same floor-and-remainder split as the word budgets).
 */
export function toolCallShares(remainingToolCalls: number | undefined, wordBudgets: readonly number[]): number[] {
  if (remainingToolCalls === undefined) return wordBudgets.map(() => UNCAPPED_TOOL_SHARE);
  return allocateBudget(Math.max(0, Math.floor(remainingToolCalls)), wordBudgets, 'constant');
}

const DecomposeSchema = z.object({ sub_questions: z.array(z.string().min(1)).min(1) });
const RateSchema = z.object({ complexity: z.number(), credits: z.array(z.number()) });

function firstJson(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/** Sub-questions from the decomposition reply: 2–5 kept; unusable replies fall back to the task itself. */
export function parseSubQuestions(text: string, task: string): string[] {
  const parsed = DecomposeSchema.safeParse(firstJson(text));
  if (!parsed.success) return [task];
  return parsed.data.sub_questions.map((q) => q.trim()).filter(Boolean).slice(0, 5);
}

/** Complexity (1..5) and credits (sum 100) from the rating reply, validated and renormalized. */
export function parseRating(text: string, n: number): { complexity: number; credits: number[] } {
  const parsed = RateSchema.safeParse(firstJson(text));
  const complexity = parsed.success && Number.isFinite(parsed.data.complexity) ? Math.min(5, Math.max(1, Math.round(parsed.data.complexity))) : 3;
  return { complexity, credits: normalizeCredits(parsed.success ? parsed.data.credits : undefined, n) };
}

async function ask(ctx: RunContext, purpose: string, messages: ChatMessage[], wanted: number): Promise<string> {
  const result = await callModel(ctx, { purpose, messages, wantedMaxOutputTokens: wanted, minUsefulOutputTokens: 16 });
  return result.text.trim();
}

export async function planAndBudgetStrategy(ctx: RunContext): Promise<StopReason> {
  const task = ctx.options.task;
  ctx.nextStep();
  const decomposition = await ask(ctx, 'decompose', [
    { role: 'system', content: DECOMPOSE_SYSTEM },
    { role: 'user', content: task },
  ], JSON_REPLY_TOKENS);
  const questions = parseSubQuestions(decomposition, task);

  ctx.nextStep();
  const rating = parseRating(await ask(ctx, 'rate', [{ role: 'user', content: rateUser(task, questions) }], JSON_REPLY_TOKENS), questions.length);
  const total = totalBudgetFor(rating.complexity, ctx.options.complexityBudgets);
  const budgets = allocateBudget(total, rating.credits, ctx.options.schedule ?? 'cosine');
  ctx.emit({
    type: 'log',
    level: 'info',
    message: `plan-and-budget: complexity ${rating.complexity}, ${total} words over ${questions.length} sub-question(s): ${budgets.join(', ')}`,
  });

  // In a workspace, each sub-question is worked on with the tools (tracker
  // loop) under its share of the tool calls; without tools it is answered
  // from the model's knowledge, as in the paper.
  const shares = hasTools(ctx) ? toolCallShares(ctx.budget.remaining().toolCalls, budgets) : undefined;
  const answers: { q: string; a: string }[] = [];
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i]!;
    const words = Math.max(1, budgets[i] ?? 1);
    const prompt = subAnswerUser(task, answers, q, words);
    let a: string;
    if (shares) {
      a = (await solveWithTools(ctx, prompt, { tracker: true, toolCallShare: shares[i] ?? 0 })).trim();
    } else {
      ctx.nextStep();
      a = await ask(ctx, 'answer', [{ role: 'user', content: prompt }], Math.ceil(words * TOKENS_PER_WORD_CAP) + 16);
    }
    answers.push({ q, a });
    ctx.offer(a, CandidateRank.interim);
  }
  if (questions.length === 1 && questions[0] === task) return 'answer';

  ctx.nextStep();
  const final = await ask(ctx, 'synthesize', [{ role: 'user', content: synthesizeUser(task, answers) }], Math.ceil(total * TOKENS_PER_WORD_CAP) + 16);
  ctx.offer(final, CandidateRank.unverified);
  return 'answer';
}
