// The task-suite format: one JSON object per line, validated with zod.
//
//   {"id":"inv-tax-function","fixture":"invoicer","task":"Which function …?",
//    "checker":{"type":"fn","name":"identifier","args":{"value":"computeInvoiceTax"}},
//    "reference":"computeInvoiceTax","evidence":["src/invoice/tax.ts"],"tags":["single-hop"]}
//
// `fixture` names a folder next to the suite file (test/fixtures/eval/<fixture>/):
// the read-only workspace the agent works in. `reference` is a correct answer
// (the checker must accept it), `rejects` are wrong answers it must refuse,
// `evidence` the files that hold the answer (relative to the fixture).
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { checkAnswer, checkerSchema } from './checkers';

export const TASK_TAGS = ['single-hop', 'multi-hop', 'count', 'config'] as const;
export type TaskTag = (typeof TASK_TAGS)[number];

export const taskSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case kebab case'),
    task: z.string().min(1),
    fixture: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a folder name under the suite directory').refine((f) => f !== '.' && f !== '..'),
    checker: checkerSchema,
    reference: z.string().min(1),
    rejects: z.array(z.string()).optional(),
    evidence: z.array(z.string().min(1)).optional(),
    tags: z.array(z.enum(TASK_TAGS)).optional(),
  })
  .strict();
export type EvalTask = z.infer<typeof taskSchema>;

export interface Suite {
  /** Absolute path of the suite file. */
  file: string;
  /** Folder the fixtures live in (the suite file's folder). */
  dir: string;
  tasks: EvalTask[];
}

export class SuiteError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid task suite:\n  ${problems.join('\n  ')}`);
    this.name = 'SuiteError';
  }
}

/** Parses JSONL text; throws SuiteError listing every bad line. */
export function parseSuite(text: string, file = '<suite>'): EvalTask[] {
  const tasks: EvalTask[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('//')) return;
    const where = `${path.basename(file)}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      problems.push(`${where}: not JSON (${(err as Error).message})`);
      return;
    }
    const parsed = taskSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(`${where}: ${parsed.error.issues.map((x) => `${x.path.join('.') || '(task)'}: ${x.message}`).join('; ')}`);
      return;
    }
    if (seen.has(parsed.data.id)) problems.push(`${where}: duplicate id ${parsed.data.id}`);
    seen.add(parsed.data.id);
    tasks.push(parsed.data);
  });
  if (problems.length > 0) throw new SuiteError(problems);
  return tasks;
}

export function loadSuite(file: string): Suite {
  const abs = path.resolve(file);
  const tasks = parseSuite(readFileSync(abs, 'utf8'), abs);
  return { file: abs, dir: path.dirname(abs), tasks };
}

export function fixtureDir(suite: Pick<Suite, 'dir'>, task: Pick<EvalTask, 'fixture'>): string {
  return path.join(suite.dir, task.fixture);
}

/**
 * Problems a suite has beyond its syntax: missing fixture folders or evidence
 * files, a checker that refuses the reference answer or accepts a `rejects`
 * answer. Empty when the suite is sound.
 */
export function validateSuite(suite: Suite): string[] {
  const problems: string[] = [];
  for (const task of suite.tasks) {
    const dir = fixtureDir(suite, task);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) problems.push(`${task.id}: fixture folder ${task.fixture} does not exist`);
    for (const e of task.evidence ?? []) {
      if (!existsSync(path.join(dir, e))) problems.push(`${task.id}: evidence file ${e} does not exist in ${task.fixture}`);
    }
    if (!checkAnswer(task.checker, task.reference)) problems.push(`${task.id}: the checker refuses the reference answer ${JSON.stringify(task.reference)}`);
    for (const wrong of task.rejects ?? []) {
      if (checkAnswer(task.checker, wrong)) problems.push(`${task.id}: the checker accepts the wrong answer ${JSON.stringify(wrong)}`);
    }
  }
  return problems;
}

/** Tasks picked by id and/or tag (a task passes when it has any of the tags). */
export function selectTasks(tasks: readonly EvalTask[], filter: { ids?: readonly string[]; tags?: readonly string[]; limit?: number }): EvalTask[] {
  let out = [...tasks];
  if (filter.ids && filter.ids.length > 0) {
    const unknown = filter.ids.filter((id) => !tasks.some((t) => t.id === id));
    if (unknown.length > 0) throw new Error(`unknown task id(s): ${unknown.join(', ')}`);
    out = out.filter((t) => filter.ids!.includes(t.id));
  }
  if (filter.tags && filter.tags.length > 0) out = out.filter((t) => (t.tags ?? []).some((tag) => filter.tags!.includes(tag)));
  if (filter.limit !== undefined) out = out.slice(0, filter.limit);
  return out;
}
