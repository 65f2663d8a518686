// Append-only JSONL files that survive a crash mid-write: a last line without
// its newline was cut off and is dropped (even if it happens to parse), every
// complete line before it is kept, and unparsable lines are skipped and counted.
// Shared by the spend ledger and the extension's run index.
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface JsonlScan<T> {
  records: T[];
  /** Lines dropped: unparsable ones, and the torn tail. */
  skipped: number;
  /** A last line was cut off mid-write. */
  torn: boolean;
  /** Bytes up to and including the last complete line. */
  goodBytes: number;
}

export function scanJsonl<T>(text: string, parse: (line: string) => T | null | undefined): JsonlScan<T> {
  const records: T[] = [];
  let skipped = 0;
  const end = text.lastIndexOf('\n') + 1;
  const torn = end < text.length;
  if (torn) skipped++;
  let start = 0;
  while (start < end) {
    const nl = text.indexOf('\n', start);
    const raw = text.slice(start, nl);
    start = nl + 1;
    if (raw.trim() === '') continue;
    const parsed = parse(raw);
    if (parsed !== null && parsed !== undefined) records.push(parsed);
    else skipped++;
  }
  return { records, skipped, torn, goodBytes: Buffer.byteLength(text.slice(0, end), 'utf8') };
}

/**
 * Reads `file` (creating its folder; a missing file is empty) and cuts a torn
 * tail off the file itself, so the next append starts on a fresh line.
 */
export async function loadJsonl<T>(file: string, parse: (line: string) => T | null | undefined): Promise<JsonlScan<T>> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  let text = '';
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const scan = scanJsonl(text, parse);
  if (scan.torn) await fsp.truncate(file, scan.goodBytes);
  return scan;
}
