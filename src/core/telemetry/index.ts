// OpenTelemetry export of agent runs (GenAI semantic conventions), for teams
// that want one view of their AI spend in the observability stack they run.
// Off unless a caller creates an exporter; see docs/teams.md for users.
//
// API
// ---
//   const env = otelOptionsFromEnv(process.env);      // OTEL_EXPORTER_OTLP_* etc.
//   const endpoint = flags.otlpEndpoint ?? env.endpoint;
//   if (endpoint) {
//     const otel = createOtelExporter({
//       ...env,
//       endpoint,                                       // http://127.0.0.1:4318
//       headers: { ...env.headers, ...secretHeaders },  // from SecretStorage; never logged
//       team: 'payments', user: 'alice',                // resource attributes
//       includeContent: false,                          // default: no prompt/answer/file text
//       onError: (msg) => log.warn(msg),                // export failures; never throws
//     });
//     const sub = otel.attach(runOptions.events);        // the run's EventStream
//     … run …
//     sub.dispose();
//     await otel.shutdown();   // at exit: exports what is pending (no flush() first);
//                              // flush() mid-session when the exporter serves more runs
//   }
//   log.info(describeOtelOptions(options));             // header values hidden
//
// What is exported (built from AgentEvents after the fact, times from `ts`
// and latencyMs / durationMs):
//   spans    invoke_agent (per run, parent) > chat {model} (per model_call),
//            execute_tool {name} (per tool_call); gen_ai.* attributes plus
//            budget_agent.cost.usd, budget_agent.budget.limit.* / .remaining.*,
//            budget_agent.tier, budget_agent.stopped_by, budget_agent.estimated.
//   metrics  gen_ai.client.token.usage (histogram, gen_ai.token.type input|output),
//            gen_ai.client.operation.duration (histogram, s),
//            budget_agent.cost.usd (counter, USD), budget_agent.tool.calls (counter).
// Team and user are resource attributes (budget_agent.team, user.name).
export { createOtelExporter } from './exporter';
export type { OtelExporter } from './exporter';
export { describeOtelOptions, otelOptionsFromEnv, parseKeyValueList } from './options';
export type { Env, OtelExporterOptions } from './options';
export * as otelNames from './attributes';
