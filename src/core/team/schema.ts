// The team budget document a team publishes at a URL of its choosing (a
// static file in a bucket, a tiny endpoint over its billing export, …):
//
//   { "team": "payments", "period": "2026-11", "monthlyCapUsd": 500,
//     "spentUsd": 123.45, "updatedAt": "2026-11-14T09:30:00Z" }
//
// Validated strictly: a typo in a cap must surface as a clear message, not as
// an unlimited (or zero) budget.
import { z } from 'zod';

const usd = z.number().finite().nonnegative();

export const TeamBudgetDocSchema = z.object({
  team: z.string().trim().min(1, 'must be a non-empty string'),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like "2026-11"'),
  monthlyCapUsd: usd,
  spentUsd: usd,
  /** When `spentUsd` was computed; local spend after it is not yet counted. */
  updatedAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. "2026-11-14T09:30:00Z"' }),
});

export type TeamBudgetDoc = z.infer<typeof TeamBudgetDocSchema>;

export type ParsedTeamBudget = { ok: true; doc: TeamBudgetDoc } | { ok: false; message: string };

/** Validates an already-parsed JSON value; the message lists every problem with its field. */
export function parseTeamBudgetDoc(value: unknown): ParsedTeamBudget {
  const result = TeamBudgetDocSchema.safeParse(value);
  if (result.success) return { ok: true, doc: result.data };
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(document)'}: ${i.message}`);
  return { ok: false, message: `invalid team budget document: ${problems.join('; ')}` };
}

/** The budget period (UTC month) a moment falls in: "2026-11". */
export function periodOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
