// The text of `budget-agent --help`: the whole contract in one place.
export const HELP = `budget-agent — run an LLM agent under hard budgets, from the command line

Usage:
  budget-agent run [options] "<task>"
  budget-agent ledger [--workspace DIR] [--ledger PATH] [--json]
  budget-agent eval [options]       cost–accuracy evaluation (budget-agent eval --help)
  budget-agent --help

run options:
  --workspace DIR           tools work inside DIR (default: current directory)
  --provider openai|onnx    model source (default: openai)
  --base-url URL            OpenAI-compatible endpoint (default: https://api.openai.com/v1)
  --model NAME              model id (default: gpt-4o-mini)
  --model-path DIR          local ONNX model folder (required with --provider onnx)
  --api-key-env VAR         environment variable holding the API key (default: OPENAI_API_KEY);
                            the key is never printed
  --strategy react|tracker|bats|plan-and-budget|auto
                            agent strategy (default: bats); auto classifies the task first
  --schedule constant|linear|polynomial|exponential|cosine
                            plan-and-budget weight schedule (default: cosine)
  --max-tool-calls N        hard cap on tool calls (default 30)
  --max-tokens N            hard cap on input + output tokens (default 100000)
  --max-usd X               hard cap on money (USD; default 0.5, applied to priced models)
  --max-thinking-tokens N   hard cap on reasoning tokens (also requests thinking up to N per call)
  --max-seconds N           wall-clock cap (default 300)
                            Every --max-… flag takes "none" to lift that cap.
  --prices FILE             price overrides, JSON: {"models": {"my-model": {"input": 0.5,
                            "cachedInput": 0.05, "output": 1.5}}, "tools": {"run_command": 0.001}}
                            (USD per million tokens; per call for tools)
  --events FILE|-           write every event as one JSON line (- = stdout)
  --json                    print the final summary as one JSON object on stdout
  --allow-commands          offer run_command to the model (argv only, no shell)
  --ledger PATH             spend ledger (JSONL; default: <workspace>/.budget-agent/ledger.jsonl)
  --threads N               onnx: intra-op threads (default 1)
  --daily-usd-cap X         workspace cap per calendar day, across runs (from the ledger)
  --monthly-usd-cap X       workspace cap per calendar month, across runs (from the ledger)
  --otlp-endpoint URL       export spans and metrics (OpenTelemetry GenAI conventions) over
                            OTLP/HTTP; OTEL_EXPORTER_OTLP_ENDPOINT / _HEADERS are honoured too.
                            No prompt or file text is sent unless
                            OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true
  --team-budget-url URL     team budget document (JSON); the team's remaining USD becomes a cap.
                            Authorization header from BUDGET_AGENT_TEAM_TOKEN when set

ledger options:
  --workspace DIR, --ledger PATH   which ledger to read (same defaults as run)
  --json                           print the totals as JSON

Final summary (--json):
  {"answer": string|null, "stoppedBy": "answer"|"budget:tool_calls"|"budget:tokens"|"budget:usd"|
   "budget:time"|"cancelled"|"error", "error"?: string,
   "spent": {"inputTokens","cachedInputTokens","outputTokens","reasoningTokens","toolCalls","usd","seconds"},
   "limits": {...}, "steps": N, "strategy": "..."}
  Without --json the answer goes to stdout and a one-line spend summary to stderr.

Exit codes:
  0  the run ended with an answer
  3  stopped by a budget cap (the best answer so far is still printed)
  2  bad arguments
  1  any other error, or cancelled (Ctrl-C); what was spent is still reported
`;
