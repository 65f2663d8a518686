// Attribute, span and metric names the exporter emits.
//
// GenAI names follow the OpenTelemetry GenAI semantic conventions. They are
// spelled out here rather than imported from
// `@opentelemetry/semantic-conventions/incubating`: the incubating entry point
// may rename or drop them in a minor release (the GenAI constants there are
// already marked as moved to the semantic-conventions-genai repository), and a
// dashboard built on these names must not change under a dependency bump.

// --- GenAI semantic conventions -------------------------------------------
export const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Includes cached tokens (the conventions say SHOULD). */
export const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** Includes reasoning tokens (the conventions say SHOULD). */
export const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
export const GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
// Opt-in content attributes: only set when `includeContent` is on.
export const GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ERROR_TYPE = 'error.type';

export const OP_CHAT = 'chat';
export const OP_EXECUTE_TOOL = 'execute_tool';
export const OP_INVOKE_AGENT = 'invoke_agent';
export const TOKEN_TYPE_INPUT = 'input';
export const TOKEN_TYPE_OUTPUT = 'output';

export const METRIC_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_OPERATION_DURATION = 'gen_ai.client.operation.duration';

// Bucket boundaries the conventions recommend for the two GenAI histograms.
export const TOKEN_USAGE_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
export const DURATION_BUCKETS_S = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

// --- Our own namespace -------------------------------------------------------
// Budget data has no GenAI convention; a namespace of our own keeps it from
// colliding with any future `gen_ai.*` name.
export const BA_COST_USD = 'budget_agent.cost.usd';
export const BA_ESTIMATED = 'budget_agent.estimated';
export const BA_PURPOSE = 'budget_agent.purpose';
export const BA_STEP = 'budget_agent.step';
export const BA_STEPS = 'budget_agent.steps';
export const BA_STRATEGY = 'budget_agent.strategy';
export const BA_TIER = 'budget_agent.tier';
export const BA_FRACTION_REMAINING = 'budget_agent.budget.fraction_remaining';
export const BA_STOPPED_BY = 'budget_agent.stopped_by';
export const BA_TOOL_CALLS = 'budget_agent.tool_calls';
export const BA_TOOL_OK = 'budget_agent.tool.ok';
export const BA_TOOL_RESULT_BYTES = 'budget_agent.tool.result_bytes';
export const BA_TOOL_TRUNCATED = 'budget_agent.tool.truncated';
export const BA_INCOMPLETE = 'budget_agent.incomplete';
/** Prefixes of `budget_agent.budget.limit.<resource>` / `.remaining.<resource>`. */
export const BA_LIMIT_PREFIX = 'budget_agent.budget.limit.';
export const BA_REMAINING_PREFIX = 'budget_agent.budget.remaining.';

export const METRIC_COST = 'budget_agent.cost.usd';
export const METRIC_TOOL_CALLS = 'budget_agent.tool.calls';

// Resource attributes for the convenience options `team` / `user`.
export const RESOURCE_TEAM = 'budget_agent.team';
export const RESOURCE_USER = 'user.name';
