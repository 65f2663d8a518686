// A loopback fake OpenAI-compatible server in its own process, so that its
// CPU time is not billed to the client being measured. Each request answers
// with a `noop` tool call until the conversation holds `steps - 1` tool
// results, then with a short text answer. Prints its base URL on stdout.
// Arguments: steps, delay between streamed chunks in ms.
import { startFakeOpenAI, streamReply } from '../test/helpers/fake-openai-server';

const steps = Number(process.argv[2] ?? 20);
/** Delay between streamed chunks (ms): 0 = worst case for client overhead. */
const delayMs = Number(process.argv[3] ?? 0);

void startFakeOpenAI((body) => {
  const toolResults = (body.messages ?? []).filter((m) => m.role === 'tool').length;
  if (body.tools && toolResults < steps - 1) {
    return streamReply({ toolCalls: [{ id: `call_${toolResults}`, name: 'noop', argumentFragments: ['{"n":', `${toolResults}}`] }], delayMs });
  }
  return streamReply({ text: ['The ', 'answer ', 'is ', '42.'], delayMs });
}).then((server) => {
  process.stdout.write(`${server.baseUrl}\n`);
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
});
