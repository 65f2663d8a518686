// The BATS verifier (methods.md §1): one call judges a proposed answer and
// returns JSON, validated with zod. An invalid reply is retried once with a
// reminder of the format; a second invalid reply counts as CONTINUE, the
// decision that neither accepts an unchecked answer nor throws work away.
import { z } from 'zod';
import type { ChatMessage } from '../../models/types';
import type { RunContext } from '../context';
import { callModel } from '../model-call';
import { VERIFIER_RETRY, VERIFIER_SYSTEM, verifierUser } from '../prompts';

export const VerdictSchema = z.object({
  verification: z.string(),
  decision: z.enum(['SUCCESS', 'CONTINUE', 'PIVOT']),
  justification: z.string(),
  trajectory_summary: z.string(),
});

export type Verdict = z.infer<typeof VerdictSchema> & {
  /** False when the verifier's replies were not valid (the decision is the CONTINUE fallback). */
  valid: boolean;
};

/** Extracts and validates the verdict JSON (tolerates code fences and text around the object). */
export function parseVerdict(text: string): { ok: true; verdict: z.infer<typeof VerdictSchema> } | { ok: false; error: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, error: 'no JSON object in the reply' };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  const parsed = VerdictSchema.safeParse(json);
  return parsed.success ? { ok: true, verdict: parsed.data } : { ok: false, error: z.prettifyError(parsed.error) };
}

const VERIFY_MAX_OUTPUT = 800;
const VERIFY_MIN_OUTPUT = 48;

export async function verifyAnswer(ctx: RunContext, trajectory: string, candidate: string): Promise<Verdict> {
  const messages: ChatMessage[] = [
    { role: 'system', content: VERIFIER_SYSTEM },
    { role: 'user', content: verifierUser(ctx.options.task, trajectory, candidate, ctx.budget.trackerBlock()) },
  ];
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await callModel(ctx, {
      purpose: 'verify',
      messages,
      wantedMaxOutputTokens: VERIFY_MAX_OUTPUT,
      minUsefulOutputTokens: VERIFY_MIN_OUTPUT,
      stream: false,
    });
    const parsed = parseVerdict(result.text);
    if (parsed.ok) return { ...parsed.verdict, valid: true };
    messages.push({ role: 'assistant', content: result.text }, { role: 'user', content: `${VERIFIER_RETRY}\n(${parsed.error})` });
  }
  return {
    verification: '',
    decision: 'CONTINUE',
    justification: 'the verifier did not return a valid verdict; treated as CONTINUE',
    trajectory_summary: '',
    valid: false,
  };
}

/** A compact rendering of the trajectory for the verifier (recent part kept when long). */
export function renderTrajectory(messages: readonly ChatMessage[], maxChars = 12_000): string {
  const parts: string[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const calls = m.toolCalls?.map((c) => `${c.name}(${c.argumentsJson})`).join('; ');
    const body = m.content.length > 1500 ? `${m.content.slice(0, 1500)}…` : m.content;
    parts.push(`[${m.role}]${calls ? ` calls: ${calls}` : ''}\n${body}`.trim());
  }
  const text = parts.join('\n\n');
  return text.length > maxChars ? `…${text.slice(text.length - maxChars)}` : text;
}
