// fetch_url: off unless the host enables it (network access leaves the
// machine). http(s) only; the body read is bounded before it is truncated.
import { z } from 'zod';
import { errorResult, okResult } from './result';
import type { Tool } from './types';

const schema = z.object({
  url: z.string().min(1).describe('An http:// or https:// URL.'),
});

const MAX_READ_BYTES = 1024 * 1024;

export function fetchUrlTool(fetchImpl: typeof fetch = fetch): Tool<z.infer<typeof schema>> {
  return {
    name: 'fetch_url',
    description: 'Fetch a web page or file over HTTP(S) and return its text (truncated to the budget).',
    schema,
    mutates: false,
    async run(args, ctx) {
      let url: URL;
      try {
        url = new URL(args.url);
      } catch {
        return errorResult(`"${args.url}" is not a valid URL.`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return errorResult('Only http and https URLs can be fetched.');
      const response = await fetchImpl(url, { signal: ctx.signal, redirect: 'follow' });
      const reader = response.body?.getReader();
      const chunks: Uint8Array[] = [];
      let read = 0;
      while (reader && read < MAX_READ_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        read += value.length;
      }
      await reader?.cancel().catch(() => undefined);
      const body = Buffer.concat(chunks).toString('utf8');
      const head = `HTTP ${response.status} ${response.statusText} (${response.headers.get('content-type') ?? 'unknown type'})\n`;
      return okResult(head + body, ctx.maxOutputBytes);
    },
  };
}
